// The stop switch in chat: "STOP", /huydangky, "ngừng nhận tin", "không nhận thông báo nữa" stop
// everything the service sends on its own: a round question put on the agenda or answered, the
// opportunity notices and weekly digests of a subscription, broadcasts and polls. In the message's
// transaction it sets the switch (ChatUser.noticesStoppedAt), withdraws the consent to receive
// messages given with /dangky (privacy/consents.ts), and takes the person's notices and broadcast
// messages not yet sent out of the outbox, on every chat linked to them (a broadcast recipient whose
// message goes is recorded as skipped). It is the person's (ChatUser), whichever chat they say it
// in, and /dulieucuatoi shows it. Replies to the person's own messages and the department's answer
// to their own proposal are not notices: they never look at it and are never cancelled.
// /nhantin or "bật thông báo" turns the round notices back on; a subscription's news needs the
// consent again, so it says to subscribe again (/dangky) when the person had one. A bulk message the
// STOP could not take out (written by a job that read the switch just before it, or being sent at
// that moment and then put back for a retry) is dropped the same way when the outbox worker claims
// it (dropStoppedMessages).
import { skipRecipientsOfCancelled } from "../announcements/broadcast-store.ts";
import { MESSAGES_CONSENT } from "../announcements/subscription-terms.ts";
import { setNoticesStopped } from "../db/chat-users.ts";
import type { PrismaClient } from "../db/client.ts";
import { cancelPendingBulk, dropClaimedBulk } from "../db/outbox.ts";
import { withdrawConsents } from "../privacy/consents.ts";
import { idleKeeping, type Outcome, type Turn } from "./turn.ts";

export function switchNotices(turn: Turn, on: boolean): Outcome {
  const userId = turn.identity.userId;
  if (on) {
    return {
      kind: "settings",
      replies: [],
      next: idleKeeping(turn.state),
      commit: async (tx) => {
        await setNoticesStopped(tx, userId, null);
        const subscribed = await tx.subscription.findUnique({ where: { userId }, select: { userId: true } });
        const consent = await tx.consent.findFirst({ where: { userId, purpose: MESSAGES_CONSENT, withdrawnAt: null }, select: { id: true } });
        const text = turn.t("notices.started") + (subscribed && !consent ? `\n\n${turn.t("notices.subscribeAgain")}` : "");
        return { replies: [{ text }] };
      },
    };
  }
  return {
    kind: "settings",
    replies: [{ text: turn.t("notices.stopped") }],
    next: idleKeeping(turn.state),
    commit: async (tx) => {
      await setNoticesStopped(tx, userId, turn.now);
      await withdrawConsents(tx, { userId, purposes: [MESSAGES_CONSENT], now: turn.now });
      const identities = await tx.channelIdentity.findMany({ where: { userId }, select: { id: true } });
      const cancelled = await cancelPendingBulk(tx, identities.map((i) => i.id));
      await skipRecipientsOfCancelled(tx, cancelled);
    },
  };
}

/**
 * The outbox worker claimed these bulk messages and found their person had stopped notices: they
 * leave the outbox as STOP takes the others, and a broadcast records their recipients as skipped.
 * Returns the ids dropped.
 */
export async function dropStoppedMessages(prisma: PrismaClient, outboxIds: readonly number[]): Promise<number[]> {
  if (outboxIds.length === 0) return [];
  return prisma.$transaction(async (tx) => {
    const dropped = await dropClaimedBulk(tx, outboxIds);
    await skipRecipientsOfCancelled(tx, dropped);
    return dropped;
  });
}
