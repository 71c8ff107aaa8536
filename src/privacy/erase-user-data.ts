// Use case: erase a person's data on request (/xoadulieu, or an administrator acting on a request):
// their messages, contact details, consents, conversation state and channel identities are deleted;
// their proposals stay only in anonymised form (no author, no chat, no contact) for statistics.
import type { Prisma } from "../db/client.ts";

export interface ErasureReport {
  messages: number;
  contacts: number;
  identities: number;
  proposals: number;
}

export async function eraseUserData(tx: Prisma.TransactionClient, userId: string, now = new Date()): Promise<ErasureReport> {
  const identities = await tx.channelIdentity.findMany({ where: { userId }, select: { id: true } });
  const ids = identities.map((i) => i.id);
  const messages = await tx.message.deleteMany({ where: { identityId: { in: ids } } });
  const contacts = await tx.proposal.count({ where: { userId, contact: { not: null } } });
  const proposals = await tx.proposal.updateMany({
    where: { userId },
    data: { userId: null, chatId: null, contact: null, anonymisedAt: now },
  });
  await tx.consent.deleteMany({ where: { userId } });
  // Pending messages to a deleted identity would otherwise still go out.
  await tx.outboxMessage.updateMany({ where: { identityId: { in: ids }, status: "pending" }, data: { status: "failed", lastError: "user data erased" } });
  await tx.chatUser.delete({ where: { id: userId } }); // cascades to identities and conversation state
  return { messages: messages.count, contacts, identities: ids.length, proposals: proposals.count };
}
