// STOP marks the broadcast recipients whose outbox messages it took out as skipped, inside the
// chat message's transaction, which on SQLite holds the one writer: it must find them by their
// outbox message through an index, not read every recipient of every broadcast ever sent.
import { describe, expect, it } from "vitest";
import { Prisma } from "../../src/db/generated/sqlite/client.ts";
import { freshDatabaseEachTest } from "../support/database.ts";

describe("the recipients of cancelled outbox messages (sqlite)", () => {
  const fresh = freshDatabaseEachTest("sqlite");

  it("are found through an index on their outbox message", async () => {
    // The statement broadcast-store.ts skipRecipientsOfCancelled has Prisma run, read by SQLite's planner.
    const rows = await fresh.db.sql.query<{ detail: string }>(
      Prisma.sql`EXPLAIN QUERY PLAN UPDATE "BroadcastRecipient" SET "status" = 'skipped', "outboxId" = NULL WHERE "outboxId" IN (${Prisma.join([11, 12, 13])}) AND "status" = 'queued'`,
    );
    const plan = rows.map((r) => r.detail);
    // SCAN: every row read; SEARCH … (outboxId=?): only the rows of these messages.
    expect(plan.filter((step) => /^SCAN\b/.test(step))).toEqual([]);
    expect(plan.some((step) => /^SEARCH .*\(outboxId=\?\)/.test(step))).toBe(true);
  });
});
