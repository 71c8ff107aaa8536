// Use case: two ChatUsers turn out to be one person (a /lienket code typed in the other app), or a
// linked channel goes its own way again (/huylienket). This file decides what moves where; each
// table's owner moves its own rows, all in the caller's (the message's) transaction, so a link is
// never half made.
//   Linking: everything of the absorbed person becomes the surviving person's: channel identities,
//   proposals (tracking sees them from every channel), dialogue votes (one per question: a question
//   both had voted for keeps one vote), round notices, consents, data requests and download links,
//   the subscription and the opportunities told, broadcasts received and poll answers;
//   the stricter settings are kept (stop switch on, "under16"); then the absorbed ChatUser goes.
//   Unlinking: the identity becomes a new person with the same settings; the proposals sent from
//   its chat and the data requests made from it go with it (with a copy of the consents in force,
//   which the proposals' contact details rest on); votes, round notices and everything else stay
//   with the channels still linked. Messages and dialogue state belong to an identity and never move.
// A table added later with a ChatUser reference must be moved here too, or the absorbed person's
// rows are deleted by the cascade.
import { randomUUID } from "node:crypto";
import { moveBroadcastRows } from "../announcements/broadcast-store.ts";
import { moveSubscriptionRows } from "../announcements/subscription-store.ts";
import { absorbChatUser, detachIdentity } from "../db/chat-users.ts";
import type { Prisma } from "../db/client.ts";
import { moveNotices } from "../dialogue/round-notices.ts";
import { moveVotes } from "../dialogue/round-votes.ts";
import { copyActiveConsents, moveConsents } from "../privacy/consents.ts";
import { moveDataRequests, moveDataRequestsOfIdentity } from "../privacy/move-data-requests.ts";
import { moveProposals } from "../proposals/move-proposals.ts";

type Tx = Prisma.TransactionClient;

export interface MergeReport {
  proposals: number;
  /** Votes for a question both people had voted for, counted once now. */
  duplicateVotes: number;
}

/** `fromUserId` becomes part of `intoUserId`. */
export async function mergeChatUsers(tx: Tx, opts: { fromUserId: string; intoUserId: string; now: Date }): Promise<MergeReport> {
  const { fromUserId, intoUserId, now } = opts;
  if (fromUserId === intoUserId) return { proposals: 0, duplicateVotes: 0 };
  const proposals = await moveProposals(tx, { fromUserId, toUserId: intoUserId });
  const duplicateVotes = await moveVotes(tx, fromUserId, intoUserId);
  await moveNotices(tx, fromUserId, intoUserId);
  await moveConsents(tx, fromUserId, intoUserId);
  await moveDataRequests(tx, fromUserId, intoUserId);
  await moveSubscriptionRows(tx, fromUserId, intoUserId);
  await moveBroadcastRows(tx, fromUserId, intoUserId);
  await absorbChatUser(tx, { fromUserId, intoUserId, now });
  return { proposals, duplicateVotes };
}

/** The identity leaves its linked person and becomes a person of its own; returns the new ChatUser's id. */
export async function splitIdentity(tx: Tx, opts: { identityId: string; userId: string; channel: string; chatId: string; now: Date }): Promise<{ userId: string; proposals: number }> {
  const newUserId = randomUUID();
  await detachIdentity(tx, { identityId: opts.identityId, newUserId, now: opts.now });
  const proposals = await moveProposals(tx, { fromUserId: opts.userId, toUserId: newUserId, fromChat: { channel: opts.channel, chatId: opts.chatId } });
  await moveDataRequestsOfIdentity(tx, opts.identityId, newUserId);
  if (proposals > 0) await copyActiveConsents(tx, opts.userId, newUserId);
  return { userId: newUserId, proposals };
}
