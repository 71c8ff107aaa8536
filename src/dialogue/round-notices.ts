// The RoundNotice table's only writer: which person was told what about which question of a round
// ("agenda", "answered"). One row per (question, person, kind); the unique index turns a second
// notice of the same kind into nothing, so putting a question on the agenda again or approving its
// answer twice never sends twice. notify-round-question.ts writes it beside the outbox row, or, in
// quiet hours, as "waiting" until 07:00; send-due-round-notices.ts then takes it as sent (only while
// still waiting, so two instances never both send it), or removes it when the person can no longer
// be told (so, as for anyone left out, a later change may reach them).
import type { Prisma } from "../db/client.ts";

type Tx = Prisma.TransactionClient;

export const NOTICE_KINDS = ["agenda", "answered"] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

/** Of `userIds`, the people already told `kind` about this question. */
export async function alreadyNoticed(tx: Tx, proposalId: string, kind: NoticeKind, userIds: string[]): Promise<Set<string>> {
  const rows = await tx.roundNotice.findMany({ where: { proposalId, kind, userId: { in: userIds } }, select: { userId: true } });
  return new Set(rows.map((r) => r.userId));
}

/**
 * Records the notices about to be sent, in the transaction that writes them to the outbox; with
 * `waitingUntil`, notices that wait for the end of quiet hours and are not in the outbox yet.
 */
export async function recordNotices(tx: Tx, proposalId: string, kind: NoticeKind, userIds: string[], now: Date, opts: { waitingUntil?: Date } = {}): Promise<void> {
  if (userIds.length === 0) return;
  // Read first by the caller (alreadyNoticed), in the same transaction; on PostgreSQL a failed
  // insert would abort it, so no insert-and-catch here. Two coordinators acting on the same
  // question at once: the unique index refuses the second transaction, which then rolls back whole.
  const state = opts.waitingUntil ? { status: "waiting", dueAt: opts.waitingUntil, sentAt: null } : { status: "sent", dueAt: now, sentAt: now };
  await tx.roundNotice.createMany({ data: userIds.map((userId) => ({ proposalId, userId, kind, ...state, createdAt: now })) });
}

/** Waiting notices whose time has come, oldest first, at most `limit`. */
export async function dueNotices(tx: Tx, now: Date, limit: number) {
  return tx.roundNotice.findMany({ where: { status: "waiting", dueAt: { lte: now } }, orderBy: [{ dueAt: "asc" }, { id: "asc" }], take: limit });
}

/**
 * Takes the waiting notices `ids` as sent, before they are written to the outbox, and returns the
 * ids this caller took: only those still waiting. When two instances' jobs read the same notices,
 * on PostgreSQL the second UPDATE waits for the first transaction and then finds them sent.
 */
export async function claimNoticesSent(tx: Tx, ids: string[], now: Date): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await tx.roundNotice.updateManyAndReturn({ where: { id: { in: ids }, status: "waiting" }, data: { status: "sent", sentAt: now }, select: { id: true } });
  return new Set(rows.map((r) => r.id));
}

/** The waiting notices `ids` will not be sent (stopped, unreachable, no longer true): not recorded as told. */
export async function dropNotices(tx: Tx, ids: string[]): Promise<void> {
  if (ids.length > 0) await tx.roundNotice.deleteMany({ where: { id: { in: ids }, status: "waiting" } });
}

/** Linking channels: the absorbed person's notices become the surviving person's, once per (question, kind). */
export async function moveNotices(tx: Tx, fromUserId: string, toUserId: string): Promise<void> {
  const kept = await tx.roundNotice.findMany({ where: { userId: toUserId }, select: { proposalId: true, kind: true } });
  for (const k of kept) await tx.roundNotice.deleteMany({ where: { userId: fromUserId, proposalId: k.proposalId, kind: k.kind } });
  await tx.roundNotice.updateMany({ where: { userId: fromUserId }, data: { userId: toUserId } });
}
