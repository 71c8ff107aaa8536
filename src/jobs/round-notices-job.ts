// The "round-notices" job: sends the dialogue round notices ("on the agenda", "answered") that
// waited for the end of quiet hours (src/dialogue/send-due-round-notices.ts), and nudges the
// outbox worker when it wrote something.
import type { Logger } from "pino";
import type { Db } from "../db/client.ts";
import type { NoticeTexts } from "../dialogue/notify-round-question.ts";
import { sendDueRoundNotices } from "../dialogue/send-due-round-notices.ts";
import type { AppEvents } from "../events.ts";
import type { ScheduledJob } from "./scheduler.ts";

export function roundNoticesJob(opts: { db: Db; texts: NoticeTexts; log: Logger; events?: AppEvents }): ScheduledJob {
  return {
    name: "round-notices",
    async run(now) {
      const { sent, dropped } = await sendDueRoundNotices(opts.db, { now, texts: opts.texts });
      if (sent || dropped) {
        opts.log.info({ sent, dropped }, "round notices sent after quiet hours");
        if (sent) for (const channel of ["telegram", "zalo", "web"]) opts.events?.emit("outboxWritten", { channel });
      }
    },
  };
}
