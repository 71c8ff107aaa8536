// A message claimed by a worker that died mid-send goes out again once its lease runs out, and not
// before; the lease is configurable (OUTBOX_CLAIM_LEASE_MS) so recovery after a crash can be quick.
import { describe, expect, it } from "vitest";
import { claimDueMessages, enqueueMessages } from "../../src/db/outbox.ts";
import { freshDatabaseEachTest } from "../support/database.ts";

describe("outbox claim lease", () => {
  const fresh = freshDatabaseEachTest("sqlite");

  it("hands a stuck message to another worker only after the lease", async () => {
    const { db } = fresh;
    await enqueueMessages(db.prisma, [{ channel: "telegram", chatId: "42", payload: { text: "xin chào" } }]);
    const first = await claimDueMessages(db.prisma, { channels: ["telegram"], limit: 10, leaseMs: 1000 });
    expect(first).toHaveLength(1);
    // The worker "dies" here: the row stays "sending".
    expect(await claimDueMessages(db.prisma, { channels: ["telegram"], limit: 10, leaseMs: 1000 })).toHaveLength(0);
    const later = new Date(Date.now() + 1500);
    const again = await claimDueMessages(db.prisma, { channels: ["telegram"], limit: 10, leaseMs: 1000, now: later });
    expect(again.map((m) => m.id)).toEqual([first[0]!.id]);
    expect(again[0]!.attempts).toBe(2);
  });
});
