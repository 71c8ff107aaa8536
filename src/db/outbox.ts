// The outbox table's data access: every outgoing chat message is written here, in the same
// transaction as the change that caused it, and later claimed and sent by the outbox worker.
// Claiming is one UPDATE … RETURNING that moves rows from "pending" to "sending" only while they
// are still pending, so when several workers (instances) race exactly one wins each row; on
// PostgreSQL the rows are also locked with SKIP LOCKED, so instances take different rows instead of
// waiting for each other. It is raw SQL because it runs for every message sent: one statement
// instead of a find and an update per row, run through the direct SQL of sql.ts when the caller
// has no Prisma transaction (`npm run bench` measures the difference). Every message the person did
// not ask for (a broadcast, an opportunity notice, a weekly digest, a round notice) is written "bulk":
// the worker claims replies and bulk messages separately, replies first, so a chat reply never queues
// behind a broadcast; the stop switch cancels the person's bulk messages not yet sent, and a bulk
// message's retry waits out the quiet hours. The claim also tells, for bulk messages only, whether
// their person has stopped notices since they were written (a job that read the switch just before
// STOP, or a message put back for a retry after it), so the worker drops them instead of sending.
// This module is the table's only writer: the worker, the web inbox, the broadcast pump, the
// notices, the stop switch, retention and erasure call the functions below.
import { systemClock } from "../clock.ts";
import { Prisma as PrismaValues } from "./generated/sqlite/client.ts";
import type { Prisma, PrismaClient } from "./client.ts";
import { asSession, toBool, toDate, type SqlSession } from "./sql.ts";

type Tx = Prisma.TransactionClient | PrismaClient | SqlSession;

export interface OutboxPayload {
  text: string;
  choices?: { id: string; label: string }[];
}

export interface ClaimedMessage {
  id: number;
  channel: string;
  chatId: string;
  identityId: string | null;
  payload: OutboxPayload;
  attempts: number;
  createdAt: Date;
  /** A message the person did not ask for (a broadcast or a notice), not a reply. */
  bulk: boolean;
  /** A bulk message whose person has stopped notices (ChatUser.noticesStoppedAt): not to be sent. */
  stopped: boolean;
}

/** How long a claimed message may stay "sending" before another worker may take it over. */
export const CLAIM_LEASE_MS = 30_000;

export async function enqueueMessages(
  tx: Tx,
  items: { channel: string; chatId: string; identityId?: string | null; payload: OutboxPayload }[],
  /** When the change that causes the messages happened: they are due from then, and retention counts from it. */
  now: Date = systemClock.now(),
  /** `bulk`: messages the person did not ask for (notices, digests), which yield to replies and which STOP cancels. */
  opts: { bulk?: boolean } = {},
): Promise<void> {
  if (items.length === 0) return;
  const bulk = opts.bulk ?? false;
  const rows = items.map(
    (m) => PrismaValues.sql`(${m.channel}, ${m.chatId}, ${m.identityId ?? null}, ${JSON.stringify(m.payload)}, 'pending', 0, ${now}, ${now}, ${bulk})`,
  );
  await asSession(tx).execute(PrismaValues.sql`
    INSERT INTO "OutboxMessage" ("channel", "chatId", "identityId", "payload", "status", "attempts", "nextAttemptAt", "createdAt", "bulk")
    VALUES ${PrismaValues.join(rows)}`);
}

/**
 * The same as enqueueMessages, returning the new rows' ids in the order of `items`: a broadcast
 * keeps each recipient's outbox id to show its delivery status. `bulk`: messages sent to many at
 * once, which yield to replies.
 */
export async function enqueueMessagesReturningIds(
  tx: Tx,
  items: { channel: string; chatId: string; identityId?: string | null; payload: OutboxPayload }[],
  now: Date,
  opts: { bulk?: boolean } = {},
): Promise<number[]> {
  if (items.length === 0) return [];
  const bulk = opts.bulk ?? false;
  const rows = items.map(
    (m) => PrismaValues.sql`(${m.channel}, ${m.chatId}, ${m.identityId ?? null}, ${JSON.stringify(m.payload)}, 'pending', 0, ${now}, ${now}, ${bulk})`,
  );
  const inserted = await asSession(tx).query<{ id: number | bigint }>(PrismaValues.sql`
    INSERT INTO "OutboxMessage" ("channel", "chatId", "identityId", "payload", "status", "attempts", "nextAttemptAt", "createdAt", "bulk")
    VALUES ${PrismaValues.join(rows)}
    RETURNING "id"`);
  // Rows of one INSERT get ascending ids in the order written, on SQLite and PostgreSQL.
  return inserted.map((r) => Number(r.id)).sort((a, b) => a - b);
}

