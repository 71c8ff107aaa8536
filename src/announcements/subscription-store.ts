// The Subscription and OpportunityNotice tables' only writer: a person's subscription (save,
// digest made) and the record of each opportunity told to a subscriber (waiting for the end of quiet
// hours, sent, skipped). The use cases (subscribe.ts, notify-subscribers.ts, weekly-digest.ts) call
// these inside their transaction, with the outbox rows beside them.
import type { Db, Prisma } from "../db/client.ts";
import { Prisma as PrismaValues } from "../db/generated/sqlite/client.ts";
import { asSession } from "../db/sql.ts";
import type { Cadence } from "./subscription-terms.ts";

type Tx = Prisma.TransactionClient;

export async function saveSubscription(
  tx: Tx,
  s: { userId: string; kinds: readonly string[]; area: string; areaKey: string; cadence: Cadence; now: Date },
): Promise<void> {
  const data = { kinds: s.kinds.join(","), area: s.area, areaKey: s.areaKey, cadence: s.cadence, updatedAt: s.now };
  await tx.subscription.upsert({ where: { userId: s.userId }, create: { userId: s.userId, ...data, createdAt: s.now }, update: data });
}

/**
 * Marks this week's digest made for the person, unless it already was (since `weekStart`, by this
 * or another instance); true when this caller made the mark and so makes the digest. One
 * conditional UPDATE: on PostgreSQL a second instance's waits for the first and then finds the mark.
 */
export async function markDigestMade(tx: Tx, userId: string, weekStart: Date, now: Date): Promise<boolean> {
  const { count } = await tx.subscription.updateMany({
    where: { userId, cadence: "weekly", OR: [{ digestAt: null }, { digestAt: { lt: weekStart } }] },
    data: { digestAt: now },
  });
  return count === 1;
}

export type NoticeStatus = "waiting" | "sent" | "skipped";

/** Records opportunities told (or to be told) to people; a pair already recorded is left as it is. */
export async function recordOpportunityNotices(
  tx: Tx,
  rows: { userId: string; opportunityId: string; via: "immediate" | "digest"; status: NoticeStatus; dueAt: Date; now: Date }[],
): Promise<void> {
  for (const r of rows) {
    // One per person and opportunity (@@unique): created once, never updated here.
    await tx.opportunityNotice.upsert({
      where: { userId_opportunityId: { userId: r.userId, opportunityId: r.opportunityId } },
      create: { userId: r.userId, opportunityId: r.opportunityId, via: r.via, status: r.status, dueAt: r.dueAt, sentAt: r.status === "sent" ? r.now : null, createdAt: r.now },
      update: {},
    });
  }
}

/**
 * Takes waiting notices, `sent` as sent and `skipped` as skipped, and returns the ids this caller
 * took of each: only those still waiting, so when two instances' jobs read the same notices only one
 * sends each (on PostgreSQL the second waits for the first transaction and then finds them no longer
 * waiting). One statement, which on PostgreSQL locks the rows in id order first: two instances that
 * judged the same notices differently (one read before a STOP, the other after it) and claimed them
 * in two statements could each hold a row the other waited for, a deadlock.
 */
export async function claimNotices(
  tx: Tx,
  provider: Db["provider"],
  claim: { sent: number[]; skipped: number[] },
  now: Date,
): Promise<{ sent: Set<number>; skipped: Set<number> }> {
  const all = [...claim.sent, ...claim.skipped];
  if (all.length === 0) return { sent: new Set(), skipped: new Set() };
  const ids = PrismaValues.join(all);
  const status = claim.sent.length === 0 ? PrismaValues.sql`'skipped'` : PrismaValues.sql`CASE WHEN n."id" IN (${PrismaValues.join(claim.sent)}) THEN 'sent' ELSE 'skipped' END`;
  const rows = await asSession(tx).query<{ id: number | bigint; status: string }>(
    provider === "postgresql"
      ? PrismaValues.sql`
          WITH taken AS (SELECT "id" FROM "OpportunityNotice" WHERE "id" IN (${ids}) AND "status" = 'waiting' ORDER BY "id" FOR UPDATE)
          UPDATE "OpportunityNotice" n SET "status" = ${status}, "sentAt" = ${now}
          FROM taken WHERE n."id" = taken."id"
          RETURNING n."id", n."status"`
      : PrismaValues.sql`
          UPDATE "OpportunityNotice" AS n SET "status" = ${status}, "sentAt" = ${now}
          WHERE n."id" IN (${ids}) AND n."status" = 'waiting'
          RETURNING "id", "status"`,
  );
  const taken = (s: string) => new Set(rows.filter((r) => r.status === s).map((r) => Number(r.id)));
  return { sent: taken("sent"), skipped: taken("skipped") };
}

/**
 * Two chats became one person (/lienket): the absorbed person's subscription and notice records
 * become the surviving person's. Where both have one, the surviving person's stands (their latest
 * choice; an opportunity told to either counts as told).
 */
export async function moveSubscriptionRows(tx: Tx, fromUserId: string, intoUserId: string): Promise<void> {
  const kept = await tx.subscription.findUnique({ where: { userId: intoUserId }, select: { userId: true } });
  if (kept) await tx.subscription.deleteMany({ where: { userId: fromUserId } });
  else await tx.subscription.updateMany({ where: { userId: fromUserId }, data: { userId: intoUserId } });
  const told = await tx.opportunityNotice.findMany({ where: { userId: intoUserId }, select: { opportunityId: true } });
  await tx.opportunityNotice.deleteMany({ where: { userId: fromUserId, opportunityId: { in: told.map((t) => t.opportunityId) } } });
  await tx.opportunityNotice.updateMany({ where: { userId: fromUserId }, data: { userId: intoUserId } });
}
