// The web chat's inbox: outbox messages for channel "web", which no worker sends (the outbox worker
// only claims channels that have an adapter). The page polls for them and acknowledges what it has
// shown; reading alone changes nothing, so a poll whose answer never reached the screen (a dropped
// connection, a closed tab) is simply answered again next time.
import type { Db } from "../../db/client.ts";
import { markDelivered } from "../../db/outbox.ts";

/** At most this many messages per poll and per acknowledgement. */
export const INBOX_BATCH = 50;

export interface WebInboxMessage {
  id: number;
  text: string;
  choices?: unknown;
  createdAt: Date;
}

/** Pending web messages for one chat, oldest first; nothing is marked. */
export async function readWebInbox(db: Db, chatId: string): Promise<WebInboxMessage[]> {
  const pending = await db.prisma.outboxMessage.findMany({
    where: { channel: "web", chatId, status: "pending" },
    orderBy: { id: "asc" },
    take: INBOX_BATCH,
  });
  return pending.map((m) => {
    const payload = JSON.parse(m.payload) as { text: string; choices?: unknown };
    return { id: m.id, text: payload.text, ...(payload.choices ? { choices: payload.choices } : {}), createdAt: m.createdAt };
  });
}

/**
 * Marks the given messages sent, but only those that are this chat's pending web messages: ids of
 * another chat, another channel or already acknowledged ones are ignored. Returns how many changed.
 */
export async function ackWebInbox(db: Db, chatId: string, ids: readonly number[], now?: Date): Promise<number> {
  return markDelivered(db.prisma, { channel: "web", chatId }, ids, now);
}
