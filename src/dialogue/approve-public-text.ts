// Use case: a coordinator approves the text the public sees for one question of a round: a short
// anonymised summary of the question (no names, phone numbers, e-mails, ID numbers, proposal codes,
// exact ages or addresses),
// and, once the department has answered, the answer as it may be published. Only approved text
// ever reaches the chat's voting list, the public pages, the feed and the API. Approving an answer
// tells everyone who sent or voted for the question, once (notify-round-question.ts).
import { z } from "zod";
import { recordAudit } from "../db/audit-log.ts";
import type { Db } from "../db/client.ts";
import { AppError } from "../errors.ts";
import { findPersonalData } from "../privacy/mask.ts";
import { CODE_PATTERN } from "../proposals/proposal-status.ts";
import { setPublicText } from "../proposals/round-marks.ts";
import { actorLabel, type StaffVia } from "../staff/api-token.ts";
import { assertCan, type StaffActor } from "../staff/staff-scope.ts";
import { notifyRoundQuestion, type NoticeTexts } from "./notify-round-question.ts";

export const PublicTextInput = z.object({
  summary: z.string().trim().min(10, { error: "summary: at least 10 characters" }).max(500, { error: "summary: at most 500 characters" }),
  answer: z.string().trim().max(10_000, { error: "answer: at most 10000 characters" }).optional(),
});


export async function approvePublicText(opts: {
  db: Db;
  actor: StaffActor;
  via?: StaffVia;
  slug: string;
  code: string;
  input: unknown;
  now: Date;
  /** How the "answered" notice to senders and voters is written. */
  texts: NoticeTexts;
}): Promise<{ notified: number }> {
  assertCan(opts.actor, "triage");
  const parsed = PublicTextInput.safeParse(opts.input);
  if (!parsed.success) throw new AppError("bad_request", { message: parsed.error.issues[0]!.message, detail: { field: String(parsed.error.issues[0]!.path[0]) } });
  const summary = parsed.data.summary;
  const answer = parsed.data.answer || null;
  // A last guard for the obvious slips, with the same patterns the logs are masked with (phone
  // numbers mobile or landline, e-mail addresses, CCCD/CMND numbers), and proposal codes, which
  // lead to the sender's item; names and addresses still need the coordinator's eye.
  for (const [field, text] of [["summary", summary], ["answer", answer ?? ""]] as const) {
    if (findPersonalData(text).length > 0) {
      throw new AppError("bad_request", { message: `${field}: remove the phone number, e-mail address or ID number before publishing`, detail: { field, reason: "personal" } });
    }
    if (CODE_PATTERN.test(text)) {
      throw new AppError("bad_request", { message: `${field}: remove the proposal code before publishing`, detail: { field, reason: "code" } });
    }
  }
  return opts.db.prisma.$transaction(async (tx) => {
    const round = await tx.dialogueRound.findUnique({ where: { slug: opts.slug } });
    if (!round) throw new AppError("not_found", { message: `round ${opts.slug} not found` });
    const item = await tx.proposal.findUnique({ where: { code: opts.code.toUpperCase() } });
    if (!item || item.roundId !== round.id) throw new AppError("not_found", { message: `${opts.code} is not a question of ${round.slug}` });
    if (answer && !item.answer) throw new AppError("bad_request", { message: "answer: the department has not answered yet", detail: { field: "answer" } });
    await setPublicText(tx, item.id, { summary, answer });
    const notified = answer ? await notifyRoundQuestion(tx, { proposalId: item.id, kind: "answered", texts: opts.texts, now: opts.now }) : 0;
    await recordAudit(tx, { actor: actorLabel(opts.actor, opts.via), action: "round.publicText", target: item.code, detail: { round: round.title, withAnswer: answer !== null, notified } });
    return { notified };
  });
}
