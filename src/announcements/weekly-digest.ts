// The weekly digest: once a week (from Monday 08:00 Vietnam time), each weekly subscriber gets one
// message with up to five current opportunities that fit them and they were not told of before,
// the nearest deadline first, and the link to /co-hoi for the rest. Nothing new: no message. A
// person gets at most one digest a week (Subscription.digestAt, set by a conditional update before
// the digest is written, so two instances running the job at once make it once), however often the
// job runs; the items are recorded in OpportunityNotice so no later digest repeats them. Not in
// quiet hours, and never to someone who stopped notices, withdrew the consent to receive messages
// or cannot be reached. The digest is a bulk message: it yields to replies and STOP cancels it unsent.
import type { Db } from "../db/client.ts";
import { noticeRecipients } from "../db/notice-recipients.ts";
import { enqueueMessages } from "../db/outbox.ts";
import { toLocale } from "../prompts.ts";
import { addVietnamDays, vietnamDay, vietnamTimeOn, weekdayOf } from "../vietnam-time.ts";
import { opportunitiesPage, opportunityLine, type NoticeTexts } from "./notice-line.ts";
import { inQuietHours } from "./quiet-hours.ts";
import { markDigestMade, recordOpportunityNotices } from "./subscription-store.ts";
import { MESSAGES_CONSENT, readKinds, subscriptionMatches } from "./subscription-terms.ts";

export const DIGEST_ITEMS = 5;
const WEEK_MS = 7 * 86_400_000;

/** The latest Monday 08:00 Vietnam time at or before `now`: this week's digest time. */
export function digestTimeOfWeek(now: Date): Date {
  const today = vietnamDay(now);
  const sinceMonday = (weekdayOf(today) + 6) % 7;
  const monday = vietnamTimeOn(addVietnamDays(today, -sinceMonday), 8);
  return monday.getTime() > now.getTime() ? new Date(monday.getTime() - WEEK_MS) : monday;
}

/** Makes this week's digests that are due; returns how many were sent and how many had nothing new. */
export async function sendWeeklyDigests(db: Db, opts: { now: Date; texts: NoticeTexts }): Promise<{ sent: number; empty: number }> {
  if (inQuietHours(opts.now)) return { sent: 0, empty: 0 };
  const weekStart = digestTimeOfWeek(opts.now);
  const due = await db.prisma.subscription.findMany({
    where: { cadence: "weekly", createdAt: { lte: weekStart }, OR: [{ digestAt: null }, { digestAt: { lt: weekStart } }] },
    take: 500,
  });
  let sent = 0;
  let empty = 0;
  for (const s of due) {
    await db.prisma.$transaction(async (tx) => {
      // Another instance may be making it at this moment: only the one whose mark takes goes on.
      if (!(await markDigestMade(tx, s.userId, weekStart, opts.now))) return;
      const fresh = await tx.subscription.findUniqueOrThrow({ where: { userId: s.userId } });
      const [recipient] = await noticeRecipients(tx, [s.userId], { consent: MESSAGES_CONSENT });
      if (!recipient) return;
      const told = new Set((await tx.opportunityNotice.findMany({ where: { userId: s.userId }, select: { opportunityId: true } })).map((n) => n.opportunityId));
      const current = await tx.opportunity.findMany({ where: { withdrawnAt: null, expiresAt: { gt: opts.now } }, orderBy: [{ expiresAt: "asc" }, { id: "asc" }] });
      const terms = { kinds: readKinds(fresh.kinds), areaKey: fresh.areaKey };
      const fitting = current.filter((o) => !told.has(o.id) && subscriptionMatches(terms, o));
      if (fitting.length === 0) {
        empty++;
        return;
      }
      const items = fitting.slice(0, DIGEST_ITEMS);
      const locale = toLocale(recipient.locale);
      const t = (key: string, vars?: Record<string, string | number>) => opts.texts.prompts.t(locale, key, vars);
      const lines = items.map((o, i) => opportunityLine(opts.texts, locale, i + 1, o));
      const more = fitting.length > items.length ? `\n${t("subscribe.digestMore", { count: fitting.length - items.length })}` : "";
      const text = `${t("subscribe.digestTitle")}\n${lines.join("\n")}${more}\n${t("opportunities.page", { link: opportunitiesPage(opts.texts) })}\n\n${t("subscribe.why")}`;
      await enqueueMessages(tx, [{ channel: recipient.channel, chatId: recipient.chatId, identityId: recipient.identityId, payload: { text } }], opts.now, { bulk: true });
      await recordOpportunityNotices(
        tx,
        items.map((o) => ({ userId: s.userId, opportunityId: o.id, via: "digest" as const, status: "sent" as const, dueAt: opts.now, now: opts.now })),
      );
      sent++;
    });
  }
  return { sent, empty };
}
