// Use case: check a staff member's email and password. Failures count up on the account; after
// LOCK_AFTER failures in a row it is locked for LOCK_MINUTES (even the right password is refused
// meanwhile). Unknown emails cost the same argon2 work, so the answer does not reveal accounts.
import type { Db } from "../../db/client.ts";
import { recordAudit } from "../../db/audit-log.ts";
import { verifyAgainstDummy, verifyPassword } from "../../proposals/staff-password.ts";

export const LOCK_AFTER = 5;
export const LOCK_MINUTES = 15;

export type LoginResult =
  | { ok: true; staffId: string; email: string }
  | { ok: false; reason: "invalid"; failures: number }
  | { ok: false; reason: "locked"; lockedUntil: Date };

export async function logIn(opts: { db: Db; email: string; password: string; now?: Date }): Promise<LoginResult> {
  const { prisma } = opts.db;
  const now = opts.now ?? new Date();
  const email = opts.email.trim().toLowerCase().slice(0, 200);
  const staff = email ? await prisma.staffUser.findUnique({ where: { email } }) : null;
  if (!staff || !staff.active) {
    await verifyAgainstDummy(opts.password);
    await recordAudit(prisma, { actor: email || "(trống)", action: "auth.loginFailed", detail: { reason: staff ? "inactive" : "unknown" } });
    return { ok: false, reason: "invalid", failures: 1 };
  }
  if (staff.lockedUntil && staff.lockedUntil > now) {
    await recordAudit(prisma, { actor: email, action: "auth.loginLocked", target: email });
    return { ok: false, reason: "locked", lockedUntil: staff.lockedUntil };
  }
  if (!(await verifyPassword(staff.passwordHash, opts.password))) {
    // Increment in the database, not from what we read, so parallel attempts all count.
    const updated = await prisma.staffUser.update({ where: { id: staff.id }, data: { failedLogins: { increment: 1 } }, select: { failedLogins: true } });
    if (updated.failedLogins >= LOCK_AFTER) {
      const lockedUntil = new Date(now.getTime() + LOCK_MINUTES * 60_000);
      await prisma.staffUser.update({ where: { id: staff.id }, data: { lockedUntil, failedLogins: 0 } });
      await recordAudit(prisma, { actor: email, action: "auth.locked", target: email, detail: { until: lockedUntil.toISOString() } });
      return { ok: false, reason: "locked", lockedUntil };
    }
    await recordAudit(prisma, { actor: email, action: "auth.loginFailed", target: email, detail: { failures: updated.failedLogins } });
    return { ok: false, reason: "invalid", failures: updated.failedLogins };
  }
  await prisma.staffUser.update({ where: { id: staff.id }, data: { failedLogins: 0, lockedUntil: null, lastLoginAt: now } });
  await recordAudit(prisma, { actor: email, action: "auth.login", target: email });
  return { ok: true, staffId: staff.id, email };
}
