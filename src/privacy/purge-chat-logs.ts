// Use case: delete chat messages older than the retention period (CHAT_LOG_RETENTION_DAYS), and
// the processed-update and sent-outbox bookkeeping of the same age. Run by a scheduled job.
import type { Db } from "../db/client.ts";
import { deleteFinishedBefore } from "../db/outbox.ts";
import { deleteProcessedBefore } from "../db/processed-updates.ts";

export interface PurgeReport {
  messages: number;
  processedUpdates: number;
  outbox: number;
}

export async function purgeChatLogs(opts: { db: Db; retentionDays: number; now?: Date }): Promise<PurgeReport> {
  const cutoff = new Date((opts.now ?? new Date()).getTime() - opts.retentionDays * 86_400_000);
  const { prisma } = opts.db;
  const messages = await prisma.message.deleteMany({ where: { createdAt: { lt: cutoff } } });
  const processedUpdates = await deleteProcessedBefore(prisma, cutoff);
  const outbox = await deleteFinishedBefore(prisma, cutoff);
  return { messages: messages.count, processedUpdates, outbox };
}
