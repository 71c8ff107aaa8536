// Use case (read): the questions of a round people can see and vote for, most votes first: only
// those with a coordinator-approved public summary, not merged into another, not closed or
// rejected. The chat's voting list, the public agenda and the API read it; nobody sees the
// sender's own words here, only the approved summary.
import type { Db, Prisma } from "../db/client.ts";
import { asSession, sql } from "../db/sql.ts";
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

/** One page of the chat's voting list for one person. */
export interface VotingPage {
  questions: VotingChoice[];
  /** Where the page starts in the person's list (0 when the page asked for was past its end). */
  from: number;
  /** Whether more questions follow this page. */
  more: boolean;
}

/**
 * One page of the chat's voting list: listTopQuestions' filter and order (most votes first, then
 * in the order sent), leaving out the questions this person already voted for, `size` from `offset`
 * on; a page past the end (votes moved the list on) starts again from the top. One direct SQL
 * statement that sorts and pages in the database: the list is sent after every vote, and reading
 * all of a round's questions into the process to keep ten was most of a vote's cost.
 */
export async function listVotingChoices(tx: VoteSession, roundId: string, page: { userId: string; offset: number; size: number }): Promise<VotingPage> {
  const session = asSession(tx);
  const read = async (from: number) => {
    // The count reads only the (proposalId, userId) index: a question's votes are all of its round
    // (a question never changes round), and a condition on "RoundVote"."roundId" here let SQLite
    // pick the round's index instead and read every vote of the round for each question.
    const rows = await session.query<{ id: string; summary: string | null; votes: number | bigint | string }>(sql`
      SELECT "Proposal"."id", "Proposal"."publicSummary" AS "summary",
        (SELECT COUNT(*) FROM "RoundVote" WHERE "RoundVote"."proposalId" = "Proposal"."id") AS "votes"
      FROM "Proposal"
      WHERE "Proposal"."roundId" = ${roundId} AND ${VOTABLE_SQL}
        AND NOT EXISTS (SELECT 1 FROM "RoundVote" AS "mine" WHERE "mine"."proposalId" = "Proposal"."id" AND "mine"."userId" = ${page.userId})
      ORDER BY "votes" DESC, "Proposal"."createdAt" ASC, "Proposal"."code" ASC
      LIMIT ${page.size + 1} OFFSET ${from}`);
    return rows.map((r) => ({ id: r.id, summary: r.summary ?? "", votes: Number(r.votes) }));
  };
  let from = Number.isSafeInteger(page.offset) && page.offset > 0 ? page.offset : 0;
  let rows = await read(from);
  if (rows.length === 0 && from > 0) rows = await read((from = 0));
  return { questions: rows.slice(0, page.size), from, more: rows.length > page.size };
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
