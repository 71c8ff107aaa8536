// Use case: erase a person's data on request (/xoadulieu, or an administrator acting on a request):
// their messages, contact details, consents, conversation state and channel identities are deleted;
// their proposals stay only in anonymised form (no author, no chat, no contact) for statistics,
// and the outbox's copies of the replies sent to them (which quote them) are deleted.
import type { Prisma } from "../db/client.ts";

export interface ErasureReport {
  messages: number;
  contacts: number;
  identities: number;
  proposals: number;
}

export async function eraseUserData(tx: Prisma.TransactionClient, userId: string, now = new Date()): Promise<ErasureReport> {
  const identities = await tx.channelIdentity.findMany({ where: { userId }, select: { id: true, channel: true, chatId: true, externalId: true } });
  const ids = identities.map((i) => i.id);
  const messages = await tx.message.deleteMany({ where: { identityId: { in: ids } } });
  const contacts = await tx.proposal.count({ where: { userId, contact: { not: null } } });
  const proposals = await tx.proposal.updateMany({
    where: { userId },
    data: { userId: null, chatId: null, contact: null, anonymisedAt: now },
  });
  await tx.consent.deleteMany({ where: { userId } });
  // The outbox keeps a copy of every reply, and replies quote the person back (their contact
  // details, their proposal): those copies go too, and pending ones are never sent. In a private
  // chat (chat id = user id) that includes replies stored without an identity. A message being
  // sent at this very moment is left to finish; the retention purge removes it later.
  const privateChats = identities.filter((i) => i.chatId === i.externalId).map((i) => ({ channel: i.channel, chatId: i.chatId }));
  await tx.outboxMessage.deleteMany({
    where: { status: { not: "sending" }, OR: [{ identityId: { in: ids } }, ...privateChats] },
  });
  await tx.chatUser.delete({ where: { id: userId } }); // cascades to identities and conversation state
  return { messages: messages.count, contacts, identities: ids.length, proposals: proposals.count };
}
