// Use case: a coordinator or administrator sends an item to another department. The item becomes
// "routed" there (history and the author's notice come from changeProposalStatus); department
// staff may not do this, since they would move work out of sight of the department responsible.
import type { Db } from "../db/client.ts";
import { recordAudit } from "../db/audit-log.ts";
import { AppError } from "../errors.ts";
import type { Prompts } from "../prompts.ts";
import { changeProposalStatus } from "./change-proposal-status.ts";
import { findProposalInScope } from "./find-proposal-in-scope.ts";
import { assertCan, type StaffActor } from "./staff-scope.ts";

export async function reassignProposal(opts: {
  db: Db;
  prompts: Prompts;
  actor: StaffActor;
  code: string;
  departmentId: string;
  note?: string | undefined;
}): Promise<void> {
  assertCan(opts.actor, "triage");
  const p = await findProposalInScope(opts.db, opts.actor, opts.code);
  const dept = await opts.db.prisma.department.findUnique({ where: { id: opts.departmentId }, select: { id: true, name: true } });
  if (!dept) throw new AppError("bad_request", { message: `department ${opts.departmentId} not found`, detail: { field: "departmentId" } });
  if (dept.id === p.departmentId) throw new AppError("conflict", { message: `${p.code} is already with ${dept.name}` });
  const note = opts.note?.trim() || undefined;
  await changeProposalStatus({
    db: opts.db,
    prompts: opts.prompts,
    code: p.code,
    status: "routed",
    departmentId: dept.id,
    actor: opts.actor.email,
    ...(note ? { note } : {}),
  });
  await recordAudit(opts.db.prisma, {
    actor: opts.actor.email,
    action: "proposal.reassign",
    target: p.code,
    detail: { fromDepartmentId: p.departmentId, toDepartmentId: dept.id, ...(note ? { note } : {}) },
  });
}
