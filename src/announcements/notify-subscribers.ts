// Tells subscribers of new opportunities that fit them (kind and area, subscription-terms.ts), one
// notice per person and opportunity, recorded in OpportunityNotice. Called by the use cases that
// add opportunities (create, import), in their transaction: the notice records and the outbox rows
// commit with the new opportunity or not at all. In quiet hours (quiet-hours.ts) the notice is
// recorded as waiting until 07:00 and the notices job (sendDueNotices) sends it then, checking
// again that the person has not stopped notices, still consents to receive messages and the
// opportunity is still current. Two instances running the job at once send each waiting notice
// once: a notice is taken (waiting → sent) by a conditional update before its message is written.
// The messages are bulk (they yield to replies; STOP cancels them while unsent). Weekly subscribers
// are not told here: the weekly digest (weekly-digest.ts) picks the opportunity up.
import type { Db, Prisma } from "../db/client.ts";
import { noticeRecipients } from "../db/notice-recipients.ts";
import { enqueueMessages } from "../db/outbox.ts";
import { toLocale } from "../prompts.ts";
import { opportunitiesPage, opportunityLine, type NoticeTexts } from "./notice-line.ts";
import { isCurrent } from "./opportunity-status.ts";
import { inQuietHours, sendableAt } from "./quiet-hours.ts";
import { claimNotices, recordOpportunityNotices } from "./subscription-store.ts";
import { MESSAGES_CONSENT, readKinds, subscriptionMatches } from "./subscription-terms.ts";

type Tx = Prisma.TransactionClient;
type NoticeOpportunity = { id: string; kind: string; title: string; organiser: string; place: string; placeKey: string; deadline: Date | null; startsAt: Date | null; link: string | null };

/** How many opportunities one notice lists at most; more are counted and linked to /co-hoi. */
const NOTICE_ITEMS = 5;

/**
 * One message for everything new that fits a person at once: an import of 200 jobs is one notice
 * listing five and counting the rest, never 200 messages.
 */
function noticeText(texts: NoticeTexts, locale: string, items: readonly NoticeOpportunity[]): string {
  const l = toLocale(locale);
  const t = (key: string, vars?: Record<string, string | number>) => texts.prompts.t(l, key, vars);
  if (items.length === 1) return `${t("subscribe.notice", { item: opportunityLine(texts, l, 1, items[0]!).replace(/^1\. /, "") })}\n\n${t("subscribe.why")}`;
  const lines = items.slice(0, NOTICE_ITEMS).map((o, i) => opportunityLine(texts, l, i + 1, o));
  const more = items.length > NOTICE_ITEMS ? `\n${t("subscribe.digestMore", { count: items.length - NOTICE_ITEMS })}` : "";
  return `${t("subscribe.noticeMany", { count: items.length })}\n${lines.join("\n")}${more}\n${t("opportunities.page", { link: opportunitiesPage(texts) })}\n\n${t("subscribe.why")}`;
}

/**
 * Records (and, outside quiet hours and when `texts` is given, sends) a notice of each of
 * `opportunityIds` to each immediate subscriber it fits. Returns how many notices were recorded.
 */
