// The ProcessedUpdate table's only writer: which platform updates were already handled, so a
// platform's re-sent update has no second effect. An update is recorded in the same transaction as
// its effect; a second delivery then fails here with a unique violation (isUniqueViolation).
import { systemClock } from "../clock.ts";
import type { Prisma, PrismaClient } from "./client.ts";
import { asSession, sql, type SqlSession } from "./sql.ts";

type Tx = Prisma.TransactionClient | PrismaClient | SqlSession;

/** Records the update as handled (at `now`, from which retention counts); throws a unique violation when it already was. */
export async function recordProcessedUpdate(tx: Tx, channel: string, updateId: string, now: Date = systemClock.now()): Promise<void> {
  await asSession(tx).execute(sql`INSERT INTO "ProcessedUpdate" ("channel", "updateId", "createdAt") VALUES (${channel}, ${updateId}, ${now})`);
}

/** Retention: records older than `cutoff` (platforms stop re-sending long before). */
export async function deleteProcessedBefore(prisma: PrismaClient, cutoff: Date): Promise<number> {
  const { count } = await prisma.processedUpdate.deleteMany({ where: { createdAt: { lt: cutoff } } });
  return count;
}
