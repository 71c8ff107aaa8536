// On SQLite the whole service shares one better-sqlite3 connection. A statement issued while another
// request's interactive transaction is open must not become part of that transaction: if it did, a
// rollback elsewhere (a redelivered update, a failed step) would silently undo it, and a crash before
// that other COMMIT would lose it. The outbox worker's "sent" mark is such a statement: losing it
// means the reply is sent again. And a transaction must wait for another process's write lock rather
// than fail: SQLite's busy timeout does not help a transaction that read before it wrote.
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openDatabase, type Db } from "../../src/db/client.ts";
import { migrateDatabase } from "../../src/db/migrate.ts";
import { claimDueMessages, enqueueMessages, markSent } from "../../src/db/outbox.ts";
import { createTestDatabase, providers, type TestDatabase } from "../support/env.ts";
import { busyWriter } from "./support/sqlite-writer.ts";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Opens a transaction that writes, waits `ms` (other work runs meanwhile), then fails. */
function failingTransaction(db: Db, ms: number): Promise<unknown> {
  return db.prisma
    .$transaction(async (tx) => {
      await tx.processedUpdate.create({ data: { channel: "test", updateId: "rolled-back" } });
      await sleep(ms);
      throw new Error("this step failed");
    })
    .catch((err: unknown) => err);
}

describe.each(providers)("statements outside a transaction (%s)", (provider) => {
  let testDb: TestDatabase;
  let db: Db;
  beforeEach(async () => {
    testDb = await createTestDatabase(provider);
    await migrateDatabase(testDb.target);
    db = await openDatabase(testDb.target);
  });
  afterEach(async () => {
    await db.close();
    await testDb.cleanup();
  });

  it("keep their writes when a concurrent transaction rolls back", async () => {
    const rolledBack = failingTransaction(db, 150);
    await sleep(30);
    await db.prisma.processedUpdate.create({ data: { channel: "test", updateId: "outside" } });
    await rolledBack;
    const rows = await db.prisma.processedUpdate.findMany({ where: { channel: "test" } });
    expect(rows.map((r) => r.updateId)).toEqual(["outside"]);
  });

  it("do not read another transaction's uncommitted rows", async () => {
    const rolledBack = failingTransaction(db, 150);
    await sleep(30);
    expect(await db.prisma.processedUpdate.count({ where: { updateId: "rolled-back" } })).toBe(0);
    await rolledBack;
  });

  it("an outbox message marked sent stays sent when another message's transaction rolls back", async () => {
    await enqueueMessages(db.prisma, [{ channel: "telegram", chatId: "1", payload: { text: "xin chào" } }]);
    const [claimed] = await claimDueMessages(db.prisma, { channels: ["telegram"], limit: 10 });
    const rolledBack = failingTransaction(db, 150);
    await sleep(30);
    await markSent(db.prisma, claimed!.id); // the platform has the message now
    await rolledBack;
    const row = await db.prisma.outboxMessage.findUniqueOrThrow({ where: { id: claimed!.id } });
    expect(row.status).toBe("sent");
  });
});

describe("transactions while another process writes (sqlite)", () => {
  let testDb: TestDatabase;
  let db: Db;
  beforeEach(async () => {
    testDb = await createTestDatabase("sqlite");
    await migrateDatabase(testDb.target);
    db = await openDatabase(testDb.target);
  });
  afterEach(async () => {
    await db.close();
    await testDb.cleanup();
  });

  it("a transaction that reads before it writes waits for the other writer instead of failing with SQLITE_BUSY", async () => {
    const dataDir = path.dirname(testDb.target.url.replace(/^file:/, ""));
    const writer = busyWriter(dataDir, 150, 10);
    await writer.started;
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        db.prisma
          .$transaction(async (tx) => {
            await tx.processedUpdate.count(); // the snapshot is taken here
            await sleep(25); // the other process commits meanwhile
            await tx.processedUpdate.create({ data: { channel: "test", updateId: `after-read-${i}` } });
          })
          .then(
            () => "ok",
            (err: unknown) => String((err as Error).message).split("\n").filter(Boolean).at(-1),
          ),
      ),
    );
    await writer.done;
    expect(outcomes).toEqual(outcomes.map(() => "ok"));
  });
});