export async function queueOpportunityNotices(tx: Tx, opts: { opportunityIds: string[]; now: Date; texts?: NoticeTexts | undefined }): Promise<number> {
  if (opts.opportunityIds.length === 0) return 0;
  const opportunities = (await tx.opportunity.findMany({ where: { id: { in: opts.opportunityIds } } })).filter((o) => isCurrent(o, opts.now));
  if (opportunities.length === 0) return 0;
  const subscriptions = await tx.subscription.findMany({ where: { cadence: "immediate" } });
  const recipients = new Map((await noticeRecipients(tx, subscriptions.map((s) => s.userId), { consent: MESSAGES_CONSENT })).map((r) => [r.userId, r]));
  const told = await tx.opportunityNotice.findMany({ where: { opportunityId: { in: opportunities.map((o) => o.id) } }, select: { userId: true, opportunityId: true } });
  const already = new Set(told.map((t) => `${t.userId}|${t.opportunityId}`));
  const dueAt = sendableAt(opts.now);
  const sendNow = dueAt.getTime() <= opts.now.getTime() && opts.texts !== undefined;
  const rows: Parameters<typeof recordOpportunityNotices>[1] = [];
  const messages: Parameters<typeof enqueueMessages>[1] = [];
  for (const s of subscriptions) {
    const recipient = recipients.get(s.userId);
    if (!recipient) continue; // stopped, consent withdrawn, or no chat that can be reached
    const terms = { kinds: readKinds(s.kinds), areaKey: s.areaKey };
    const fitting = opportunities.filter((o) => subscriptionMatches(terms, o) && !already.has(`${s.userId}|${o.id}`));
    for (const o of fitting) rows.push({ userId: s.userId, opportunityId: o.id, via: "immediate", status: sendNow ? "sent" : "waiting", dueAt, now: opts.now });
    if (sendNow && fitting.length > 0) {
      messages.push({ channel: recipient.channel, chatId: recipient.chatId, identityId: recipient.identityId, payload: { text: noticeText(opts.texts!, recipient.locale, fitting) } });
    }
  }
  await recordOpportunityNotices(tx, rows);
  await enqueueMessages(tx, messages, opts.now, { bulk: true });
  return rows.length;
}

/** How many waiting notices one run of the job sends at most; the rest wait for the next run. */
const DUE_BATCH = 500;

/**
 * The notices job: the waiting notices whose time has come (the end of quiet hours, or recorded
 * without texts), sent unless the person stopped notices, withdrew the consent to receive
 * messages, cannot be reached, unsubscribed, or the opportunity is no longer current (then recorded
 * as skipped). Returns how many were sent.
 */
export async function sendDueNotices(db: Db, opts: { now: Date; texts: NoticeTexts }): Promise<{ sent: number; skipped: number }> {
  if (inQuietHours(opts.now)) return { sent: 0, skipped: 0 };
  return db.prisma.$transaction(async (tx) => {
    const due = await tx.opportunityNotice.findMany({
      where: { status: "waiting", dueAt: { lte: opts.now } },
      include: { opportunity: true, user: { select: { subscription: { select: { userId: true } } } } },
      orderBy: { id: "asc" },
      take: DUE_BATCH,
    });
    if (due.length === 0) return { sent: 0, skipped: 0 };
    const recipients = new Map((await noticeRecipients(tx, due.map((n) => n.userId), { consent: MESSAGES_CONSENT })).map((r) => [r.userId, r]));
    const goes = (n: (typeof due)[number]) => recipients.has(n.userId) && n.user.subscription !== null && isCurrent(n.opportunity, opts.now);
    // Taken before anything is written: another instance running the job at the same moment read
    // the same notices, and only the one whose update finds them still waiting sends them.
    // One statement for both, so two instances never lock the same notices in different orders.
    const { sent, skipped } = await claimNotices(tx, db.provider, { sent: due.filter(goes).map((n) => n.id), skipped: due.filter((n) => !goes(n)).map((n) => n.id) }, opts.now);
    // Everything that waited for a person through the night goes out as one message.
    const byUser = new Map<string, NoticeOpportunity[]>();
    for (const n of due) {
      if (sent.has(n.id)) (byUser.get(n.userId) ?? byUser.set(n.userId, []).get(n.userId)!).push(n.opportunity);
    }
    const messages: Parameters<typeof enqueueMessages>[1] = [];
    for (const [userId, items] of byUser) {
      const recipient = recipients.get(userId)!;
      messages.push({ channel: recipient.channel, chatId: recipient.chatId, identityId: recipient.identityId, payload: { text: noticeText(opts.texts, recipient.locale, items) } });
    }
    await enqueueMessages(tx, messages, opts.now, { bulk: true });
    return { sent: sent.size, skipped: skipped.size };
  });
}
