// The announcements part's scheduled jobs: "subscription-notices" sends the opportunity notices
// that waited for the end of quiet hours and makes the weekly digests that are due (each person at
// most once a week); "broadcasts" moves the next window of each broadcast's recipients into the
// outbox. Both nudge the outbox worker when they wrote something.
import type { Logger } from "pino";
import { pumpBroadcasts } from "../announcements/pump-broadcasts.ts";
import { sendDueNotices } from "../announcements/notify-subscribers.ts";
import type { NoticeTexts } from "../announcements/notice-line.ts";
import { sendWeeklyDigests } from "../announcements/weekly-digest.ts";
import type { Db } from "../db/client.ts";
import type { AppEvents } from "../events.ts";
import type { ScheduledJob } from "./scheduler.ts";

const nudge = (events: AppEvents | undefined) => {
  for (const channel of ["telegram", "zalo", "web"]) events?.emit("outboxWritten", { channel });
};

export function subscriptionNoticesJob(opts: { db: Db; texts: NoticeTexts; log: Logger; events?: AppEvents }): ScheduledJob {
  return {
    name: "subscription-notices",
    async run(now) {
      const due = await sendDueNotices(opts.db, { now, texts: opts.texts });
      const digests = await sendWeeklyDigests(opts.db, { now, texts: opts.texts });
      if (due.sent || due.skipped || digests.sent) {
        opts.log.info({ notices: due.sent, skipped: due.skipped, digests: digests.sent, emptyDigests: digests.empty }, "subscription notices sent");
        nudge(opts.events);
      }
    },
  };
}

export function broadcastJob(opts: { db: Db; texts: NoticeTexts; window: Record<string, number>; log: Logger; events?: AppEvents }): ScheduledJob {
  return {
    name: "broadcasts",
    async run(now) {
      const { queued, skipped } = await pumpBroadcasts(opts.db, { now, texts: opts.texts, window: opts.window });
      if (queued || skipped) {
        opts.log.info({ queued, skipped }, "broadcast recipients queued");
        nudge(opts.events);
      }
    },
  };
}
