// Use case: delete chat messages older than the retention period (CHAT_LOG_RETENTION_DAYS), and
// the processed-update and sent-outbox bookkeeping of the same age, each through its table's owner.
// Run by a scheduled job.
import { systemClock } from "../clock.ts";
import { deleteMessagesBefore } from "../db/chat-log.ts";
import type { Db } from "../db/client.ts";
import { deleteFinishedBefore } from "../db/outbox.ts";
import { deleteProcessedBefore } from "../db/processed-updates.ts";

export interface PurgeReport {
  messages: number;
  processedUpdates: number;
  outbox: number;
}

export async function purgeChatLogs(opts: { db: Db; retentionDays: number; now?: Date }): Promise<PurgeReport> {
  const cutoff = new Date((opts.now ?? systemClock.now()).getTime() - opts.retentionDays * 86_400_000);
  const { prisma } = opts.db;
  const messages = await deleteMessagesBefore(prisma, cutoff);
  const processedUpdates = await deleteProcessedBefore(prisma, cutoff);
  const outbox = await deleteFinishedBefore(prisma, cutoff);
  return { messages, processedUpdates, outbox };
}
