// Moves the recipients of the broadcasts being sent into the outbox, a window at a time: each run
// tops up each channel to `window[channel]` messages still waiting in the outbox (pending or
// sending), so the outbox worker paces them at the platform's rate (channels/outbox-worker.ts) and
// a chat reply written meanwhile waits behind at most one window. A paused broadcast is skipped (what
// is already in the outbox still goes); nothing is queued in quiet hours (quiet-hours.ts). Each
// recipient is checked again when their turn comes: someone who stopped notices or can no longer be
// reached is skipped. When nobody is left waiting the broadcast is marked sent. A crash between runs
// loses nothing: a recipient is queued and its outbox row written in one transaction.
import type { Db, Prisma } from "../db/client.ts";
import { Prisma as PrismaValues } from "../db/generated/sqlite/client.ts";
import { noticeRecipients, type NoticeRecipient } from "../db/notice-recipients.ts";
import { enqueueMessagesReturningIds, type OutboxPayload } from "../db/outbox.ts";
import { toLocale } from "../prompts.ts";
import { readOptions } from "./broadcast-terms.ts";
import { markRecipientsQueued, markRecipientsSkipped, setBroadcastStatus } from "./broadcast-store.ts";
import type { NoticeTexts } from "./notice-line.ts";
import { inQuietHours } from "./quiet-hours.ts";

/** The most messages of one broadcast waiting in the outbox per channel (default for a channel not named). */
export const DEFAULT_WINDOW = 100;

type BroadcastRow = { id: string; kind: string; text: string; options: string };

/** The message one recipient gets, in their language: the text, a poll's options as choices, and why they get it. */
export function broadcastPayload(texts: NoticeTexts, b: BroadcastRow, r: Pick<NoticeRecipient, "locale">): OutboxPayload {
  const locale = toLocale(r.locale);
  const why = texts.prompts.t(locale, "subscribe.why");
  if (b.kind !== "poll") return { text: `${b.text}\n\n${why}` };
  const options = readOptions(b.options);
  return {
    text: `${b.text}\n\n${texts.prompts.t(locale, "broadcast.pollHow")}\n\n${why}`,
    choices: options.map((label, i) => ({ id: `poll:${b.id}:${i + 1}`, label })),
  };
}

async function inFlight(tx: Prisma.TransactionClient, broadcastId: string): Promise<Map<string, number>> {
  const rows = await tx.$queryRaw<{ channel: string; n: number | bigint }[]>(PrismaValues.sql`
    SELECT r."channel" AS "channel", COUNT(*) AS "n" FROM "BroadcastRecipient" r
    JOIN "OutboxMessage" o ON o."id" = r."outboxId"
    WHERE r."broadcastId" = ${broadcastId} AND r."status" = 'queued' AND o."status" IN ('pending', 'sending')
    GROUP BY r."channel"`);
  return new Map(rows.map((r) => [r.channel, Number(r.n)]));
}

/** One run of the pump over every broadcast being sent; returns how many recipients were queued. */
export async function pumpBroadcasts(db: Db, opts: { now: Date; texts: NoticeTexts; window?: Record<string, number> }): Promise<{ queued: number; skipped: number }> {
  if (inQuietHours(opts.now)) return { queued: 0, skipped: 0 };
  const sending = await db.prisma.broadcast.findMany({ where: { status: "sending" }, orderBy: { createdAt: "asc" }, select: { id: true, kind: true, text: true, options: true } });
  let queued = 0;
  let skipped = 0;
  for (const b of sending) {
    await db.prisma.$transaction(async (tx) => {
      // Paused (or finished) by another instance meanwhile: leave it.
      const status = (await tx.broadcast.findUnique({ where: { id: b.id }, select: { status: true } }))?.status;
      if (status !== "sending") return;
      const flying = await inFlight(tx, b.id);
      const waitingChannels = await tx.broadcastRecipient.groupBy({ by: ["channel"], where: { broadcastId: b.id, status: "waiting" } });
      if (waitingChannels.length === 0) {
        await setBroadcastStatus(tx, b.id, "sent", opts.now);
        return;
      }
      for (const { channel } of waitingChannels) {
        const room = (opts.window?.[channel] ?? DEFAULT_WINDOW) - (flying.get(channel) ?? 0);
        if (room <= 0) continue;
        const batch = await tx.broadcastRecipient.findMany({ where: { broadcastId: b.id, status: "waiting", channel }, orderBy: { id: "asc" }, take: room, select: { id: true, userId: true } });
        const reachable = new Map((await noticeRecipients(tx, batch.map((r) => r.userId))).map((r) => [r.userId, r]));
        const go = batch.filter((r) => reachable.has(r.userId));
        const gone = batch.filter((r) => !reachable.has(r.userId)).map((r) => r.id);
        const ids = await enqueueMessagesReturningIds(
          tx,
          go.map((r) => {
            const to = reachable.get(r.userId)!;
            return { channel: to.channel, chatId: to.chatId, identityId: to.identityId, payload: broadcastPayload(opts.texts, b, to) };
          }),
          opts.now,
        );
        await markRecipientsQueued(tx, go.map((r, i) => ({ id: r.id, outboxId: ids[i]! })), opts.now);
        await markRecipientsSkipped(tx, gone);
        queued += go.length;
        skipped += gone.length;
      }
    }, { timeout: 60_000 });
  }
  return { queued, skipped };
}
