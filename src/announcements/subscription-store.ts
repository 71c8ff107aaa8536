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

export async function markDigestMade(tx: Tx, userId: string, now: Date): Promise<void> {
  await tx.subscription.update({ where: { userId }, data: { digestAt: now } });
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

export async function markNotices(tx: Tx, ids: number[], status: "sent" | "skipped", now: Date): Promise<void> {
  if (ids.length === 0) return;
  await tx.opportunityNotice.updateMany({ where: { id: { in: ids }, status: "waiting" }, data: { status, sentAt: now } });
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
