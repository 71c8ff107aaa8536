// The RoundVote table's only writer, and the counts read beside it. One row per (question, person):
// the unique index makes a second vote for the same question fail even when two arrive at once;
// cast-vote.ts checks the window and the per-round limit in the same transaction.
import type { Prisma } from "../db/client.ts";
import { isUniqueViolation } from "../db/sql.ts";

type Tx = Prisma.TransactionClient;

/** Adds the vote; false when this person already voted for this question. */
export async function insertVote(tx: Tx, vote: { roundId: string; proposalId: string; userId: string; now: Date }): Promise<boolean> {
  // Looked up first: on PostgreSQL a failed insert would abort the whole transaction; the unique
  // index still decides between two votes racing for the same question.
  const existing = await tx.roundVote.findUnique({ where: { proposalId_userId: { proposalId: vote.proposalId, userId: vote.userId } }, select: { id: true } });
  if (existing) return false;
  try {
    await tx.roundVote.create({ data: { roundId: vote.roundId, proposalId: vote.proposalId, userId: vote.userId, createdAt: vote.now } });
    return true;
  } catch (err) {
    if (isUniqueViolation(err)) return false;
    throw err;
  }
}

/** The questions of a round this person voted for. */
export async function votedQuestionIds(tx: Tx, roundId: string, userId: string): Promise<string[]> {
  const rows = await tx.roundVote.findMany({ where: { roundId, userId }, select: { proposalId: true } });
  return rows.map((r) => r.proposalId);
}

/** Votes per question of a round. */
export async function voteCounts(tx: Tx, roundId: string): Promise<Map<string, number>> {
  const rows = await tx.roundVote.groupBy({ by: ["proposalId"], where: { roundId }, _count: { _all: true } });
  return new Map(rows.map((r) => [r.proposalId, r._count._all]));
}

/**
 * Linking channels: the absorbed person's votes become the surviving person's. A question both had
 * voted for keeps one vote (the surviving person's), so a person counts once per question whichever
 * channel. Votes on different questions all stay, even past MAX_VOTES_PER_ROUND: each was cast
 * within the limit, by the person as they were known then.
 * Returns how many duplicate votes were dropped.
 */
export async function moveVotes(tx: Tx, fromUserId: string, toUserId: string): Promise<number> {
  const kept = new Set((await tx.roundVote.findMany({ where: { userId: toUserId }, select: { proposalId: true } })).map((v) => v.proposalId));
  const { count: dropped } = await tx.roundVote.deleteMany({ where: { userId: fromUserId, proposalId: { in: [...kept] } } });
  await tx.roundVote.updateMany({ where: { userId: fromUserId }, data: { userId: toUserId } });
  return dropped;
}
