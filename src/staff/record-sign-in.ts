// Use case: remember when a staff member last signed in (shown on the settings page). The console's
// sign-in (console/auth/log-in.ts) calls it after the password was right; refused attempts are
// slowed down in memory (console/auth/sign-in-delays.ts), never stored on the account.
import type { Prisma, PrismaClient } from "../db/client.ts";

export async function recordSignIn(tx: Prisma.TransactionClient | PrismaClient, staffId: string, now: Date): Promise<void> {
  await tx.staffUser.update({ where: { id: staffId }, data: { lastLoginAt: now } });
}
