// The Message table's only writer: the chat log, what a person said and what the bot answered.
// The conversation records each exchange in the transaction of the message (direct SQL: it runs
// for every message); privacy deletes a person's log on erasure and old logs on retention.
import type { Prisma, PrismaClient } from "./client.ts";
import { asSession, sql, type SqlSession } from "./sql.ts";

type Tx = Prisma.TransactionClient | PrismaClient | SqlSession;

export interface Exchange {
  identityId: string;
  /** What the person sent, as logged. */
  inText: string;
  /** The replies, as logged. */
  outText: string;
  /** The outcome ("answer", "clarify", "fallback"…). */
  kind: string;
  topScore: number | null;
  at: Date;
}

/** One message in and the replies out, as two rows. */
export async function recordExchange(tx: Tx, e: Exchange): Promise<void> {
  await asSession(tx).execute(sql`
    INSERT INTO "Message" ("identityId", "direction", "text", "kind", "topScore", "createdAt")
    VALUES (${e.identityId}, 'in', ${e.inText}, NULL, NULL, ${e.at}),
           (${e.identityId}, 'out', ${e.outText}, ${e.kind}, ${e.topScore}, ${e.at})`);
}

/** Erasure: every message of these identities. Returns how many rows went. */
export async function deleteMessagesOf(tx: Prisma.TransactionClient, identityIds: string[]): Promise<number> {
  const { count } = await tx.message.deleteMany({ where: { identityId: { in: identityIds } } });
  return count;
}

/** Retention: messages older than `cutoff`. Returns how many rows went. */
export async function deleteMessagesBefore(prisma: PrismaClient | Prisma.TransactionClient, cutoff: Date): Promise<number> {
  const { count } = await prisma.message.deleteMany({ where: { createdAt: { lt: cutoff } } });
  return count;
}
