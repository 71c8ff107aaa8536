// Use case: a person answers a poll they were sent, with a button (Telegram, web) or a numbered
// reply (Zalo: "2"). One answer per person and poll: the first stands and a second is told so; an
// answer after the poll closed, to a poll they were not sent, or to an option it does not have is
// refused with the reason. `pollAwaitingNumber` finds the poll a bare number answers: only the poll
// that is the last message the service sent to that very chat, delivered there, so a "2" typed
// after the conversation moved on (or in another linked chat) is read as what it says. "Last" is by
// the time of delivery, not by the order messages were written: a reply overtakes bulk messages in
// the outbox, so a poll written before a reply may well arrive after it.
import type { Db, Prisma } from "../db/client.ts";
import { readOptions } from "./broadcast-terms.ts";
import { insertPollAnswer } from "./broadcast-store.ts";

export type PollAnswerResult = { outcome: "recorded" | "already"; option: string } | { outcome: "closed" | "unknown" | "badOption" };

/** How long after it was sent a bare number is still read as a poll answer. */
const NUMBER_ANSWERS_FOR_MS = 7 * 86_400_000;

export async function answerPoll(
  tx: Prisma.TransactionClient,
  a: { broadcastId: string; userId: string; option: number; channel: string; now: Date },
): Promise<PollAnswerResult> {
  const poll = await tx.broadcast.findUnique({ where: { id: a.broadcastId }, select: { kind: true, options: true, closedAt: true } });
  const sent = poll && (await tx.broadcastRecipient.findUnique({ where: { broadcastId_userId: { broadcastId: a.broadcastId, userId: a.userId } }, select: { status: true } }));
  if (!poll || poll.kind !== "poll" || !sent || sent.status !== "queued") return { outcome: "unknown" };
  if (poll.closedAt && poll.closedAt <= a.now) return { outcome: "closed" };
  const options = readOptions(poll.options);
  const label = options[a.option - 1];
  if (label === undefined) return { outcome: "badOption" };
  const recorded = await insertPollAnswer(tx, { ...a });
  if (recorded) return { outcome: "recorded", option: label };
  const first = await tx.pollAnswer.findUniqueOrThrow({ where: { broadcastId_userId: { broadcastId: a.broadcastId, userId: a.userId } }, select: { option: true } });
  return { outcome: "already", option: options[first.option - 1] ?? "" };
}

/**
 * The open poll a bare number typed in the chat `identityId` answers, if any: a poll sent to the
 * person in the last week, not closed, not answered yet, whose message was delivered to this chat
 * and is the last message the service wrote to it: nothing delivered to the chat after it, nor
 * written after it and still waiting to go.
 */
export async function pollAwaitingNumber(db: Db, to: { userId: string; identityId: string }, now: Date): Promise<{ id: string; options: number } | null> {
  const polls = await db.prisma.broadcastRecipient.findMany({
    where: {
      userId: to.userId,
      status: "queued",
      outboxId: { not: null },
      queuedAt: { gt: new Date(now.getTime() - NUMBER_ANSWERS_FOR_MS) },
      broadcast: { kind: "poll", OR: [{ closedAt: null }, { closedAt: { gt: now } }], answers: { none: { userId: to.userId } } },
    },
    select: { outboxId: true, broadcast: { select: { id: true, options: true } } },
  });
  if (polls.length === 0) return null;
  const messages = await db.prisma.outboxMessage.findMany({
    where: { id: { in: polls.map((p) => p.outboxId!) }, identityId: to.identityId, status: "sent" },
    select: { id: true, channel: true, chatId: true, sentAt: true },
    orderBy: [{ sentAt: "desc" }, { id: "desc" }],
    take: 1,
  });
  const message = messages[0];
  if (!message) return null;
  // Anything that reached the chat after the poll (a reply, a notice, another broadcast), or was
  // written after it and is still to go, comes between. A reply written after the poll but
  // delivered before it (replies overtake bulk messages) does not. The status condition lets the
  // outbox's (status, channel, chatId, id) index find these among the chat's rows.
  const later = await db.prisma.outboxMessage.findFirst({
    where: {
      channel: message.channel,
      chatId: message.chatId,
      status: { in: ["sent", "pending", "sending"] },
      OR: [{ status: "sent", sentAt: { gt: message.sentAt ?? new Date(0) } }, { status: { in: ["pending", "sending"] }, id: { gt: message.id } }],
    },
    select: { id: true },
  });
  if (later) return null;
  const poll = polls.find((p) => p.outboxId === message.id)!.broadcast;
  return { id: poll.id, options: readOptions(poll.options).length };
}
