// The Subscription and OpportunityNotice tables' only writer: a person's subscription (save,
// digest made) and the record of each opportunity told to a subscriber (waiting for the end of quiet
// hours, sent, skipped). The use cases (subscribe.ts, notify-subscribers.ts, weekly-digest.ts) call
// these inside their transaction, with the outbox rows beside them.
import type { Prisma } from "../db/client.ts";
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
 * Takes waiting notices as sent (or skipped) and returns the ids this caller took: only those still
 * waiting, so when two instances' jobs read the same notices only one sends each (on PostgreSQL the
 * second UPDATE waits for the first transaction and then finds them no longer waiting).
 */
export async function claimNotices(tx: Tx, ids: number[], status: "sent" | "skipped", now: Date): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const rows = await tx.opportunityNotice.updateManyAndReturn({ where: { id: { in: ids }, status: "waiting" }, data: { status, sentAt: now }, select: { id: true } });
  return new Set(rows.map((r) => r.id));
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
