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
// Every read here is direct SQL (db/sql.ts): at a few hundred votes a second, Prisma's cost per
// query was most of a vote's.
import type { Db } from "../db/client.ts";
import { asSession, sql, toBool, toDate, toDateOrNull } from "../db/sql.ts";
import { VOTABLE_SQL } from "./list-top-questions.ts";
import { MAX_VOTES_PER_ROUND, WEB_VOTE_SESSION_AGE_MS, WEB_VOTES_PER_ADDRESS, isVoting } from "./round-status.ts";
import { insertVote, serialiseVotes, voteOrigin, votedQuestionIds, votesFromOrigin, type VoteSession } from "./round-votes.ts";

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

/** The round a vote was cast in, as the voting list after the reply names it. */
export interface VoteRound {
  id: string;
  title: string;
  voteUntil: Date;
}

interface RoundRow {
  /** Whether the question may be voted for (VOTABLE), read with its round. */
  votable: unknown;
  id: string;
  title: string;
  collectFrom: unknown;
  collectUntil: unknown;
  voteFrom: unknown;
  voteUntil: unknown;
  meetingAt: unknown;
  answersDue: unknown;
  concludedAt: unknown;
}

export async function castVote(
  tx: VoteSession,
  vote: { proposalId: string; userId: string; now: Date; source: VoteSource; provider: Db["provider"] },
): Promise<VoteResult & { roundId: string | null; round: VoteRound | null }> {
  const session = asSession(tx);
  // The question, whether it may be voted for, and its round in one statement; no row when the
  // question or its round is missing.
  const [row] = await session.query<RoundRow>(sql`
    SELECT CASE WHEN ${VOTABLE_SQL} THEN 1 ELSE 0 END AS "votable", r."id", r."title", r."collectFrom", r."collectUntil", r."voteFrom", r."voteUntil", r."meetingAt", r."answersDue", r."concludedAt"
    FROM "Proposal" JOIN "DialogueRound" r ON r."id" = "Proposal"."roundId"
    WHERE "Proposal"."id" = ${vote.proposalId}`);
  const round = row
    ? {
        id: row.id,
        title: row.title,
        collectFrom: toDate(row.collectFrom),
        collectUntil: toDate(row.collectUntil),
        voteFrom: toDate(row.voteFrom),
        voteUntil: toDate(row.voteUntil),
        meetingAt: toDate(row.meetingAt),
        answersDue: toDate(row.answersDue),
        concludedAt: toDateOrNull(row.concludedAt),
      }
    : null;
  if (!round || !isVoting(round, vote.now)) return { outcome: "closed", roundId: round?.id ?? null, round };
  const roundId = round.id;
  const result = await checkedVote(session, vote, vote.proposalId, roundId, toBool(row?.votable));
  return { ...result, roundId, round: { id: round.id, title: round.title, voteUntil: round.voteUntil } };
}

/** The checks after the window, in their order, then the vote. */
async function checkedVote(
  tx: ReturnType<typeof asSession>,
  vote: { userId: string; now: Date; source: VoteSource; provider: Db["provider"] },
  proposalId: string,
  roundId: string,
  votable: boolean,
): Promise<VoteResult> {
  const web = vote.source.channel === "web";
  if (web && (!vote.source.since || vote.now.getTime() - vote.source.since.getTime() < WEB_VOTE_SESSION_AGE_MS)) {
    return { outcome: "tooSoon", minutes: WEB_VOTE_SESSION_AGE_MS / 60_000 };
  }
  const origin = web && vote.source.address ? voteOrigin(roundId, vote.source.address) : null;
  await serialiseVotes(tx, vote.provider, [`${roundId}:${vote.userId}`, ...(origin ? [`${roundId}:${origin}`] : [])]);
  const mine = await votedQuestionIds(tx, roundId, vote.userId);
  const left = MAX_VOTES_PER_ROUND - mine.length;
  if (mine.includes(proposalId)) return { outcome: "already", left };
  if (!votable) return { outcome: "unavailable", left };
  if (left <= 0) return { outcome: "limit" };
  if (origin && (await votesFromOrigin(tx, roundId, origin)) >= WEB_VOTES_PER_ADDRESS) return { outcome: "addressLimit", max: WEB_VOTES_PER_ADDRESS };
  const added = await insertVote(tx, { roundId, proposalId: proposalId, userId: vote.userId, now: vote.now, channel: vote.source.channel, origin });
  return added ? { outcome: "voted", left: left - 1 } : { outcome: "already", left };
}
