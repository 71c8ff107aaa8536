// The outbox table's data access: every outgoing chat message is written here, in the same
// transaction as the change that caused it, and later claimed and sent by the outbox worker.
// Claiming is portable across SQLite and PostgreSQL: a row moves from "pending" to "sending" with
// a conditional update, so when several workers race exactly one wins each row.
import type { Prisma, PrismaClient } from "./client.ts";

type Tx = Prisma.TransactionClient | PrismaClient;

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
}

/** How long a claimed message may stay "sending" before another worker may take it over. */
export const CLAIM_LEASE_MS = 30_000;

export async function enqueueMessages(
  tx: Tx,
  items: { channel: string; chatId: string; identityId?: string | null; payload: OutboxPayload }[],
): Promise<void> {
  if (items.length === 0) return;
  await tx.outboxMessage.createMany({
    data: items.map((m) => ({
      channel: m.channel,
      chatId: m.chatId,
      identityId: m.identityId ?? null,
      payload: JSON.stringify(m.payload),
    })),
  });
}

/**
 * Claims up to `limit` due messages for the given channels, at most one per chat (the oldest
 * unsent one) so that each chat's messages go out in order, skipping chats that already have a
 * message in flight.
 */
export async function claimDueMessages(
  prisma: PrismaClient,
  opts: { channels: string[]; limit: number; now?: Date },
): Promise<ClaimedMessage[]> {
  const now = opts.now ?? new Date();
  // Reclaim messages whose worker died mid-send (lease expired).
  await prisma.outboxMessage.updateMany({
    where: { status: "sending", channel: { in: opts.channels }, nextAttemptAt: { lt: now } },
    data: { status: "pending" },
  });
  const candidates = await prisma.outboxMessage.findMany({
    where: { status: { in: ["pending", "sending"] }, channel: { in: opts.channels } },
    orderBy: { id: "asc" },
    take: opts.limit * 20,
    select: { id: true, channel: true, chatId: true, status: true, nextAttemptAt: true },
  });
  const seenChats = new Set<string>();
  const due: number[] = [];
  for (const c of candidates) {
    const chat = `${c.channel}\u0000${c.chatId}`;
    if (seenChats.has(chat)) continue;
    seenChats.add(chat);
    if (c.status === "pending" && c.nextAttemptAt <= now) due.push(c.id);
    if (due.length >= opts.limit) break;
  }
  const lease = new Date(now.getTime() + CLAIM_LEASE_MS);
  const claimed: number[] = [];
  for (const id of due) {
    const { count } = await prisma.outboxMessage.updateMany({
      where: { id, status: "pending" },
      data: { status: "sending", nextAttemptAt: lease, attempts: { increment: 1 } },
    });
    if (count === 1) claimed.push(id);
  }
  if (claimed.length === 0) return [];
  const rows = await prisma.outboxMessage.findMany({ where: { id: { in: claimed } }, orderBy: { id: "asc" } });
  return rows.map((r) => ({
    id: r.id,
    channel: r.channel,
    chatId: r.chatId,
    identityId: r.identityId,
    payload: JSON.parse(r.payload) as OutboxPayload,
    attempts: r.attempts,
    createdAt: r.createdAt,
  }));
}

export async function markSent(prisma: PrismaClient, id: number): Promise<void> {
  await prisma.outboxMessage.update({ where: { id }, data: { status: "sent", sentAt: new Date(), lastError: null } });
}

export async function markRetry(prisma: PrismaClient, id: number, at: Date, error: string): Promise<void> {
  await prisma.outboxMessage.update({ where: { id }, data: { status: "pending", nextAttemptAt: at, lastError: error.slice(0, 500) } });
}

export async function markFailed(prisma: PrismaClient, id: number, error: string): Promise<void> {
  await prisma.outboxMessage.update({ where: { id }, data: { status: "failed", lastError: error.slice(0, 500) } });
}
