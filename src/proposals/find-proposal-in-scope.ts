// The first step of every staff action on one proposal: find it by code and make sure the staff
// member may see it. Unknown and out-of-scope codes are the same 404.
import type { Db } from "../db/client.ts";
import { AppError } from "../errors.ts";
import { assertInScope, type StaffActor } from "../staff/staff-scope.ts";

export async function findProposalInScope(db: Db, actor: StaffActor, code: string): Promise<{ id: string; code: string; departmentId: string; status: string; topic: string | null }> {
  const p = await db.prisma.proposal.findUnique({
    where: { code: code.trim().toUpperCase() },
    select: { id: true, code: true, departmentId: true, status: true, topic: true },
  });
  if (!p) throw new AppError("not_found", { message: `proposal ${code} not found` });
  assertInScope(actor, p);
  return p;
}
