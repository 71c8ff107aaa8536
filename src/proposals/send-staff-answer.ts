// Use case: staff answer an item they may see, from the console or the API. answerProposal stores
// the answer, writes the history, queues the answer for the author (and for everyone whose item was
// merged into this one) through the outbox, and writes the audit entry, in one transaction; this
// adds the permission check and the one length rule (2–4000 characters).
import type { Db } from "../db/client.ts";
import { AppError } from "../errors.ts";
import type { Prompts } from "../prompts.ts";
import { actorLabel, type StaffVia } from "../staff/api-token.ts";
import { assertCan, type StaffActor } from "../staff/staff-scope.ts";
import { answerProposal } from "./change-proposal-status.ts";
import { findProposalInScope } from "./find-proposal-in-scope.ts";

export const MIN_ANSWER_LENGTH = 2;
export const MAX_ANSWER_LENGTH = 4000;

export async function sendStaffAnswer(opts: {
  db: Db;
  prompts: Prompts;
  actor: StaffActor;
  via?: StaffVia;
  code: string;
  answer: string;
  now?: Date;
}): Promise<{ code: string; status: "answered"; delivered: boolean }> {
  assertCan(opts.actor, "answer");
  const length = opts.answer.trim().length;
  if (length < MIN_ANSWER_LENGTH || length > MAX_ANSWER_LENGTH) {
    throw new AppError("bad_request", { message: `the answer must be ${MIN_ANSWER_LENGTH}–${MAX_ANSWER_LENGTH} characters`, detail: { field: "answer" } });
  }
  const p = await findProposalInScope(opts.db, opts.actor, opts.code);
  return answerProposal({
    db: opts.db,
    prompts: opts.prompts,
    code: p.code,
    answer: opts.answer,
    actor: actorLabel(opts.actor, opts.via),
    audit: ({ from, delivered }) => ({ action: "proposal.answer", detail: { from, delivered, length } }),
    ...(opts.now ? { now: opts.now } : {}),
  });
}