/**
 * Claims up to `limit` due messages for the given channels, at most one per chat (the oldest
 * unsent one) so that each chat's messages go out in order, skipping chats that already have a
 * message in flight. A message whose worker died mid-send (lease expired) is claimed again.
 * `bulk`: only replies (false) or only bulk messages (true), each kind in order per chat on its own,
 * so a reply overtakes a broadcast message waiting for the same chat; both kinds when not given.
 * `provider` "postgresql" adds row locks with SKIP LOCKED; the statement is correct without them.
 */
export async function claimDueMessages(
  db: Tx,
  opts: { channels: string[]; limit: number; now?: Date; provider?: "sqlite" | "postgresql"; leaseMs?: number; bulk?: boolean },
): Promise<ClaimedMessage[]> {
  if (opts.channels.length === 0 || opts.limit <= 0) return [];
  const now = opts.now ?? systemClock.now();
  const lease = new Date(now.getTime() + (opts.leaseMs ?? CLAIM_LEASE_MS));
  const channels = PrismaValues.join(opts.channels);
  const kind = opts.bulk === undefined ? PrismaValues.empty : PrismaValues.sql`AND f."bulk" = ${opts.bulk}`;
  // The oldest unsent message of each chat (of the kind asked for); it is due when pending and its
  // time has come, or when it is "sending" and its lease ran out.
  const due = PrismaValues.sql`
    SELECT o."id" FROM "OutboxMessage" o
    WHERE o."id" IN (
        SELECT MIN(f."id") FROM "OutboxMessage" f
        WHERE f."status" IN ('pending', 'sending') AND f."channel" IN (${channels}) ${kind}
        GROUP BY f."channel", f."chatId")
      AND ((o."status" = 'pending' AND o."nextAttemptAt" <= ${now}) OR (o."status" = 'sending' AND o."nextAttemptAt" < ${now}))
    ORDER BY o."id"
    LIMIT ${opts.limit}`;
  // Looked up only for bulk rows, and only for the rows claimed: two primary-key lookups each; a
  // claim of replies alone does not join at all (it runs for every chat message).
  const stopped = (m: Prisma.Sql) =>
    opts.bulk === false
      ? PrismaValues.sql`FALSE AS "stopped"`
      : PrismaValues.sql`CASE WHEN ${m}."bulk" THEN EXISTS (
          SELECT 1 FROM "ChannelIdentity" i JOIN "ChatUser" u ON u."id" = i."userId"
          WHERE i."id" = ${m}."identityId" AND u."noticesStoppedAt" IS NOT NULL) ELSE FALSE END AS "stopped"`;
  const session = asSession(db);
  const rows =
    opts.provider === "postgresql"
      ? await session.query<ClaimedRow>(PrismaValues.sql`
          WITH due AS (${due} FOR UPDATE SKIP LOCKED)
          UPDATE "OutboxMessage" m SET "status" = 'sending', "nextAttemptAt" = ${lease}, "attempts" = m."attempts" + 1
          FROM due WHERE m."id" = due."id"
          RETURNING m."id", m."channel", m."chatId", m."identityId", m."payload", m."attempts", m."createdAt", m."bulk", ${stopped(PrismaValues.raw("m"))}`)
      : await session.query<ClaimedRow>(PrismaValues.sql`
          UPDATE "OutboxMessage" SET "status" = 'sending', "nextAttemptAt" = ${lease}, "attempts" = "attempts" + 1
          WHERE "id" IN (${due})
            AND ("status" = 'pending' OR ("status" = 'sending' AND "nextAttemptAt" < ${now}))
          RETURNING "id", "channel", "chatId", "identityId", "payload", "attempts", "createdAt", "bulk", ${stopped(PrismaValues.raw('"OutboxMessage"'))}`);
  return rows
    .map((r) => ({
      id: Number(r.id),
      channel: r.channel,
      chatId: r.chatId,
      identityId: r.identityId,
      payload: JSON.parse(r.payload) as OutboxPayload,
      attempts: Number(r.attempts),
      createdAt: toDate(r.createdAt),
      bulk: toBool(r.bulk),
      stopped: toBool(r.stopped),
    }))
    .sort((a, b) => a.id - b.id);
}

interface ClaimedRow {
  id: number | bigint;
  channel: string;
  chatId: string;
  identityId: string | null;
  payload: string;
  attempts: number | bigint;
  /** A Date, or ISO text from the direct SQLite session. */
  createdAt: Date | string;
  bulk: boolean | number | bigint;
  stopped: boolean | number | bigint;
}

export async function markSent(db: Tx, id: number, now: Date = systemClock.now()): Promise<void> {
  await markSentMany(db, [id], now);
}

