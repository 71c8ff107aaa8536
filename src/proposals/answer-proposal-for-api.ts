// Use case: a staff member answers a proposal through the API. Scope and permission are checked
// first; answerProposal then records the answer and its history and tells the author in their chat;
// the action is audit-logged as `api:<staff email>`.
import { recordAudit } from "../db/audit-log.ts";
import type { Db } from "../db/client.ts";
import type { Prompts } from "../prompts.ts";
import { apiActorLabel } from "./api-token.ts";
import { answerProposal } from "./change-proposal-status.ts";
import { findProposalInScope } from "./find-proposal-in-scope.ts";
import { assertCan, type StaffActor } from "./staff-scope.ts";

export async function answerProposalForApi(opts: {
  db: Db;
  prompts: Prompts;
  actor: StaffActor;
  code: string;
  text: string;
}): Promise<{ code: string; status: "answered"; delivered: boolean }> {
  const p = await findProposalInScope(opts.db, opts.actor, opts.code);
  assertCan(opts.actor, "answer");
  const label = apiActorLabel(opts.actor);
  const result = await answerProposal({ db: opts.db, prompts: opts.prompts, code: p.code, answer: opts.text, actor: label });
  await recordAudit(opts.db.prisma, {
    actor: label,
    action: "proposal.answer",
    target: p.code,
    detail: { from: p.status, delivered: result.delivered, length: opts.text.length },
  });
  return result;
}
