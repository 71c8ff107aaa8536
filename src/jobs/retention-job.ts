// Scheduled job: deletes chat logs older than CHAT_LOG_RETENTION_DAYS (the privacy notice promises it),
// and the used or expired /lienket codes and old wrong-code attempts (a day after).
import type { Logger } from "pino";
import type { Db } from "../db/client.ts";
import { purgeChatLogs } from "../privacy/purge-chat-logs.ts";
import { purgeLinkRows } from "../privacy/purge-link-rows.ts";
import type { ScheduledJob } from "./scheduler.ts";

export function retentionJob(opts: { db: Db; retentionDays: number; log: Logger }): ScheduledJob {
  return {
    name: "chat-log-retention",
    async run(now) {
      const report = await purgeChatLogs({ db: opts.db, retentionDays: opts.retentionDays, now });
      if (report.messages + report.processedUpdates + report.outbox > 0) {
        opts.log.info({ ...report, retentionDays: opts.retentionDays }, "old chat logs purged");
      }
      const linking = await purgeLinkRows({ db: opts.db, now });
      if (linking.codes + linking.attempts > 0) opts.log.info({ linkCodes: linking.codes, linkAttempts: linking.attempts }, "old linking codes and attempts purged");
    },
  };
}