/** Marks messages sent in one statement (the worker gathers the ones that went out together). */
export async function markSentMany(db: Tx, ids: number[], now: Date = systemClock.now()): Promise<void> {
  if (ids.length === 0) return;
  // Raw for the same reason as the claim: it runs for every message sent.
  await asSession(db).execute(PrismaValues.sql`
    UPDATE "OutboxMessage" SET "status" = 'sent', "sentAt" = ${now}, "lastError" = NULL
    WHERE "id" IN (${PrismaValues.join(ids)})`);
}

export async function markRetry(prisma: PrismaClient, id: number, at: Date, error: string): Promise<void> {
  await prisma.outboxMessage.update({ where: { id }, data: { status: "pending", nextAttemptAt: at, lastError: error.slice(0, 500) } });
}

export async function markFailed(prisma: PrismaClient, id: number, error: string): Promise<void> {
  await prisma.outboxMessage.update({ where: { id }, data: { status: "failed", lastError: error.slice(0, 500) } });
}

/** A chat that can no longer be reached: nothing still pending for it can be delivered either. */
export async function failPendingForChat(prisma: PrismaClient, chat: { channel: string; chatId: string }, reason: string): Promise<void> {
  await prisma.outboxMessage.updateMany({
    where: { channel: chat.channel, chatId: chat.chatId, status: "pending" },
    data: { status: "failed", lastError: reason.slice(0, 500) },
  });
}

/**
 * The stop switch: the bulk messages (broadcasts, notices, digests) still waiting for the person's
 * chats are taken out of the outbox, so nothing they did not ask for reaches them after STOP.
 * Replies (not bulk) and a message being sent at this moment are left alone. Returns the ids
 * removed, so a broadcast can record those recipients as skipped: the ids the DELETE itself
 * removed, never ids read before it, since a worker may claim one of those in between (it is then
 * being delivered, and its recipient is not skipped).
 */
export async function cancelPendingBulk(tx: Prisma.TransactionClient, identityIds: readonly string[]): Promise<number[]> {
  if (identityIds.length === 0) return [];
  const rows = await asSession(tx).query<{ id: number | bigint }>(PrismaValues.sql`
    DELETE FROM "OutboxMessage"
    WHERE "identityId" IN (${PrismaValues.join([...identityIds])}) AND "status" = 'pending' AND "bulk" = ${true}
    RETURNING "id"`);
  return rows.map((r) => Number(r.id)).sort((a, b) => a - b);
}

/**
 * The worker claimed these bulk messages and found their person had stopped notices: they are taken
 * out as STOP takes the others. Only rows still claimed ("sending") go; returns the ids removed.
 */
export async function dropClaimedBulk(tx: Prisma.TransactionClient, ids: readonly number[]): Promise<number[]> {
  if (ids.length === 0) return [];
  const rows = await asSession(tx).query<{ id: number | bigint }>(PrismaValues.sql`
    DELETE FROM "OutboxMessage"
    WHERE "id" IN (${PrismaValues.join([...ids])}) AND "status" = 'sending' AND "bulk" = ${true}
    RETURNING "id"`);
  return rows.map((r) => Number(r.id)).sort((a, b) => a - b);
}

/**
 * Messages a client fetched itself (the web inbox) and confirmed it showed: only the chat's own
 * pending ones change; ids of another chat or channel are ignored. Returns how many changed.
 */
export async function markDelivered(
  prisma: PrismaClient,
  chat: { channel: string; chatId: string },
  ids: readonly number[],
  now: Date = systemClock.now(),
): Promise<number> {
  if (ids.length === 0) return 0;
  const { count } = await prisma.outboxMessage.updateMany({
    where: { id: { in: [...ids] }, channel: chat.channel, chatId: chat.chatId, status: "pending" },
    data: { status: "sent", sentAt: now },
  });
  return count;
}

/** Retention: sent and failed messages created before `cutoff`. */
export async function deleteFinishedBefore(prisma: PrismaClient, cutoff: Date): Promise<number> {
  const { count } = await prisma.outboxMessage.deleteMany({ where: { createdAt: { lt: cutoff }, status: { in: ["sent", "failed"] } } });
  return count;
}

/**
 * Erasure: every copy of what was sent or queued for a person, by their identities and their
 * private chats. A message being sent at this moment is left to finish (retention removes it).
 */
export async function deleteForPerson(
  tx: Prisma.TransactionClient,
  person: { identityIds: string[]; privateChats: { channel: string; chatId: string }[] },
): Promise<number> {
  const { count } = await tx.outboxMessage.deleteMany({
    where: { status: { not: "sending" }, OR: [{ identityId: { in: person.identityIds } }, ...person.privateChats] },
  });
  return count;
}
