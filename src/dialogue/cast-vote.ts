// Use case: a young person votes for a question of a round, from the chat. Only while the round
// is voting, only for a question people can see (approved, not merged, not closed or rejected),
// one vote per question per person, at most MAX_VOTES_PER_ROUND per person per round. A web chat
// vote also needs a session that began at least WEB_VOTE_SESSION_AGE_MS ago, and at most
// WEB_VOTES_PER_ADDRESS web votes per round come from one address: a web session is free to make,
// so without these a script could vote hundreds of times a minute, and the counts order the agenda.
// The person's votes (and the address's) are serialised first, so the limits hold when votes race
// on PostgreSQL. Runs in the message's transaction, so the vote and the reply that tells of it
// commit together. Votes are not staff actions and are not written to the audit log; the RoundVote
// row is the record. (That the choice was one the person was shown is the conversation's check.)
import type { Db, Prisma } from "../db/client.ts";
import { VOTABLE } from "./list-top-questions.ts";
import { MAX_VOTES_PER_ROUND, WEB_VOTE_SESSION_AGE_MS, WEB_VOTES_PER_ADDRESS, isVoting } from "./round-status.ts";
import { insertVote, serialiseVotes, voteOrigin, votedQuestionIds, votesFromOrigin } from "./round-votes.ts";

export type VoteResult =
  | { outcome: "voted"; left: number }
  | { outcome: "already"; left: number }
  | { outcome: "limit" }
  | { outcome: "closed" }
  | { outcome: "unavailable"; left: number }
  /** A web session younger than WEB_VOTE_SESSION_AGE_MS. */
  | { outcome: "tooSoon"; minutes: number }
  /** WEB_VOTES_PER_ADDRESS web votes of this round already came from this address. */
  | { outcome: "addressLimit"; max: number };

/** Where a vote comes from. */
export interface VoteSource {
  channel: string;
  /** Web chat: the sender's address group (http/client-address.ts); absent for a request from this machine. */
  address?: string | undefined;
  /** Web chat: when this session first wrote (its ChannelIdentity's createdAt). */
  since?: Date | undefined;
}

export async function castVote(
  tx: Prisma.TransactionClient,
  vote: { proposalId: string; userId: string; now: Date; source: VoteSource; provider: Db["provider"] },
): Promise<VoteResult & { roundId: string | null }> {
  const item = await tx.proposal.findUnique({ where: { id: vote.proposalId }, select: { id: true, roundId: true } });
  const round = item?.roundId ? await tx.dialogueRound.findUnique({ where: { id: item.roundId } }) : null;
  if (!item || !round || !isVoting(round, vote.now)) return { outcome: "closed", roundId: round?.id ?? null };
  const roundId = round.id;
  const web = vote.source.channel === "web";
  if (web && (!vote.source.since || vote.now.getTime() - vote.source.since.getTime() < WEB_VOTE_SESSION_AGE_MS)) {
    return { outcome: "tooSoon", minutes: WEB_VOTE_SESSION_AGE_MS / 60_000, roundId };
  }
  const origin = web && vote.source.address ? voteOrigin(roundId, vote.source.address) : null;
  await serialiseVotes(tx, vote.provider, [`${roundId}:${vote.userId}`, ...(origin ? [`${roundId}:${origin}`] : [])]);
  const mine = await votedQuestionIds(tx, roundId, vote.userId);
  const left = MAX_VOTES_PER_ROUND - mine.length;
  if (mine.includes(item.id)) return { outcome: "already", left, roundId };
  const votable = await tx.proposal.findFirst({ where: { id: item.id, roundId, ...VOTABLE }, select: { id: true } });
  if (!votable) return { outcome: "unavailable", left, roundId };
  if (left <= 0) return { outcome: "limit", roundId };
  if (origin && (await votesFromOrigin(tx, roundId, origin)) >= WEB_VOTES_PER_ADDRESS) return { outcome: "addressLimit", max: WEB_VOTES_PER_ADDRESS, roundId };
  const added = await insertVote(tx, { roundId, proposalId: item.id, userId: vote.userId, now: vote.now, channel: vote.source.channel, origin });
  return added ? { outcome: "voted", left: left - 1, roundId } : { outcome: "already", left, roundId };
}
