// Use case: a staff member changes their own password, proving they know the current one. Their
// other sessions end (a stolen cookie stops working); the current one stays.
import type { Db } from "../db/client.ts";
import { recordAudit } from "../db/audit-log.ts";
import { AppError } from "../errors.ts";
import { hashPassword, StaffPassword, verifyPassword } from "./staff-password.ts";
import type { StaffActor } from "./staff-scope.ts";
import { closeStaffSessionsOf } from "./staff-sessions.ts";

export async function changePassword(opts: {
  db: Db;
  actor: StaffActor;
  currentPassword: string;
  newPassword: string;
  keepSessionId: string;
}): Promise<void> {
  const { prisma } = opts.db;
  const staff = await prisma.staffUser.findUniqueOrThrow({ where: { id: opts.actor.id }, select: { passwordHash: true } });
  if (!(await verifyPassword(staff.passwordHash, opts.currentPassword))) {
    throw new AppError("bad_request", { message: "the current password is wrong", detail: { field: "currentPassword" } });
  }
  const parsed = StaffPassword.safeParse(opts.newPassword);
  if (!parsed.success) {
    throw new AppError("bad_request", { message: `newPassword: ${parsed.error.issues[0]!.message}`, detail: { field: "newPassword" } });
  }
  const passwordHash = await hashPassword(parsed.data);
  await prisma.$transaction(async (tx) => {
    await tx.staffUser.update({ where: { id: opts.actor.id }, data: { passwordHash } });
    await closeStaffSessionsOf(tx, opts.actor.id, { except: opts.keepSessionId });
    await recordAudit(tx, { actor: opts.actor.email, action: "staff.changePassword", target: opts.actor.email });
  });
}
