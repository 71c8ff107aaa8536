// Owns what linking and unlinking channels (conversation/link-channels.ts) do to proposals: when
// two people turn out to be one, the absorbed person's proposals become the surviving person's, so
// /theodoi on any linked channel lists them all; when a channel is unlinked, the proposals sent
// from its chat go with it. Runs in the caller's transaction.
import type { Prisma } from "../db/client.ts";

/** Moves the person's proposals (only those sent from `fromChat`, when given); returns how many. */
export async function moveProposals(
  tx: Prisma.TransactionClient,
  opts: { fromUserId: string; toUserId: string; fromChat?: { channel: string; chatId: string } },
): Promise<number> {
  const { count } = await tx.proposal.updateMany({
    where: { userId: opts.fromUserId, ...(opts.fromChat ? { channel: opts.fromChat.channel, chatId: opts.fromChat.chatId } : {}) },
    data: { userId: opts.toUserId },
  });
  return count;
}
