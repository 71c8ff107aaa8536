// Use case: set a staff account's password from the command line (`staff password`), e.g. for the
// only administrator who forgot theirs. Same password rule as everywhere; the account's sessions
// end at once, and the change is audited.
import type { Db } from "../db/client.ts";
import { recordAudit } from "../db/audit-log.ts";
import { AppError } from "../errors.ts";
import { hashPassword, StaffPassword } from "./staff-password.ts";
import { closeStaffSessionsOf } from "./staff-sessions.ts";

export async function setStaffPassword(opts: { db: Db; email: string; password: string; actor: string }): Promise<{ email: string }> {
  const email = opts.email.trim().toLowerCase();
  const checked = StaffPassword.safeParse(opts.password);
  if (!checked.success) throw new AppError("bad_request", { message: `password ${checked.error.issues[0]!.message}`, detail: { field: "password" } });
  const { prisma } = opts.db;
  const staff = await prisma.staffUser.findUnique({ where: { email }, select: { id: true } });
  if (!staff) throw new AppError("not_found", { message: `no staff account ${email}` });
  const passwordHash = await hashPassword(checked.data);
  await prisma.$transaction(async (tx) => {
    await tx.staffUser.update({ where: { id: staff.id }, data: { passwordHash } });
    await closeStaffSessionsOf(tx, staff.id);
    await recordAudit(tx, { actor: opts.actor, action: "staff.setPassword", target: email });
  });
  return { email };
}
