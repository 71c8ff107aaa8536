// Where a notice the person did not ask for may reach them: a round's "on the agenda" and "answered"
// notices today, the subscriptions of the announcements part next. One rule for all of them, read
// here: nobody who used the stop switch (ChatUser.noticesStoppedAt, "STOP" or /huydangky), and
// only through a chat that can still be reached (the most recently seen one). Replies to the
// person's own messages and the department's answer to their own proposal never pass through here.
import type { Prisma, PrismaClient } from "./client.ts";

export interface NoticeRecipient {
  userId: string;
  locale: string;
  identityId: string;
  channel: string;
  chatId: string;
}

/** The people among `userIds` a notice may go to, each with the chat to send it to; the others are left out. */
export async function noticeRecipients(tx: Prisma.TransactionClient | PrismaClient, userIds: string[]): Promise<NoticeRecipient[]> {
  if (userIds.length === 0) return [];
  const users = await tx.chatUser.findMany({
    where: { id: { in: [...new Set(userIds)] }, noticesStoppedAt: null },
    select: { id: true, locale: true, identities: { where: { unreachable: false }, orderBy: { lastSeenAt: "desc" }, take: 1 } },
  });
  return users.flatMap((u) => {
    const identity = u.identities[0];
    return identity ? [{ userId: u.id, locale: u.locale, identityId: identity.id, channel: identity.channel, chatId: identity.chatId }] : [];
  });
}
