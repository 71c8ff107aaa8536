// The direct SQL session (src/db/sql.ts) against real SQLite and PostgreSQL: what it writes, Prisma
// reads the same way and the other way round (dates, booleans, ids); its transactions commit or
// roll back as a whole; a duplicate is recognised as such; and the outbox claim reads only unsent
// rows however long the table's history.
import { describe, expect, it } from "vitest";
import { Prisma } from "../../src/db/generated/sqlite/client.ts";
import { claimDueMessages, enqueueMessages, markSentMany } from "../../src/db/outbox.ts";
import { asSession, isUniqueViolation, toBool, toDate } from "../../src/db/sql.ts";
import { freshDatabaseEachTest } from "../support/database.ts";
import { providers } from "../support/env.ts";

describe.each(providers)("direct SQL (%s)", (provider) => {
  const fresh = freshDatabaseEachTest(provider);

  const addUser = async (id: string, at: Date) => {
    await fresh.db.sql.execute(Prisma.sql`INSERT INTO "ChatUser" ("id", "locale", "createdAt", "updatedAt") VALUES (${id}, 'vi', ${at}, ${at})`);
  };

  it("writes dates and booleans that Prisma reads back unchanged, and reads Prisma's the same way", async () => {
    const { db } = fresh;
    const at = new Date("2026-03-04T05:06:07.089Z");
    await addUser("u1", at);
    await db.sql.execute(Prisma.sql`
      INSERT INTO "ChannelIdentity" ("id", "userId", "channel", "externalId", "chatId", "displayName", "unreachable", "lastSeenAt", "createdAt")
      VALUES ('i1', 'u1', 'telegram', '42', '42', ${"Lan"}, ${true}, ${at}, ${at})`);
    const viaPrisma = await db.prisma.channelIdentity.findUniqueOrThrow({ where: { id: "i1" } });
    expect(viaPrisma.createdAt.toISOString()).toBe(at.toISOString());
    expect(viaPrisma.unreachable).toBe(true);

    const later = new Date("2026-05-06T07:08:09.010Z");
    await db.prisma.channelIdentity.update({ where: { id: "i1" }, data: { lastSeenAt: later, unreachable: false } });
    const [row] = await db.sql.query<{ lastSeenAt: unknown; unreachable: unknown }>(
      Prisma.sql`SELECT "lastSeenAt", "unreachable" FROM "ChannelIdentity" WHERE "id" = 'i1'`,
    );
    expect(toDate(row!.lastSeenAt).toISOString()).toBe(later.toISOString());
    expect(toBool(row!.unreachable)).toBe(false);
    // Compared in SQL too: the direct session's dates sort with Prisma's.
    const [between] = await db.sql.query<{ n: unknown }>(
      Prisma.sql`SELECT COUNT(*) AS "n" FROM "ChannelIdentity" WHERE "lastSeenAt" > ${at} AND "lastSeenAt" <= ${later}`,
    );
    expect(Number(between!.n)).toBe(1);
  });

  it("commits a transaction as a whole, and rolls it back as a whole", async () => {
    const { db } = fresh;
    await db.sql.transaction(async (tx) => {
      await tx.execute(Prisma.sql`INSERT INTO "ProcessedUpdate" ("channel", "updateId", "createdAt") VALUES ('t', 'a', ${new Date()})`);
      await tx.execute(Prisma.sql`INSERT INTO "ProcessedUpdate" ("channel", "updateId", "createdAt") VALUES ('t', 'b', ${new Date()})`);
    });
    const failed = await db.sql
      .transaction(async (tx) => {
        await tx.execute(Prisma.sql`INSERT INTO "ProcessedUpdate" ("channel", "updateId", "createdAt") VALUES ('t', 'c', ${new Date()})`);
        await tx.execute(Prisma.sql`INSERT INTO "ProcessedUpdate" ("channel", "updateId", "createdAt") VALUES ('t', 'a', ${new Date()})`);
      })
      .catch((err: unknown) => err);
    expect(isUniqueViolation(failed)).toBe(true);
    const rows = await db.prisma.processedUpdate.findMany({ where: { channel: "t" }, orderBy: { updateId: "asc" } });
    expect(rows.map((r) => r.updateId)).toEqual(["a", "b"]);
    // The connection is usable afterwards (no transaction left open).
    await db.sql.execute(Prisma.sql`INSERT INTO "ProcessedUpdate" ("channel", "updateId", "createdAt") VALUES ('t', 'd', ${new Date()})`);
    expect(await db.prisma.processedUpdate.count({ where: { channel: "t" } })).toBe(3);
  });

  it("recognises a duplicate from Prisma's raw and model calls as well", async () => {
    const { db } = fresh;
    const insert = Prisma.sql`INSERT INTO "ProcessedUpdate" ("channel", "updateId", "createdAt") VALUES ('t', 'x', ${new Date()})`;
    await db.sql.execute(insert);
    expect(isUniqueViolation(await db.sql.execute(insert).catch((e: unknown) => e))).toBe(true);
    expect(isUniqueViolation(await asSession(db.prisma).execute(insert).catch((e: unknown) => e))).toBe(true);
    expect(isUniqueViolation(await db.prisma.processedUpdate.create({ data: { channel: "t", updateId: "x" } }).catch((e: unknown) => e))).toBe(true);
    expect(isUniqueViolation(new Error("something else"))).toBe(false);
  });

  it("claims each chat's oldest unsent message in order, through the direct session or Prisma", async () => {
    const { db } = fresh;
    await enqueueMessages(db.sql, [
      { channel: "telegram", chatId: "1", payload: { text: "một" } },
      { channel: "telegram", chatId: "1", payload: { text: "hai" } },
      { channel: "zalo", chatId: "1", payload: { text: "ba", choices: [{ id: "menu", label: "Menu" }] } },
    ]);
    const first = await claimDueMessages(db.sql, { channels: ["telegram", "zalo"], limit: 10, provider });
    expect(first.map((m) => [m.channel, m.payload.text])).toEqual([
      ["telegram", "một"],
      ["zalo", "ba"],
    ]);
    expect(first[1]!.payload.choices).toEqual([{ id: "menu", label: "Menu" }]);
    expect(first[0]!.createdAt).toBeInstanceOf(Date);
    expect(Math.abs(first[0]!.createdAt.getTime() - Date.now())).toBeLessThan(60_000);
    await markSentMany(db.sql, [first[0]!.id]);
    const second = await claimDueMessages(db.prisma, { channels: ["telegram", "zalo"], limit: 10, provider });
    expect(second.map((m) => m.payload.text)).toEqual(["hai"]);
  });
});

