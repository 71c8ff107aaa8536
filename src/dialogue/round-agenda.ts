// Use case (read): the agenda of a round as the printed conference file lists it: the questions put
// on the agenda, most votes first, each with its approved public summary, votes, the answering
// department, the deadline, the day it was answered and the approved public answer. Only text a
// coordinator approved for the public; a question without it is listed by its code so the
// coordinator sees what is missing, never with the sender's words.
import type { Db } from "../db/client.ts";
import { voteCounts } from "./round-votes.ts";
import type { Prisma } from "../db/client.ts";

export interface AgendaEntry {
  code: string;
  /** The approved public summary; null when not approved yet. */
  summary: string | null;
  votes: number;
  department: string;
  dueAt: Date;
  answeredAt: Date | null;
  /** The approved public answer; null when the department has not answered or it is not approved. */
  answer: string | null;
}

export async function roundAgenda(db: Db, roundId: string): Promise<AgendaEntry[]> {
  const rows = await db.prisma.proposal.findMany({
    where: { roundId, agenda: true, mergedIntoId: null },
    orderBy: [{ createdAt: "asc" }, { code: "asc" }],
    select: { id: true, code: true, publicApproved: true, publicSummary: true, publicAnswer: true, dueAt: true, answeredAt: true, department: { select: { name: true } } },
  });
  const counts = await voteCounts(db.prisma as unknown as Prisma.TransactionClient, roundId);
  const entries = rows.map((r) => ({
    code: r.code,
    summary: r.publicApproved ? r.publicSummary : null,
    votes: counts.get(r.id) ?? 0,
    department: r.department.name,
    dueAt: r.dueAt,
    answeredAt: r.answeredAt,
    answer: r.publicApproved ? r.publicAnswer : null,
  }));
  // Most votes first; equal votes in the order they were sent (sort is stable).
  return entries.sort((a, b) => b.votes - a.votes);
}
