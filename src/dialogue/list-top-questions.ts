// Use case (read): the questions of a round people can see and vote for, most votes first: only
// those with a coordinator-approved public summary, not merged into another, not closed or
// rejected. The chat's voting list, the public agenda and the API read it; nobody sees the
// sender's own words here, only the approved summary.
import type { Db, Prisma } from "../db/client.ts";
import { voteCounts } from "./round-votes.ts";

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