describe("outbox claim on a long history (sqlite)", () => {
  const fresh = freshDatabaseEachTest("sqlite");

  it("finds the due messages through the status-led index, without reading the sent ones", async () => {
    const { db } = fresh;
    // Months of sent messages and a few waiting: the claim runs for every batch the worker sends.
    await db.sql.execute(Prisma.sql`
      WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)
      INSERT INTO "OutboxMessage" ("channel", "chatId", "payload", "status", "attempts", "nextAttemptAt", "createdAt")
      SELECT 'telegram', CAST(i % 2000 AS TEXT), '{"text":"cũ"}', 'sent', 1, ${new Date()}, ${new Date()} FROM n`);
    await enqueueMessages(db.sql, [
      { channel: "telegram", chatId: "7", payload: { text: "mới" } },
      { channel: "telegram", chatId: "8", payload: { text: "mới" } },
    ]);
    // SQLite reports a step that reads a whole table or index as SCAN, and an index range as SEARCH;
    const plan: string[] = [];
    const captured = { ...db.sql, query: async <T>(statement: Prisma.Sql) => {
      const rows = await db.sql.query<{ detail: string }>(Prisma.sql`EXPLAIN QUERY PLAN ${statement}`);
      plan.push(...rows.map((r) => r.detail));
      return db.sql.query<T>(statement);
    } };
    const claimed = await claimDueMessages(captured, { channels: ["telegram"], limit: 50, provider: "sqlite" });
    expect(claimed.map((m) => m.chatId)).toEqual(["7", "8"]);
    // the claim must only SEARCH by status (or by id, once the rows are found: the rows themselves,
    // and for a bulk one its person's chat and stop switch, by their primary keys).
    const reads = plan.filter((step) => /^(SCAN|SEARCH)\b/.test(step));
    expect(reads.length).toBeGreaterThan(0);
    expect(reads.filter((step) => !/\(status=|\(rowid=|\(id=\?\)$/.test(step))).toEqual([]);
    expect(plan.some((step) => step.includes("OutboxMessage_status_channel_chatId_id_idx"))).toBe(true);
  });
});
