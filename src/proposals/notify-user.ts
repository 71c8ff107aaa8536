// Tells the author of a Proposal about a change, in the chat they used, through the outbox, in the
// caller's transaction. An author who deleted their data (anonymised proposal) is not contacted.
import type { Prisma } from "../db/client.ts";
import { saveConversationState } from "../db/conversation-state.ts";
import { enqueueMessages, type OutboxPayload } from "../db/outbox.ts";

export async function notifyAuthor(
  tx: Prisma.TransactionClient,
  proposal: { userId: string | null; channel: string; anonymisedAt: Date | null },
  payload: OutboxPayload,
): Promise<boolean> {
  if (!proposal.userId || proposal.anonymisedAt) return false;
  const identity = await tx.channelIdentity.findFirst({
    where: { userId: proposal.userId, channel: proposal.channel },
    orderBy: { lastSeenAt: "desc" },
  });
  if (!identity || identity.unreachable) return false;
  await enqueueMessages(tx, [{ channel: identity.channel, chatId: identity.chatId, identityId: identity.id, payload }]);
  if (payload.choices?.length) {
    // A numbered reply ("1") on Zalo or in the web chat must pick from this message's choices.
    const data = JSON.stringify({ lastChoices: payload.choices.map((c) => c.id) });
    await saveConversationState(tx, { identityId: identity.id, flow: "idle", data, expiresAt: null });
  }
  return true;
}
