// Moves the recipients of the broadcasts being sent into the outbox, a window at a time: each run
// tops up each channel to `window[channel]` messages still waiting in the outbox (pending or
// sending), so the outbox worker paces them at the platform's rate (channels/outbox-worker.ts) and
// what a coordinator pauses stops within one window. Web chat messages are no worker's
// to send: they wait until the person opens the chat page, maybe never, so they do not hold the next
// window back, and `window.web` is how many are queued per run. A paused broadcast is skipped (what
// is already in the outbox still goes); nothing is queued in quiet hours (quiet-hours.ts). Each
// recipient is checked again when their turn comes: someone who stopped notices, withdrew the
// consent to receive messages or can no longer be reached is skipped, and the message goes only on
// the channels the segment names (a person linked on several platforms is written on the most
// recently seen of those). When nobody is left waiting the broadcast is marked sent. Recipients move
// 25 to a transaction, so a chat message never waits long for SQLite's one writer; their outbox
// messages are bulk, which the outbox worker sends after replies. A crash loses nothing: a recipient
// is queued and its outbox row written in one transaction. Two instances pumping at once queue each
// recipient once: a recipient is taken by a conditional update (broadcast-store.ts claimRecipients)
// before its outbox row is written; the waiting recipients a run takes are claimed in one statement,
// so two pumps never lock them in different orders.
import type { Db, Prisma, PrismaClient } from "../db/client.ts";
import { Prisma as PrismaValues } from "../db/generated/sqlite/client.ts";
import { noticeRecipients, type NoticeRecipient } from "../db/notice-recipients.ts";
import { enqueueMessagesReturningIds, type OutboxPayload } from "../db/outbox.ts";
import { toLocale } from "../prompts.ts";
import { readOptions, SEGMENT_CHANNELS } from "./broadcast-terms.ts";
import { claimRecipients, setBroadcastStatus, setRecipientsOutbox } from "./broadcast-store.ts";
import type { NoticeTexts } from "./notice-line.ts";
import { inQuietHours } from "./quiet-hours.ts";
import { MESSAGES_CONSENT } from "./subscription-terms.ts";

/** The most messages of one broadcast waiting in the outbox per channel (default for a channel not named). */
export const DEFAULT_WINDOW = 100;

/** Channels whose messages the person fetches (the web chat's inbox) instead of a worker sending them. */
const FETCHED_CHANNELS: ReadonlySet<string> = new Set(["web"]);

type BroadcastRow = { id: string; kind: string; text: string; options: string; segment: string };

/**
 * The channels the broadcast's segment names, as saved; empty: any. Read as they are, not by
 * validating the whole segment again: a segment saved under older rules (an area name the place
 * check now refuses) would otherwise read as "any channel" and its messages go where it said not to.
 */
function segmentChannels(b: BroadcastRow): string[] {
  let saved: unknown;
  try {
    saved = JSON.parse(b.segment);
  } catch {
    return [];
  }
  const channels = saved && typeof saved === "object" && "channels" in saved ? saved.channels : undefined;
  return Array.isArray(channels) ? channels.filter((c): c is string => (SEGMENT_CHANNELS as readonly unknown[]).includes(c)) : [];
}

/** The message one recipient gets, in their language: the text, a poll's options as choices, and why they get it. */
export function broadcastPayload(texts: NoticeTexts, b: Pick<BroadcastRow, "id" | "kind" | "text" | "options">, r: Pick<NoticeRecipient, "locale">): OutboxPayload {
  const locale = toLocale(r.locale);
  const why = texts.prompts.t(locale, "subscribe.why");
  if (b.kind !== "poll") return { text: `${b.text}\n\n${why}` };
  const options = readOptions(b.options);
  return {
    text: `${b.text}\n\n${texts.prompts.t(locale, "broadcast.pollHow")}\n\n${why}`,
    choices: options.map((label, i) => ({ id: `poll:${b.id}:${i + 1}`, label })),
  };
}

/**
 * The broadcast's messages still waiting in the outbox, per channel they go out on: the outbox row's
 * channel, which for a person linked on several platforms may not be the channel recorded for them
 * when the broadcast was sent (their turn writes to the chat last seen).
 */
async function inFlight(tx: Prisma.TransactionClient | PrismaClient, broadcastId: string): Promise<Map<string, number>> {
  const rows = await tx.$queryRaw<{ channel: string; n: number | bigint }[]>(PrismaValues.sql`
    SELECT o."channel" AS "channel", COUNT(*) AS "n" FROM "BroadcastRecipient" r
    JOIN "OutboxMessage" o ON o."id" = r."outboxId"
    WHERE r."broadcastId" = ${broadcastId} AND r."status" = 'queued' AND o."status" IN ('pending', 'sending')
    GROUP BY o."channel"`);
  return new Map(rows.map((r) => [r.channel, Number(r.n)]));
}

