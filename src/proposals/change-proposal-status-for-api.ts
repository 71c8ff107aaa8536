// Use case: a staff member moves a proposal to another status through the API, optionally to
// another department. Department staff may act only within their department (404 outside it) and
// may not reassign (403); a move the life cycle does not allow is a 409 from changeProposalStatus.
import { recordAudit } from "../db/audit-log.ts";
import type { Db } from "../db/client.ts";
import type { Prompts } from "../prompts.ts";
import { apiActorLabel } from "./api-token.ts";
import { changeProposalStatus } from "./change-proposal-status.ts";
import { findDepartment } from "./create-staff.ts";
import { findProposalInScope } from "./find-proposal-in-scope.ts";
import type { ProposalStatus } from "./proposal-status.ts";
import { assertCan, type StaffActor } from "./staff-scope.ts";

export async function changeProposalStatusForApi(opts: {
  db: Db;
  prompts: Prompts;
  actor: StaffActor;
  code: string;
  status: ProposalStatus;
  note?: string | undefined;
  /** Reassign to this department (id, slug or name); needs the triage permission. */
  department?: string | undefined;
}): Promise<{ code: string; status: ProposalStatus }> {
  const p = await findProposalInScope(opts.db, opts.actor, opts.code);
  assertCan(opts.actor, "answer");
  if (opts.status === "closed") assertCan(opts.actor, "close");
  const target = opts.department ? await findDepartment(opts.db, opts.department) : null;
  const reassign = target !== null && target.id !== p.departmentId;
  if (reassign) assertCan(opts.actor, "triage");
  const label = apiActorLabel(opts.actor);
  const result = await changeProposalStatus({
    db: opts.db,
    prompts: opts.prompts,
    code: p.code,
    status: opts.status,
    actor: label,
    ...(opts.note ? { note: opts.note } : {}),
    ...(reassign ? { departmentId: target.id } : {}),
  });
  await recordAudit(opts.db.prisma, {
    actor: label,
    action: "proposal.status",
    target: p.code,
    detail: { from: p.status, to: opts.status, ...(opts.note ? { note: opts.note } : {}), ...(reassign ? { fromDepartmentId: p.departmentId, toDepartmentId: target.id } : {}) },
  });
  return result;
}
