// The deadlines job as the scheduler runs it: checkDeadlines with the service's settings, a log
// line when something happened, and a nudge to the outbox so Telegram notices leave at once.
import type { Logger } from "pino";
import type { Config } from "../config.ts";
import type { Db } from "../db/client.ts";
import type { AppEvents } from "../events.ts";
import { checkDataRequestDeadlines } from "../privacy/check-data-request-deadlines.ts";
import { checkDeadlines } from "./check-deadlines.ts";
import { noticeTexts } from "./notice-texts.ts";
import type { ScheduledJob } from "./scheduler.ts";

export function deadlineJob(opts: { db: Db; config: Config; log: Logger; events?: AppEvents }): ScheduledJob {
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
      // Personal data requests past their 2-working-day deadline: once each, to the administrators.
      const dataRequests = await checkDataRequestDeadlines({ db: opts.db, now, telegramChatId, publicBaseUrl: config.publicBaseUrl, notice: noticeTexts.dataRequestOverdue });
      if (dataRequests.length) {
        opts.log.info({ overdueDataRequests: dataRequests.length }, "overdue personal data requests reported");
        if (telegramChatId) opts.events?.emit("outboxWritten", { channel: "telegram" });
      }
      if (report.reminded.length || report.escalated.length || report.urgent.length) {
        opts.log.info({ reminded: report.reminded.length, escalated: report.escalated.length, urgent: report.urgent.length }, "deadline reminders, escalations and urgent reports");
        if (telegramChatId) opts.events?.emit("outboxWritten", { channel: "telegram" });
      }
    },
  };
}