/**
 * Recipients moved per transaction, and the pause between two: SQLite has one writer (and the
 * service one connection), so a chat message should wait for a few rows, not a whole window, and
 * its next statement should not find the pump's next transaction ahead of it again.
 */
const CHUNK = 25;
const BREATHE_MS = 40;

type Texts = { texts: NoticeTexts; now: Date };

/** One run of the pump over every broadcast being sent; returns how many recipients were queued. */
export async function pumpBroadcasts(db: Db, opts: { now: Date; texts: NoticeTexts; window?: Record<string, number> }): Promise<{ queued: number; skipped: number }> {
  if (inQuietHours(opts.now)) return { queued: 0, skipped: 0 };
  const sending = await db.prisma.broadcast.findMany({ where: { status: "sending" }, orderBy: { createdAt: "asc" }, select: { id: true, kind: true, text: true, options: true, segment: true } });
  let queued = 0;
  let skipped = 0;
  for (const b of sending) {
    const flying = await inFlight(db.prisma, b.id);
    const channels = await db.prisma.broadcastRecipient.groupBy({ by: ["channel"], where: { broadcastId: b.id, status: "waiting" } });
    if (channels.length === 0) {
      await finish(db, b.id, opts.now);
      continue;
    }
    for (const { channel } of channels) {
      const unsent = FETCHED_CHANNELS.has(channel) ? 0 : (flying.get(channel) ?? 0);
      let room = (opts.window?.[channel] ?? DEFAULT_WINDOW) - unsent;
      while (room > 0) {
        const take = Math.min(room, CHUNK);
        const moved = await db.prisma.$transaction((tx) => queueNext(tx, db.provider, b, channel, take, opts), { timeout: 60_000 });
        await new Promise((r) => setTimeout(r, BREATHE_MS));
        if (!moved) break; // paused or finished meanwhile
        queued += moved.queued;
        skipped += moved.skipped;
        room -= moved.queued;
        if (moved.queued + moved.skipped < take) break; // nobody left waiting on this channel
      }
    }
  }
  return { queued, skipped };
}

/**
 * The next `take` recipients of one channel into the outbox (as bulk messages, which yield to
 * replies), or skipped when they can no longer be reached, stopped notices or withdrew their
 * consent; null when the broadcast is no longer being sent. Recipients another instance took
 * meanwhile are left to it.
 */
async function queueNext(
  tx: Prisma.TransactionClient,
  provider: Db["provider"],
  b: BroadcastRow,
  channel: string,
  take: number,
  opts: Texts,
): Promise<{ queued: number; skipped: number } | null> {
  // Paused (or finished) by a coordinator or another instance meanwhile: leave it.
  const status = (await tx.broadcast.findUnique({ where: { id: b.id }, select: { status: true } }))?.status;
  if (status !== "sending") return null;
  const batch = await tx.broadcastRecipient.findMany({ where: { broadcastId: b.id, status: "waiting", channel }, orderBy: { id: "asc" }, take, select: { id: true, userId: true } });
  const reachable = new Map((await noticeRecipients(tx, batch.map((r) => r.userId), { consent: MESSAGES_CONSENT, channels: segmentChannels(b) })).map((r) => [r.userId, r]));
  // Taken before the outbox rows are written: only what this transaction took goes out.
  const { queued, skipped } = await claimRecipients(
    tx,
    provider,
    { queued: batch.filter((r) => reachable.has(r.userId)).map((r) => r.id), skipped: batch.filter((r) => !reachable.has(r.userId)).map((r) => r.id) },
    opts.now,
  );
  const go = batch.filter((r) => queued.has(r.id));
  const ids = await enqueueMessagesReturningIds(
    tx,
    go.map((r) => {
      const to = reachable.get(r.userId)!;
      return { channel: to.channel, chatId: to.chatId, identityId: to.identityId, payload: broadcastPayload(opts.texts, b, to) };
    }),
    opts.now,
    { bulk: true },
  );
  await setRecipientsOutbox(tx, go.map((r, i) => ({ id: r.id, outboxId: ids[i]! })));
  return { queued: go.length, skipped: skipped.size };
}

/** Nobody is left waiting: the broadcast is sent (unless it was paused meanwhile). */
async function finish(db: Db, id: string, now: Date): Promise<void> {
  await db.prisma.$transaction(async (tx) => {
    const status = (await tx.broadcast.findUnique({ where: { id }, select: { status: true } }))?.status;
    if (status !== "sending") return;
    if ((await tx.broadcastRecipient.count({ where: { broadcastId: id, status: "waiting" } })) > 0) return;
    await setBroadcastStatus(tx, id, "sent", now);
  });
}
