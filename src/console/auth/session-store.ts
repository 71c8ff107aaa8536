// Console sessions in the StaffSession table, shared by every instance. The cookie carries a
// random token; the table keeps only its SHA-256 (the row id), so a database leak does not reveal
// live cookies. Each session has its own CSRF token. Expiry slides with activity. The rows are
// written by staff/staff-sessions.ts, the table's owner; this module keeps the cookie side.
import { createHash, randomBytes } from "node:crypto";
import { systemClock } from "../../clock.ts";
import { recordAudit } from "../../db/audit-log.ts";
import type { Db } from "../../db/client.ts";
import { closeStaffSession, extendStaffSession, openStaffSession } from "../../staff/staff-sessions.ts";
import { STAFF_ROLES, type StaffActor, type StaffRole } from "../../staff/staff-scope.ts";

export interface ConsoleSession {
  id: string;
  csrfToken: string;
  actor: StaffActor;
}

/** Activity refreshes the expiry at most this often, to keep reads from writing on every click. */
const TOUCH_EVERY_MS = 60_000;

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export async function createSession(db: Db, staffId: string, ttlMs: number, now: Date = systemClock.now()): Promise<{ token: string; csrfToken: string }> {
  const token = randomBytes(32).toString("base64url");
  const csrfToken = randomBytes(24).toString("base64url");
  await db.prisma.$transaction(async (tx) => {
    await openStaffSession(tx, { id: hashToken(token), staffId, csrfToken, now, expiresAt: new Date(now.getTime() + ttlMs) });
  });
  return { token, csrfToken };
}

export async function findSession(db: Db, token: string, ttlMs: number, now: Date = systemClock.now()): Promise<ConsoleSession | null> {
  if (!/^[\w-]{20,100}$/.test(token)) return null;
  const id = hashToken(token);
  const row = await db.prisma.staffSession.findUnique({
    where: { id },
    include: { staff: { select: { id: true, email: true, name: true, role: true, departmentId: true, active: true } } },
  });
  const role = row?.staff.role;
  if (!row || row.expiresAt <= now || !row.staff.active || !role || !isRole(role)) return null;
  if (now.getTime() - row.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
    await extendStaffSession(db.prisma, { id, now, expiresAt: new Date(now.getTime() + ttlMs) });
  }
  const { staff } = row;
  return {
    id,
    csrfToken: row.csrfToken,
    actor: { id: staff.id, email: staff.email, name: staff.name, role, departmentId: staff.departmentId },
  };
}

/** Logging out: the session row goes, so the cookie is worthless even if it was copied. */
export async function endSession(db: Db, session: ConsoleSession): Promise<void> {
  await db.prisma.$transaction(async (tx) => {
    await closeStaffSession(tx, session.id);
    await recordAudit(tx, { actor: session.actor.email, action: "auth.logout", target: session.actor.email });
  });
}

function isRole(role: string): role is StaffRole {
  return (STAFF_ROLES as readonly string[]).includes(role);
}
