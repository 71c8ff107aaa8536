// The StaffSession table's only writer: console sign-ins, one row per session. The console keeps
// the cookie, the token and its hash (console/auth/session-store.ts) and calls these; staff use
// cases end an account's sessions when it is deactivated or its password changes.
import type { Prisma, PrismaClient } from "../db/client.ts";

type Tx = Prisma.TransactionClient | PrismaClient;

/** A new session (its id is the token's hash); expired sessions of anyone are cleared on the way. */
export async function openStaffSession(
  tx: Prisma.TransactionClient,
  session: { id: string; staffId: string; csrfToken: string; now: Date; expiresAt: Date },
): Promise<void> {
  await tx.staffSession.deleteMany({ where: { expiresAt: { lt: session.now } } });
  await tx.staffSession.create({
    data: { id: session.id, staffId: session.staffId, csrfToken: session.csrfToken, createdAt: session.now, lastSeenAt: session.now, expiresAt: session.expiresAt },
  });
}

/** Activity: the session was seen at `now` and lives on until `expiresAt`. */
export async function extendStaffSession(tx: Tx, session: { id: string; now: Date; expiresAt: Date }): Promise<void> {
  await tx.staffSession.updateMany({ where: { id: session.id }, data: { lastSeenAt: session.now, expiresAt: session.expiresAt } });
}

/** Signing out: the row goes, so the cookie is worthless even if it was copied. */
export async function closeStaffSession(tx: Tx, id: string): Promise<void> {
  await tx.staffSession.deleteMany({ where: { id } });
}

/** Every session of the account (but `except`, the one in use when the person changes their own password). */
export async function closeStaffSessionsOf(tx: Tx, staffId: string, opts: { except?: string } = {}): Promise<number> {
  const { count } = await tx.staffSession.deleteMany({ where: { staffId, ...(opts.except ? { id: { not: opts.except } } : {}) } });
  return count;
}
