// Use case: an administrator changes a staff account — role and department, deactivation or
// re-activation, or a password reset (a temporary password shown once). Deactivating or resetting
// ends the account's sessions at once; an administrator cannot lock themselves out by accident.
import type { Db } from "../db/client.ts";
import { recordAudit } from "../db/audit-log.ts";
import { AppError } from "../errors.ts";
import { hashPassword, temporaryPassword } from "./staff-password.ts";
import { closeStaffSessionsOf } from "./staff-sessions.ts";
import { assertCan, type StaffActor, type StaffRole } from "./staff-scope.ts";

export type StaffChange =
  | { type: "role"; role: StaffRole; departmentId: string | null }
  | { type: "active"; active: boolean }
  | { type: "resetPassword" };

export async function updateStaff(opts: {
  db: Db;
  actor: StaffActor;
  staffId: string;
  change: StaffChange;
}): Promise<{ email: string; temporaryPassword?: string }> {
  assertCan(opts.actor, "manageSettings");
  const { prisma } = opts.db;
  const staff = await prisma.staffUser.findUnique({ where: { id: opts.staffId }, select: { id: true, email: true } });
  if (!staff) throw new AppError("not_found", { message: `staff ${opts.staffId} not found` });
  const self = staff.id === opts.actor.id;
  const change = opts.change;
  if (self && ((change.type === "active" && !change.active) || (change.type === "role" && change.role !== "admin"))) {
    throw new AppError("conflict", { message: "administrators cannot deactivate or demote themselves" });
  }
  if (change.type === "role") {
    if (change.role === "department" && !change.departmentId) {
      throw new AppError("bad_request", { message: "department staff need a department", detail: { field: "departmentId" } });
    }
    if (change.departmentId && !(await prisma.department.findUnique({ where: { id: change.departmentId }, select: { id: true } }))) {
      throw new AppError("bad_request", { message: `department ${change.departmentId} not found`, detail: { field: "departmentId" } });
    }
  }
  const password = change.type === "resetPassword" ? temporaryPassword() : undefined;
  const passwordHash = password ? await hashPassword(password) : undefined;
  await prisma.$transaction(async (tx) => {
    if (change.type === "role") {
      await tx.staffUser.update({ where: { id: staff.id }, data: { role: change.role, departmentId: change.departmentId } });
    } else if (change.type === "active") {
      await tx.staffUser.update({ where: { id: staff.id }, data: { active: change.active } });
    } else {
      await tx.staffUser.update({ where: { id: staff.id }, data: { passwordHash: passwordHash! } });
    }
    // The role is read afresh on every request; a deactivated or reset account must log in again.
    if (change.type !== "role") await closeStaffSessionsOf(tx, staff.id);
    await recordAudit(tx, { actor: opts.actor.email, action: `staff.${change.type}`, target: staff.email, detail: change.type === "resetPassword" ? {} : { ...change } });
  });
  return { email: staff.email, ...(password ? { temporaryPassword: password } : {}) };
}
