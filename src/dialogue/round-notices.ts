// The RoundNotice table's only writer: which person was told what about which question of a round
// ("agenda", "answered"). One row per (question, person, kind); the unique index turns a second
// notice of the same kind into nothing, so putting a question on the agenda again or approving its
// answer twice never sends twice. notify-round-question.ts writes it beside the outbox row.
import type { Prisma } from "../db/client.ts";

type Tx = Prisma.TransactionClient;

export const NOTICE_KINDS = ["agenda", "answered"] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

/** Of `userIds`, the people already told `kind` about this question. */
export async function alreadyNoticed(tx: Tx, proposalId: string, kind: NoticeKind, userIds: string[]): Promise<Set<string>> {
  const rows = await tx.roundNotice.findMany({ where: { proposalId, kind, userId: { in: userIds } }, select: { userId: true } });
  return new Set(rows.map((r) => r.userId));
}

/** Records the notices about to be sent, in the transaction that writes them to the outbox. */
export async function recordNotices(tx: Tx, proposalId: string, kind: NoticeKind, userIds: string[], now: Date): Promise<void> {
  if (userIds.length === 0) return;
  // Read first by the caller (alreadyNoticed), in the same transaction; on PostgreSQL a failed
  // insert would abort it, so no insert-and-catch here. Two coordinators acting on the same
  // question at once: the unique index refuses the second transaction, which then rolls back whole.
  await tx.roundNotice.createMany({ data: userIds.map((userId) => ({ proposalId, userId, kind, createdAt: now })) });
}

/** Linking channels: the absorbed person's notices become the surviving person's, once per (question, kind). */
export async function moveNotices(tx: Tx, fromUserId: string, toUserId: string): Promise<void> {
  const kept = await tx.roundNotice.findMany({ where: { userId: toUserId }, select: { proposalId: true, kind: true } });
  for (const k of kept) await tx.roundNotice.deleteMany({ where: { userId: fromUserId, proposalId: k.proposalId, kind: k.kind } });
  await tx.roundNotice.updateMany({ where: { userId: fromUserId }, data: { userId: toUserId } });
}
