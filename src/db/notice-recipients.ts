// Where a notice the person did not ask for may reach them: a round's "on the agenda" and "answered"
// notices, and the announcements part's opportunity notices, weekly digests and broadcasts. One rule
// for all of them, read here: nobody who used the stop switch (ChatUser.noticesStoppedAt, "STOP" or
// /huydangky), and only through a chat that can still be reached (the most recently seen one, among
// the channels a broadcast's segment names when it names some). What a subscription brings also
// needs the person's consent to receive messages still in force (`consent`, Consent.purpose
// "messages"), which STOP withdraws. Replies to the person's own messages and the department's
// answer to their own proposal never pass through here.
import type { Prisma, PrismaClient } from "./client.ts";

export interface NoticeRecipient {
  userId: string;
  locale: string;
  identityId: string;
  channel: string;
  chatId: string;
}

export interface NoticeRule {
  /** A consent purpose that must be given and not withdrawn ("messages" for what a subscription brings). */
  consent?: string;
  /** Only chats on these channels (a broadcast's segment); any channel when empty or not given. */
  channels?: readonly string[];
}

/** The people among `userIds` a notice may go to, each with the chat to send it to; the others are left out. */
export async function noticeRecipients(tx: Prisma.TransactionClient | PrismaClient, userIds: string[], rule: NoticeRule = {}): Promise<NoticeRecipient[]> {
  if (userIds.length === 0) return [];
  const channels = rule.channels?.length ? { channel: { in: [...rule.channels] } } : {};
  const users = await tx.chatUser.findMany({
    where: { id: { in: [...new Set(userIds)] }, noticesStoppedAt: null, ...(rule.consent ? { consents: { some: { purpose: rule.consent, withdrawnAt: null } } } : {}) },
    select: { id: true, locale: true, identities: { where: { unreachable: false, ...channels }, orderBy: { lastSeenAt: "desc" }, take: 1 } },
  });
  return users.flatMap((u) => {
    const identity = u.identities[0];
    return identity ? [{ userId: u.id, locale: u.locale, identityId: identity.id, channel: identity.channel, chatId: identity.chatId }] : [];
  });
}
