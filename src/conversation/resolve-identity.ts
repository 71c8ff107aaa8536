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
  const found = await db.prisma.channelIdentity.findUnique({
    where: key,
    include: { user: { select: { locale: true, privacyNoticeVersion: true } }, conversation: true },
  });
  if (found) {
    if (found.chatId !== msg.chatId || found.unreachable || (msg.displayName && found.displayName !== msg.displayName)) {
      // A user who writes again can be reached again (they unblocked the bot).
      await db.prisma.channelIdentity.update({
        where: { id: found.id },
        data: { chatId: msg.chatId, displayName: msg.displayName ?? found.displayName, lastSeenAt: new Date(), unreachable: false },
      });
    }
    return { id: found.id, userId: found.userId, locale: found.user.locale, state: readState(found.conversation, msg.date), isNew: false, noticeVersion: found.user.privacyNoticeVersion };
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
