// Use case: staff answer an item they may see. answerProposal stores the answer, writes the
// history, and queues the answer for the author (and for everyone whose item was merged into
// this one) through the outbox; this adds the permission check and the audit entry.
import type { Db } from "../db/client.ts";
import { recordAudit } from "../db/audit-log.ts";
import { AppError } from "../errors.ts";
import type { Prompts } from "../prompts.ts";
import { answerProposal } from "./change-proposal-status.ts";
import { findProposalInScope } from "./find-proposal-in-scope.ts";
import { assertCan, type StaffActor } from "./staff-scope.ts";

export const MAX_ANSWER_LENGTH = 4000;

export async function sendStaffAnswer(opts: {
  db: Db;
  prompts: Prompts;
  actor: StaffActor;
  code: string;
  answer: string;
}): Promise<{ code: string; delivered: boolean }> {
  assertCan(opts.actor, "answer");
  const length = opts.answer.trim().length;
  if (length < 2 || length > MAX_ANSWER_LENGTH) {
    throw new AppError("bad_request", { message: `the answer must be 2–${MAX_ANSWER_LENGTH} characters`, detail: { field: "answer" } });
  }
  const p = await findProposalInScope(opts.db, opts.actor, opts.code);
  const result = await answerProposal({ db: opts.db, prompts: opts.prompts, code: p.code, answer: opts.answer, actor: opts.actor.email });
  await recordAudit(opts.db.prisma, {
    actor: opts.actor.email,
    action: "proposal.answer",
    target: p.code,
    detail: { delivered: result.delivered, length: opts.answer.trim().length },
  });
  return { code: result.code, delivered: result.delivered };
}
