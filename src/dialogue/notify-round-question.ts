// Tells everyone who sent or voted for a question of a round, in their own chat and language, when
// it is put on the agenda ("agenda") and when its public answer is approved ("answered"). The
// people: the question's sender, the senders of the questions merged into it (the same question,
// asked again), and everyone who voted for any of them. Called by the use case that makes the
// change, in its transaction: the outbox rows and the RoundNotice rows commit with the change or
// not at all. Skipped: people who used the stop switch or cannot be reached (db/notice-recipients.ts),
// senders who erased their data, and anyone already told this kind about this question. In quiet
// hours (21:00–07:00 Vietnam time, announcements/quiet-hours.ts) nothing is written to the outbox:
// the RoundNotice rows wait until 07:00 and send-due-round-notices.ts sends them then. The messages
// are bulk: they yield to replies, STOP cancels them while unsent, and a retry waits out quiet hours.
import { inQuietHours, sendableAt } from "../announcements/quiet-hours.ts";
import type { Prisma } from "../db/client.ts";
import { noticeRecipients, type NoticeRecipient } from "../db/notice-recipients.ts";
import { enqueueMessages } from "../db/outbox.ts";
import { toLocale, type Prompts } from "../prompts.ts";
import { formatVietnamDateTime } from "../vietnam-time.ts";
import { alreadyNoticed, recordNotices, type NoticeKind } from "./round-notices.ts";

/** What a notice is written with: the texts, and the address the public pages are at. */
export interface NoticeTexts {
  prompts: Prompts;
  /** PUBLIC_BASE_URL, so the link opens outside the web chat. */
  publicBaseUrl?: string | undefined;
}

/** A notice quotes this much of the answer; the public page has the rest. */
const ANSWER_EXCERPT = 700;

const excerpt = (text: string) => (text.length > ANSWER_EXCERPT ? `${text.slice(0, ANSWER_EXCERPT).trimEnd()}…` : text);

const NOTICE_ITEM = {
  id: true,
  code: true,
  userId: true,
  anonymisedAt: true,
  publicSummary: true,
  publicAnswer: true,
  publicApproved: true,
  agenda: true,
  mergedIntoId: true,
  status: true,
  department: { select: { name: true } },
  round: { select: { title: true, slug: true, meetingAt: true } },
} as const satisfies Prisma.ProposalSelect;

export type NoticeItem = Prisma.ProposalGetPayload<{ select: typeof NOTICE_ITEM }>;

/** The question as a notice quotes it, read in the caller's transaction. */
export function readNoticeItem(tx: Prisma.TransactionClient, proposalId: string): Promise<NoticeItem> {
  return tx.proposal.findUniqueOrThrow({ where: { id: proposalId }, select: NOTICE_ITEM });
}

/** The notice `kind` about `item` as `recipient` reads it, in their language. */
export function noticeText(texts: NoticeTexts, item: NoticeItem, kind: NoticeKind, recipient: Pick<NoticeRecipient, "locale">): string {
  const { prompts } = texts;
  const round = item.round!;
  const link = `${(texts.publicBaseUrl ?? "").replace(/\/+$/, "")}/doi-thoai/${round.slug}`;
  const locale = toLocale(recipient.locale);
  const question = item.publicSummary
    ? prompts.t(locale, "dialogue.noticeQuestionQuoted", { summary: item.publicSummary })
    : // Only the sender can be here without an approved summary (votes need one): their own code.
      prompts.t(locale, "dialogue.noticeQuestionCode", { code: item.code });
  const vars = { question, round: round.title, department: item.department.name, link, meetingAt: formatVietnamDateTime(round.meetingAt) };
  const body =
    kind === "agenda" ? prompts.t(locale, "dialogue.noticeAgenda", vars) : prompts.t(locale, "dialogue.noticeAnswered", { ...vars, answer: excerpt(item.publicAnswer ?? "") });
  return `${body}\n\n${prompts.t(locale, "dialogue.noticeWhy")}`;
}

/**
 * Sends `kind` about the question `proposalId` to those not yet told, or in quiet hours records it
 * as waiting for 07:00; returns how many people were told or will be.
 */
export async function notifyRoundQuestion(tx: Prisma.TransactionClient, opts: { proposalId: string; kind: NoticeKind; texts: NoticeTexts; now: Date }): Promise<number> {
  const item = await readNoticeItem(tx, opts.proposalId);
  if (!item.round) return 0;
  const merged = await tx.proposal.findMany({ where: { mergedIntoId: item.id }, select: { id: true, userId: true, anonymisedAt: true } });
  const senders = [item, ...merged].filter((p) => p.userId && !p.anonymisedAt).map((p) => p.userId!);
  const votes = await tx.roundVote.findMany({ where: { proposalId: { in: [item.id, ...merged.map((m) => m.id)] } }, select: { userId: true } });
  const people = [...new Set([...senders, ...votes.map((v) => v.userId)])];
  const told = await alreadyNoticed(tx, item.id, opts.kind, people);
  const recipients = await noticeRecipients(
    tx,
    people.filter((id) => !told.has(id)),
  );
  if (recipients.length === 0) return 0;
  const userIds = recipients.map((r) => r.userId);
  if (inQuietHours(opts.now)) {
    // The text is written at 07:00, from the question as it is then; who is told is decided again too.
    await recordNotices(tx, item.id, opts.kind, userIds, opts.now, { waitingUntil: sendableAt(opts.now) });
    return recipients.length;
  }
  await enqueueMessages(
    tx,
    recipients.map((r) => ({ channel: r.channel, chatId: r.chatId, identityId: r.identityId, payload: { text: noticeText(opts.texts, item, opts.kind, r) } })),
    opts.now,
    { bulk: true },
  );
  await recordNotices(tx, item.id, opts.kind, userIds, opts.now);
  return recipients.length;
}
