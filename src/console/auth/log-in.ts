// Use case: check a staff member's email and password, with progressive delays instead of a lock
// (sign-in-delays.ts): an attempt while the account or the address must wait is refused before
// the password is looked at; after it, the right password signs in again. Unknown emails cost the
// same argon2 work and are delayed the same way, so the answer does not reveal accounts. The first
// delay of each streak is written to the audit log, not every refused attempt.
import { systemClock } from "../../clock.ts";
import type { Db } from "../../db/client.ts";
import { recordAudit } from "../../db/audit-log.ts";
import { recordSignIn } from "../../staff/record-sign-in.ts";
import { verifyAgainstDummy, verifyPassword } from "../../staff/staff-password.ts";
import type { DelayScope, SignInDelays } from "./sign-in-delays.ts";

export type LoginResult =
  | { ok: true; staffId: string; email: string }
  /** Wrong email or password; `retryAfterSeconds` > 0 when the next attempt must wait. */
  | { ok: false; reason: "invalid"; retryAfterSeconds: number }
  /** Refused unchecked: the account or the address is still waiting. */
  | { ok: false; reason: "wait"; retryAfterSeconds: number; scope: DelayScope };

export async function logIn(opts: { db: Db; delays: SignInDelays; email: string; password: string; address: string; now?: Date }): Promise<LoginResult> {
  const { prisma } = opts.db;
  const now = opts.now ?? systemClock.now();
  const email = opts.email.trim().toLowerCase().slice(0, 200);
  const account = email || "(trống)";
  const admission = opts.delays.admit(account, opts.address);
  if (!admission.ok) return { ok: false, reason: "wait", retryAfterSeconds: seconds(admission.waitMs), scope: admission.scope };

  let staffId: string | undefined;
  try {
    const staff = email ? await prisma.staffUser.findUnique({ where: { email } }) : null;
    if (staff && staff.active) {
      if (await verifyPassword(staff.passwordHash, opts.password)) staffId = staff.id;
    } else {
      await verifyAgainstDummy(opts.password);
    }
    if (!staffId) {
      const known = staff?.active === true;
      await recordAudit(prisma, { actor: account, action: "auth.loginFailed", target: known ? email : null, detail: known ? {} : { reason: staff ? "inactive" : "unknown" } });
    }
  } catch (err) {
    opts.delays.abandoned(account, opts.address);
    throw err;
  }

  if (!staffId) {
    const { waitMs, firstDelays } = opts.delays.failed(account, opts.address);
    for (const scope of firstDelays) {
      await recordAudit(prisma, {
        actor: opts.address,
        action: "auth.signInDelayed",
        target: scope === "account" ? account : opts.address,
        detail: { scope, waitSeconds: seconds(waitMs) },
      });
    }
    return { ok: false, reason: "invalid", retryAfterSeconds: seconds(waitMs) };
  }
  opts.delays.succeeded(account, opts.address);
  await recordSignIn(prisma, staffId, now);
  await recordAudit(prisma, { actor: email, action: "auth.login", target: email });
  return { ok: true, staffId, email };
}

function seconds(ms: number): number {
  return Math.ceil(ms / 1000);
}
