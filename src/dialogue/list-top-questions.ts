// Use case (read): the questions of a round people can see and vote for, most votes first: only
// those with a coordinator-approved public summary, not merged into another, not closed or
// rejected. The chat's voting list, the public agenda and the API read it; nobody sees the
// sender's own words here, only the approved summary.
import type { Db, Prisma } from "../db/client.ts";
import { asSession, sql, toDate } from "../db/sql.ts";
import { voteCounts, type VoteSession } from "./round-votes.ts";

type Reader = Prisma.TransactionClient | Db["prisma"];

export interface PublicQuestion {
  id: string;
  code: string;
  summary: string;
  votes: number;
  agenda: boolean;
  /** The approved public answer, once there is one. */
  answer: string | null;
  departmentName: string;
}

/**
 * What the public may see of a round's questions; also what a vote may be cast for. A report of a
 * rights violation is never public, whatever a coordinator approves or merges.
 */
export const VOTABLE: Prisma.ProposalWhereInput = { publicApproved: true, mergedIntoId: null, status: { notIn: ["closed", "rejected"] }, kind: { not: "report" } };
/** VOTABLE as a condition on "Proposal" for the direct SQL of a vote (db/sql.ts); keep the two alike. */
export const VOTABLE_SQL = sql`"Proposal"."publicApproved" = ${true} AND "Proposal"."mergedIntoId" IS NULL AND "Proposal"."status" NOT IN ('closed', 'rejected') AND "Proposal"."kind" <> 'report'`;

/** A question as the chat's voting list shows it. */
export interface VotingChoice {
  id: string;
  summary: string;
  votes: number;
}

/**
 * listTopQuestions' order and filter, only what the chat's voting list shows, in one direct SQL
 * statement: the list is sent after every vote, and re-reading it through Prisma (questions, then
 * the counts) was the larger part of a vote's cost.
 */
export async function listVotingChoices(tx: VoteSession, roundId: string): Promise<VotingChoice[]> {
  const rows = await asSession(tx).query<{ id: string; code: string; publicSummary: string | null; createdAt: unknown; votes: number | bigint | string }>(sql`
    SELECT "Proposal"."id", "Proposal"."code", "Proposal"."publicSummary", "Proposal"."createdAt",
      (SELECT COUNT(*) FROM "RoundVote" WHERE "RoundVote"."proposalId" = "Proposal"."id" AND "RoundVote"."roundId" = ${roundId}) AS "votes"
    FROM "Proposal"
    WHERE "Proposal"."roundId" = ${roundId} AND ${VOTABLE_SQL}`);
  const questions = rows
    .map((r) => ({ id: r.id, code: r.code, summary: r.publicSummary ?? "", votes: Number(r.votes), at: toDate(r.createdAt).getTime() }))
    // The order of listTopQuestions: sent first, then by code; most votes first (sort is stable).
    .sort((a, b) => a.at - b.at || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))
    .sort((a, b) => b.votes - a.votes);
  return questions.map(({ id, summary, votes }) => ({ id, summary, votes }));
}

export async function listTopQuestions(db: Reader, roundId: string, opts: { limit?: number; agendaOnly?: boolean } = {}): Promise<PublicQuestion[]> {
  const rows = await db.proposal.findMany({
    where: { roundId, ...VOTABLE, ...(opts.agendaOnly ? { agenda: true } : {}) },
    select: { id: true, code: true, publicSummary: true, publicAnswer: true, agenda: true, createdAt: true, department: { select: { name: true } } },
    orderBy: [{ createdAt: "asc" }, { code: "asc" }],
  });
  const counts = await voteCounts(db as Prisma.TransactionClient, roundId);
  const questions = rows.map((r) => ({
    id: r.id,
    code: r.code,
    summary: r.publicSummary ?? "",
    votes: counts.get(r.id) ?? 0,
    agenda: r.agenda,
    answer: r.publicAnswer,
    departmentName: r.department.name,
  }));
  // Most votes first; equal votes in the order they were sent (sort is stable).
  questions.sort((a, b) => b.votes - a.votes);
  return opts.limit ? questions.slice(0, opts.limit) : questions;
}
