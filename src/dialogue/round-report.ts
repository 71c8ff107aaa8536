// Use case (read): the figures of a round for the coordinator's report and the printed conference
// file: the questions received by topic, how many were put on the agenda, the share of agenda
// questions answered by their deadline, the average days from receiving a question to its answer,
// and the votes cast. Nothing here writes, and nothing names a sender.
//
// Definitions, so the console, the XLSX and the DOCX say the same thing:
// - questions received: every question sent for the round, duplicates merged into another included
//   (each was one person's question); by topic as routed (no topic: "").
// - answered on time: of the agenda questions whose outcome is known at `now` (answered, or the
//   deadline passed unanswered), the share answered by the deadline; null when none is known yet.
// - days to answer: from the day the question was received to the department's answer, over the
//   answered agenda questions; null when none is answered.
import type { Db } from "../db/client.ts";

const DAY_MS = 86_400_000;

export interface RoundReport {
  questions: number;
  byTopic: { topic: string; questions: number; onAgenda: number }[];
  onAgenda: number;
  answered: number;
  answeredOnTime: number;
  /** Agenda questions whose outcome is known: answered, or past the deadline without an answer. */
  decided: number;
  onTimeShare: number | null;
  averageDaysToAnswer: number | null;
  votes: number;
  voters: number;
}

export async function roundReport(db: Db, roundId: string, now: Date): Promise<RoundReport> {
  const items = await db.prisma.proposal.findMany({
    where: { roundId },
    select: { topic: true, agenda: true, mergedIntoId: true, createdAt: true, dueAt: true, answeredAt: true },
  });
  const topics = new Map<string, { topic: string; questions: number; onAgenda: number }>();
  for (const item of items) {
    const key = item.topic ?? "";
    const row = topics.get(key) ?? { topic: key, questions: 0, onAgenda: 0 };
    row.questions += 1;
    if (item.agenda && !item.mergedIntoId) row.onAgenda += 1;
    topics.set(key, row);
  }
  const agenda = items.filter((i) => i.agenda && !i.mergedIntoId);
  const answered = agenda.filter((i) => i.answeredAt !== null);
  const onTime = answered.filter((i) => i.answeredAt! <= i.dueAt).length;
  const lateUnanswered = agenda.filter((i) => i.answeredAt === null && i.dueAt < now).length;
  const decided = answered.length + lateUnanswered;
  const days = answered.map((i) => (i.answeredAt!.getTime() - i.createdAt.getTime()) / DAY_MS);
  const [votes, voters] = await Promise.all([
    db.prisma.roundVote.count({ where: { roundId } }),
    db.prisma.roundVote.groupBy({ by: ["userId"], where: { roundId } }).then((rows) => rows.length),
  ]);
  return {
    questions: items.length,
    // Most questions first; equal counts by topic code, the "no topic" row last.
    byTopic: [...topics.values()].sort((a, b) => Number(a.topic === "") - Number(b.topic === "") || b.questions - a.questions || a.topic.localeCompare(b.topic)),
    onAgenda: agenda.length,
    answered: answered.length,
    answeredOnTime: onTime,
    decided,
    onTimeShare: decided === 0 ? null : onTime / decided,
    averageDaysToAnswer: days.length === 0 ? null : days.reduce((a, b) => a + b, 0) / days.length,
    votes,
    voters,
  };
}
