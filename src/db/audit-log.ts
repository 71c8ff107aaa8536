// The audit log: one row per staff or administrator action (and system actions on their behalf),
// written in the same transaction as the action when there is one. Details are JSON.
import type { Prisma, PrismaClient } from "./client.ts";

type Tx = Prisma.TransactionClient | PrismaClient;

export async function recordAudit(
  tx: Tx,
  entry: { actor: string; action: string; target?: string | null; detail?: Record<string, unknown> },
): Promise<void> {
  await tx.auditLog.create({
    data: { actor: entry.actor, action: entry.action, target: entry.target ?? null, detail: JSON.stringify(entry.detail ?? {}) },
  });
}
