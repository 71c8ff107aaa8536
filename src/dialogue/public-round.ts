// What the public may know of dialogue rounds, for the public pages, the feed and /api/v1/rounds:
// the one place that decides it. Before the meeting: the plan, and during voting the approved
// question summaries with their votes; after the meeting: the questions put on the agenda, each
// with its approved summary, the answering department and the approved public answer, and the
// conclusions. Never a sender, a code, the sender's own words or an answer not approved for the
// public: only text a coordinator approved (approve-public-text.ts) leaves this module.
import type { Db } from "../db/client.ts";
import { listTopQuestions } from "./list-top-questions.ts";
import { topicList } from "./round-input.ts";
import { roundStatus, type RoundDates, type RoundKind, type RoundStatus } from "./round-status.ts";

export interface PublicRoundSummary extends Omit<RoundDates, "concludedAt"> {
  slug: string;
  title: string;
  kind: RoundKind;
  status: RoundStatus;
  organiser: string | null;
  topics: string[];
  updatedAt: Date;
}

export interface PublicRoundQuestion {
  summary: string;
  votes: number;
  onAgenda: boolean;
  department: string | null;
  answer: string | null;
}

export interface PublicRound extends PublicRoundSummary {
  /** Empty before voting; the approved summaries with votes during; the agenda after the meeting. */
  questions: PublicRoundQuestion[];
  conclusions: string | null;
  concludedAt: Date | null;
}

type RoundRecord = Awaited<ReturnType<Db["prisma"]["dialogueRound"]["findFirstOrThrow"]>> & { department: { name: string } | null };

function summaryOf(r: RoundRecord, now: Date): PublicRoundSummary {
  return {
    slug: r.slug,
    title: r.title,
    kind: r.kind as RoundKind,
    status: roundStatus(r, now),
    organiser: r.department?.name ?? null,
    topics: topicList(r.topics),
    collectFrom: r.collectFrom,
    collectUntil: r.collectUntil,
    voteFrom: r.voteFrom,
    voteUntil: r.voteUntil,
    meetingAt: r.meetingAt,
    answersDue: r.answersDue,
    updatedAt: r.updatedAt,
  };
}

/** Every round, the most recent meeting first. */
export async function listPublicRounds(db: Db, now: Date): Promise<PublicRoundSummary[]> {
  const rows = await db.prisma.dialogueRound.findMany({ orderBy: [{ meetingAt: "desc" }, { slug: "asc" }], include: { department: { select: { name: true } } } });
  return rows.map((r) => summaryOf(r, now));
}

export async function getPublicRound(db: Db, slug: string, now: Date): Promise<PublicRound | null> {
  const r = await db.prisma.dialogueRound.findUnique({ where: { slug }, include: { department: { select: { name: true } } } });
  if (!r) return null;
  const summary = summaryOf(r, now);
  const after = summary.status === "held" || summary.status === "concluded";
  const during = summary.status === "voting" || summary.status === "preparing";
  const questions = after || during ? await listTopQuestions(db.prisma, r.id, { agendaOnly: after }) : [];
  return {
    ...summary,
    questions: questions.map((q) => ({
      summary: q.summary,
      votes: q.votes,
      onAgenda: q.agenda,
      department: q.agenda ? q.departmentName : null,
      answer: after ? q.answer : null,
    })),
    conclusions: r.concludedAt ? r.conclusions : null,
    concludedAt: r.concludedAt,
  };
}
