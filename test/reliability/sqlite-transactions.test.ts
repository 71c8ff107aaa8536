// On SQLite the whole service shares one better-sqlite3 connection. A statement issued while another
// request's interactive transaction is open must not become part of that transaction: if it did, a
// rollback elsewhere (a redelivered update, a failed step) would silently undo it, and a crash before
// that other COMMIT would lose it. The outbox worker's "sent" mark is such a statement: losing it
// means the reply is sent again. And a transaction must wait for another process's write lock rather
// than fail: SQLite's busy timeout does not help a transaction that read before it wrote.
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Db } from "../../src/db/client.ts";
import { Prisma } from "../../src/db/generated/sqlite/client.ts";
import { claimDueMessages, enqueueMessages, markSent } from "../../src/db/outbox.ts";
import { freshDatabaseEachTest } from "../support/database.ts";
import { providers } from "../support/env.ts";
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
  const fresh = freshDatabaseEachTest(provider);

  it("keep their writes when a concurrent transaction rolls back", async () => {
    const { db } = fresh;
    const rolledBack = failingTransaction(db, 150);
    await sleep(30);
    await db.prisma.processedUpdate.create({ data: { channel: "test", updateId: "outside" } });
    await rolledBack;
    const rows = await db.prisma.processedUpdate.findMany({ where: { channel: "test" } });
    expect(rows.map((r) => r.updateId)).toEqual(["outside"]);
  });

  it("do not read another transaction's uncommitted rows", async () => {
    const { db } = fresh;
    const rolledBack = failingTransaction(db, 150);
    await sleep(30);
    expect(await db.prisma.processedUpdate.count({ where: { updateId: "rolled-back" } })).toBe(0);
    await rolledBack;
  });

  it("an outbox message marked sent stays sent when another message's transaction rolls back", async () => {
    const { db } = fresh;
    // As the outbox worker does it: through the direct SQL session (src/db/sql.ts).
    await enqueueMessages(db.sql, [{ channel: "telegram", chatId: "1", payload: { text: "xin chào" } }]);
    const [claimed] = await claimDueMessages(db.sql, { channels: ["telegram"], limit: 10, provider });
    const rolledBack = failingTransaction(db, 150);
    await sleep(30);
    await markSent(db.sql, claimed!.id); // the platform has the message now
    await rolledBack;
    const row = await db.prisma.outboxMessage.findUniqueOrThrow({ where: { id: claimed!.id } });
    expect(row.status).toBe("sent");
  });

  it("a direct statement neither joins a Prisma transaction nor sees its rows, and the reverse", async () => {
    const { db } = fresh;
    const rolledBack = failingTransaction(db, 150);
    await sleep(30);
    const seen = await db.sql.query(Prisma.sql`SELECT "updateId" FROM "ProcessedUpdate" WHERE "channel" = 'test'`);
    await db.sql.execute(Prisma.sql`INSERT INTO "ProcessedUpdate" ("channel", "updateId", "createdAt") VALUES ('test', 'direct', ${new Date()})`);
    await rolledBack;
    expect(seen).toEqual([]);

    // A direct transaction that fails while Prisma writes outside it.
    const directRolledBack = db.sql
      .transaction(async (tx) => {
        await tx.execute(Prisma.sql`INSERT INTO "ProcessedUpdate" ("channel", "updateId", "createdAt") VALUES ('test', 'direct-rolled-back', ${new Date()})`);
        await sleep(150);
        throw new Error("this step failed");
      })
      .catch((err: unknown) => err);
    await sleep(30);
    await db.prisma.processedUpdate.create({ data: { channel: "test", updateId: "prisma-outside" } });
    await directRolledBack;
    const rows = await db.prisma.processedUpdate.findMany({ where: { channel: "test" }, orderBy: { updateId: "asc" } });
    expect(rows.map((r) => r.updateId)).toEqual(["direct", "prisma-outside"]);
  });
});

describe("transactions while another process writes (sqlite)", () => {
  const fresh = freshDatabaseEachTest("sqlite");

  /** One transaction that reads (taking its snapshot), lets the other process commit, then writes. */
  const readThenWrite: Record<string, (db: Db, updateId: string) => Promise<unknown>> = {
    Prisma: (db, updateId) =>
      db.prisma.$transaction(async (tx) => {
        await tx.processedUpdate.count(); // the snapshot is taken here
        await sleep(25); // the other process commits meanwhile
        await tx.processedUpdate.create({ data: { channel: "test", updateId } });
      }),
    "direct SQL (the per-message path)": (db, updateId) =>
      db.sql.transaction(async (tx) => {
        await tx.query(Prisma.sql`SELECT COUNT(*) AS "n" FROM "ProcessedUpdate"`);
        await sleep(25);
        await tx.execute(Prisma.sql`INSERT INTO "ProcessedUpdate" ("channel", "updateId", "createdAt") VALUES ('test', ${updateId}, ${new Date()})`);
      }),
  };

  it.each(Object.entries(readThenWrite))(
    "a %s transaction that reads before it writes waits for the other writer instead of failing with SQLITE_BUSY",
    async (_, transaction) => {
      const { db } = fresh;
      const writer = busyWriter(path.dirname(fresh.target.url.replace(/^file:/, "")), 150, 10);
      await writer.started;
      const outcomes = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          transaction(db, `after-read-${i}`).then(
            () => "ok",
            (err: unknown) => String((err as Error).message).split("\n").filter(Boolean).at(-1),
          ),
        ),
      );
      await writer.done;
      expect(outcomes).toEqual(outcomes.map(() => "ok"));
      expect(await db.prisma.processedUpdate.count({ where: { updateId: { startsWith: "after-read-" } } })).toBe(20);
    },
  );
});
