// Use case: the coordinator picks a question of the round for the meeting's agenda and names the
// department that answers it, with a deadline. The department rule is the queue's (a move to
// another department is a "routed" step in the history); the deadline is the queue's too: by
// default the department's own days to answer from today, but no later than the round's deadline
// for written answers; never in the past. Everyone who sent or
// voted for the question is told, once, in the same transaction (notify-round-question.ts).
import { z } from "zod";
import { recordAudit } from "../db/audit-log.ts";
import type { Db } from "../db/client.ts";
import { AppError } from "../errors.ts";
import { markOnAgenda } from "../proposals/round-marks.ts";
import { actorLabel, type StaffVia } from "../staff/api-token.ts";
import { assertCan, type StaffActor } from "../staff/staff-scope.ts";
import { tryParseVietnamTime } from "../vietnam-time.ts";
import { notifyRoundQuestion, type NoticeTexts } from "./notify-round-question.ts";

export const AgendaInput = z.object({
  departmentId: z.string().trim().min(1, { error: "departmentId: choose the department that answers" }).max(100),
  /** A day (end of that day, Vietnam time) or a day and time; empty for the department's usual days. */
  dueAt: z.string().trim().max(20).optional(),
});

/**
 * The deadline when the coordinator gives none: the department's usual days from today, but never
 * after the round's deadline for written answers (while that is still ahead).
 */
function defaultDue(answersDue: Date, now: Date, dueDays: number): Date {
  const usual = new Date(now.getTime() + dueDays * 86_400_000);
  return answersDue > now && answersDue < usual ? answersDue : usual;
}

export async function putOnAgenda(opts: {
  db: Db;
  actor: StaffActor;
  via?: StaffVia;
  slug: string;
  code: string;
  input: unknown;
  now: Date;
  /** How the notice to senders and voters is written. */
  texts: NoticeTexts;
}): Promise<{ dueAt: Date; notified: number }> {
  assertCan(opts.actor, "triage");
  const parsed = AgendaInput.safeParse(opts.input);
  if (!parsed.success) throw new AppError("bad_request", { message: parsed.error.issues[0]!.message, detail: { field: String(parsed.error.issues[0]!.path[0]) } });
  const { departmentId, dueAt: dueText } = parsed.data;
  let dueAt: Date | null = null;
  if (dueText) {
    dueAt = tryParseVietnamTime(dueText, "end");
    if (!dueAt) throw new AppError("bad_request", { message: "dueAt: not a date (use YYYY-MM-DD)", detail: { field: "dueAt" } });
    if (dueAt <= opts.now) throw new AppError("bad_request", { message: "dueAt: the deadline has already passed", detail: { field: "dueAt" } });
  }
  const actor = actorLabel(opts.actor, opts.via);
  return opts.db.prisma.$transaction(async (tx) => {
    const round = await tx.dialogueRound.findUnique({ where: { slug: opts.slug } });
    if (!round) throw new AppError("not_found", { message: `round ${opts.slug} not found` });
    if (round.concludedAt) throw new AppError("conflict", { message: `round ${opts.slug} is concluded` });
    const item = await tx.proposal.findUnique({ where: { code: opts.code.toUpperCase() } });
    if (!item || item.roundId !== round.id) throw new AppError("not_found", { message: `${opts.code} is not a question of ${round.slug}` });
    if (item.mergedIntoId) throw new AppError("conflict", { message: `${item.code} was merged into another item; put that one on the agenda` });
    if (item.status === "rejected" || item.status === "closed") throw new AppError("conflict", { message: `${item.code} is ${item.status}; re-open it first` });
    const dept = await tx.department.findUnique({ where: { id: departmentId } });
    if (!dept) throw new AppError("bad_request", { message: "departmentId: no such department", detail: { field: "departmentId" } });
    const due = dueAt ?? defaultDue(round.answersDue, opts.now, dept.dueDays);
    await markOnAgenda(tx, item, { departmentId: dept.id, departmentName: dept.name, dueAt: due, actor, now: opts.now });
    const notified = await notifyRoundQuestion(tx, { proposalId: item.id, kind: "agenda", texts: opts.texts, now: opts.now });
    await recordAudit(tx, {
      actor,
      action: "round.agenda",
      target: item.code,
      detail: { round: round.title, ...(dept.id !== item.departmentId ? { fromDepartmentId: item.departmentId } : {}), toDepartmentId: dept.id, dueAt: due.toISOString(), notified },
    });
    return { dueAt: due, notified };
  });
}
