// The "opportunity-feeds" job: at each run (under the job lease, so one instance runs it) it
// fetches the active feeds not fetched for FEEDS_POLL_MINUTES and brings their items in as
// opportunities (announcements/feeds/import-feed.ts). It runs on a scheduler of its own, so a slow
// feed never holds back the deadline reminders; it nudges the outbox worker when new opportunities
// were added, since subscribers may have been sent notices about them.
import type { Logger } from "pino";
import { fetchDueFeeds, type FeedFetchSettings } from "../announcements/feeds/import-feed.ts";
import type { NoticeTexts } from "../announcements/notice-line.ts";
import type { Db } from "../db/client.ts";
import type { AppEvents } from "../events.ts";
import type { ScheduledJob } from "./scheduler.ts";

export function feedJob(opts: {
  db: Db;
  texts: NoticeTexts;
  topics: ReadonlySet<string>;
  pollMinutes: number;
  settings: FeedFetchSettings;
  log: Logger;
  events?: AppEvents;
}): ScheduledJob {
  return {
    name: "opportunity-feeds",
    async run(now) {
      const summary = await fetchDueFeeds(opts.db, {
        now,
        topics: opts.topics,
        notices: opts.texts,
        settings: opts.settings,
        pollMinutes: opts.pollMinutes,
        onResult: (feedId, result) => {
          if (result.outcome === "failed") opts.log.warn({ feedId, reason: result.reason, status: result.status }, "opportunity feed not read");
        },
        onError: (feedId, err) => opts.log.error({ err, feedId }, "opportunity feed import failed"),
      });
      if (summary.fetched === 0) return;
      opts.log.info(summary, "opportunity feeds fetched");
      if (summary.added > 0) for (const channel of ["telegram", "zalo", "web"]) opts.events?.emit("outboxWritten", { channel });
    },
  };
}
