// Finds or creates the ChatUser behind a channel identity, and reads the little conversation state
// that the next message may need (the menu last shown, the user's language).
import type { Db } from "../db/client.ts";
import { toLocale } from "../prompts.ts";
import { IDLE, readState, type DialogState } from "./dialog-state.ts";
import type { IncomingMessage } from "./messages.ts";

export interface ResolvedIdentity {
  id: string;
  userId: string;
  locale: string | null;
  state: DialogState;
  /** Whether the user had talked to the bot before this message. */
  isNew: boolean;
  /** The version of the privacy notice the user last saw. */
  noticeVersion: string | null;
}

export async function resolveIdentity(db: Db, msg: IncomingMessage): Promise<ResolvedIdentity> {
  const key = { channel_externalId: { channel: msg.channel, externalId: msg.userId } };
  // One joined read instead of the three queries an `include` costs: this runs for every message.
  const [found] = await db.prisma.$queryRaw<IdentityRow[]>`
    SELECT i."id", i."userId", i."chatId", i."displayName", i."unreachable",
           u."locale", u."privacyNoticeVersion", s."state", s."data", s."expiresAt"
    FROM "ChannelIdentity" i
    JOIN "ChatUser" u ON u."id" = i."userId"
    LEFT JOIN "ConversationState" s ON s."identityId" = i."id"
    WHERE i."channel" = ${msg.channel} AND i."externalId" = ${msg.userId}`;
  if (found) {
    const unreachable = found.unreachable === true || Number(found.unreachable) === 1;
    if (found.chatId !== msg.chatId || unreachable || (msg.displayName && found.displayName !== msg.displayName)) {
      // A user who writes again can be reached again (they unblocked the bot).
      await db.prisma.channelIdentity.update({
        where: { id: found.id },
        data: { chatId: msg.chatId, displayName: msg.displayName ?? found.displayName, lastSeenAt: new Date(), unreachable: false },
      });
    }
    const conversation = found.state === null ? null : { state: found.state, data: found.data ?? "{}", expiresAt: found.expiresAt };
    return { id: found.id, userId: found.userId, locale: found.locale, state: readState(conversation, msg.date), isNew: false, noticeVersion: found.privacyNoticeVersion };
  }
  const created = await db.prisma.channelIdentity.upsert({
    where: key,
    update: {},
    create: {
      channel: msg.channel,
      externalId: msg.userId,
      chatId: msg.chatId,
      displayName: msg.displayName ?? null,
      user: { create: { locale: toLocale(msg.language) } },
    },
  });
  return { id: created.id, userId: created.userId, locale: toLocale(msg.language), state: IDLE, isNew: true, noticeVersion: null };
}

interface IdentityRow {
  id: string;
  userId: string;
  chatId: string;
  displayName: string | null;
  /** A boolean on PostgreSQL, 0 or 1 on SQLite. */
  unreachable: boolean | number | bigint;
  locale: string;
  privacyNoticeVersion: string | null;
  state: string | null;
  data: string | null;
  expiresAt: Date | null;
}
