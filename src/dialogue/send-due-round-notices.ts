// The round notices that waited for the end of quiet hours: "on the agenda" and "answered" notices
// a coordinator's change caused between 21:00 and 07:00 Vietnam time (notify-round-question.ts
// records them as waiting). Run by the round-notices job; from 07:00 each is written to the outbox,
// in the words of the question as it is then, unless by then the person used the stop switch or
// cannot be reached, or the notice is no longer true (the question left the agenda, was merged or
// closed, or its public answer was withdrawn): those are removed, not recorded as told. Two
// instances running the job at once send each notice once: it is taken (waiting → sent) by a
// conditional update before its message is written. Like every notice, the message is bulk: it
// yields to replies and STOP cancels it while unsent.
import { inQuietHours } from "../announcements/quiet-hours.ts";
import type { Db } from "../db/client.ts";
import { noticeRecipients } from "../db/notice-recipients.ts";
import { enqueueMessages } from "../db/outbox.ts";
import { noticeText, readNoticeItem, type NoticeItem, type NoticeTexts } from "./notify-round-question.ts";
import { claimNoticesSent, dropNotices, dueNotices, type NoticeKind } from "./round-notices.ts";

/** How many waiting notices one run sends at most; the rest go on the next run. */
const DUE_BATCH = 500;

/** Whether a notice of `kind` about `item` is still true. */
function stillTrue(item: NoticeItem, kind: NoticeKind): boolean {
  if (!item.round || item.mergedIntoId || item.status === "closed" || item.status === "rejected") return false;
  return kind === "agenda" ? item.agenda : item.publicApproved && item.publicAnswer !== null;
}

export async function sendDueRoundNotices(db: Db, opts: { now: Date; texts: NoticeTexts }): Promise<{ sent: number; dropped: number }> {
  if (inQuietHours(opts.now)) return { sent: 0, dropped: 0 };
  return db.prisma.$transaction(async (tx) => {
    const due = await dueNotices(tx, opts.now, DUE_BATCH);
    if (due.length === 0) return { sent: 0, dropped: 0 };
    const recipients = new Map((await noticeRecipients(tx, due.map((n) => n.userId))).map((r) => [r.userId, r]));
    const items = new Map<string, NoticeItem>();
    for (const id of new Set(due.map((n) => n.proposalId))) items.set(id, await readNoticeItem(tx, id));
    const going: string[] = [];
    const dropped: string[] = [];
    for (const n of due) {
      if (!recipients.has(n.userId) || !stillTrue(items.get(n.proposalId)!, n.kind as NoticeKind)) dropped.push(n.id);
      else going.push(n.id);
    }
    // Taken before anything is written: only what this transaction took goes out.
    const sent = await claimNoticesSent(tx, going, opts.now);
    const messages: Parameters<typeof enqueueMessages>[1] = [];
    for (const n of due) {
      if (!sent.has(n.id)) continue;
      const recipient = recipients.get(n.userId)!;
      messages.push({ channel: recipient.channel, chatId: recipient.chatId, identityId: recipient.identityId, payload: { text: noticeText(opts.texts, items.get(n.proposalId)!, n.kind as NoticeKind, recipient) } });
    }
    await enqueueMessages(tx, messages, opts.now, { bulk: true });
    await dropNotices(tx, dropped);
    return { sent: sent.size, dropped: dropped.length };
  });
}
