// Use case: a young person votes for a question of a round, from the chat. Only while the round
// is voting, only for a question people can see (approved, not merged, not closed or rejected),
// one vote per question per person, at most MAX_VOTES_PER_ROUND per person per round. Runs in the
// message's transaction, so the vote and the reply that tells of it commit together. Votes are
// not staff actions and are not written to the audit log; the RoundVote row is the record.
import type { Prisma } from "../db/client.ts";
import { VOTABLE } from "./list-top-questions.ts";
import { MAX_VOTES_PER_ROUND, isVoting } from "./round-status.ts";
import { insertVote, votedQuestionIds } from "./round-votes.ts";

export type VoteResult =
  | { outcome: "voted"; left: number }
  | { outcome: "already"; left: number }
  | { outcome: "limit" }
  | { outcome: "closed" }
  | { outcome: "unavailable"; left: number };

export async function castVote(tx: Prisma.TransactionClient, vote: { proposalId: string; userId: string; now: Date }): Promise<VoteResult & { roundId: string | null }> {
  const item = await tx.proposal.findUnique({ where: { id: vote.proposalId }, select: { id: true, roundId: true } });
  const round = item?.roundId ? await tx.dialogueRound.findUnique({ where: { id: item.roundId } }) : null;
  if (!item || !round || !isVoting(round, vote.now)) return { outcome: "closed", roundId: round?.id ?? null };
  const roundId = round.id;
  const mine = await votedQuestionIds(tx, roundId, vote.userId);
  const left = MAX_VOTES_PER_ROUND - mine.length;
  if (mine.includes(item.id)) return { outcome: "already", left, roundId };
  const votable = await tx.proposal.findFirst({ where: { id: item.id, roundId, ...VOTABLE }, select: { id: true } });
  if (!votable) return { outcome: "unavailable", left, roundId };
  if (left <= 0) return { outcome: "limit", roundId };
  const added = await insertVote(tx, { roundId, proposalId: item.id, userId: vote.userId, now: vote.now });
  return added ? { outcome: "voted", left: left - 1, roundId } : { outcome: "already", left, roundId };
}
