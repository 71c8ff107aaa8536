// The LinkCode and LinkAttempt tables' only writer: the one-time codes of /lienket (only their
// SHA-256 is stored) and the wrong codes an identity typed, which make it wait after too many.
// What a code means and when it may be used is decided in conversation/link-channels.ts; the
// retention job (privacy/purge-link-rows.ts) deletes the rows that can no longer matter.
import type { Prisma, PrismaClient } from "./client.ts";

type Tx = Prisma.TransactionClient;

/** A new code for `identityId`; the identity's earlier unused codes stop working. */
export async function insertLinkCode(tx: Tx, code: { codeHash: string; userId: string; identityId: string; now: Date; expiresAt: Date }): Promise<void> {
  await tx.linkCode.deleteMany({ where: { OR: [{ identityId: code.identityId, usedAt: null }, { expiresAt: { lt: code.now } }] } });
  await tx.linkCode.create({ data: { codeHash: code.codeHash, userId: code.userId, identityId: code.identityId, createdAt: code.now, expiresAt: code.expiresAt } });
}

export async function findLinkCode(tx: Tx, codeHash: string) {
  return tx.linkCode.findUnique({ where: { codeHash } });
}

/** The code a chat is asked to confirm (its id is kept in the conversation state, never the code). */
export async function findLinkCodeById(tx: Tx, id: string) {
  return tx.linkCode.findUnique({ where: { id } });
}

/** Spends the code; false when another message spent it first (then it is "already used"). */
export async function spendLinkCode(tx: Tx, id: string, now: Date): Promise<boolean> {
  const { count } = await tx.linkCode.updateMany({ where: { id, usedAt: null, expiresAt: { gt: now } }, data: { usedAt: now } });
  return count === 1;
}

/** A wrong, expired or used code typed by this identity; attempts older than a day are dropped. */
export async function recordWrongCode(tx: Tx, identityId: string, now: Date): Promise<void> {
  await tx.linkAttempt.deleteMany({ where: { identityId, createdAt: { lt: new Date(now.getTime() - 86_400_000) } } });
  await tx.linkAttempt.create({ data: { identityId, createdAt: now } });
}

/** When the identity typed wrong codes since `since`, oldest first. */
export async function wrongCodesSince(tx: Tx, identityId: string, since: Date): Promise<Date[]> {
  const rows = await tx.linkAttempt.findMany({ where: { identityId, createdAt: { gte: since } }, orderBy: { createdAt: "asc" }, select: { createdAt: true } });
  return rows.map((r) => r.createdAt);
}

/** Retention: codes used or expired before `cutoff` and wrong-code attempts made before it. */
export async function deleteLinkRowsBefore(prisma: Tx | PrismaClient, cutoff: Date): Promise<{ codes: number; attempts: number }> {
  const codes = await prisma.linkCode.deleteMany({ where: { OR: [{ usedAt: { lt: cutoff } }, { expiresAt: { lt: cutoff } }] } });
  const attempts = await prisma.linkAttempt.deleteMany({ where: { createdAt: { lt: cutoff } } });
  return { codes: codes.count, attempts: attempts.count };
}
