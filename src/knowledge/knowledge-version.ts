// The knowledge version: one row counting knowledge changes. Writers bump it in the transaction that
// changes documents; every instance polls it and catches its index up when it moves.
import type { Prisma, PrismaClient } from "../db/client.ts";

type Tx = Prisma.TransactionClient | PrismaClient;

export async function bumpKnowledgeVersion(tx: Tx): Promise<void> {
  await tx.knowledgeVersion.upsert({ where: { id: 1 }, create: { id: 1, version: 1 }, update: { version: { increment: 1 } } });
}

export async function readKnowledgeVersion(tx: Tx): Promise<number> {
  return (await tx.knowledgeVersion.findUnique({ where: { id: 1 } }))?.version ?? 0;
}
