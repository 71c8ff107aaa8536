// Use case: a coordinator or administrator sends an item to another department (the console's
// reassign form). It is setProposalStatus with "routed" and a department, the same move the API
// makes with a department in its status call; this adds only the form's own checks (a department
// chosen by id, and not the one the item is already with). Department staff may not do this, since
// they would move work out of sight of the department responsible.
import type { Db } from "../db/client.ts";
import { AppError } from "../errors.ts";
import type { Prompts } from "../prompts.ts";
import { assertCan, type StaffActor } from "../staff/staff-scope.ts";
import { findProposalInScope } from "./find-proposal-in-scope.ts";
import { setProposalStatus } from "./set-proposal-status.ts";

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
  await setProposalStatus({ db: opts.db, prompts: opts.prompts, actor: opts.actor, code: p.code, status: "routed", department: dept.id, note: opts.note });
}
