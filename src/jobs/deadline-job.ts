// The deadlines job as the scheduler runs it: checkDeadlines with the service's settings, a log
// line when something happened, and a nudge to the outbox so Telegram notices leave at once.
import type { Logger } from "pino";
import type { Config } from "../config.ts";
import type { Db } from "../db/client.ts";
import { checkDeadlines } from "./check-deadlines.ts";
import type { ScheduledJob } from "./scheduler.ts";

export function deadlineJob(opts: { db: Db; config: Config; log: Logger; onOutbox?: () => void }): ScheduledJob {
  const { config } = opts;
  const telegramChatId = config.telegram && config.staffTelegramChatId ? config.staffTelegramChatId : undefined;
  return {
    name: "deadlines",
    async run(now) {
      const report = await checkDeadlines({
        db: opts.db,
        now,
        reminderDays: config.deadlineReminderDays,
        telegramChatId,
        publicBaseUrl: config.publicBaseUrl,
      });
      if (report.reminded.length || report.escalated.length) {
        opts.log.info({ reminded: report.reminded.length, escalated: report.escalated.length }, "deadline reminders and escalations");
        if (telegramChatId) opts.onOutbox?.();
      }
    },
  };
}
