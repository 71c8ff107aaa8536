// Use case: a person answers a poll they were sent, with a button (Telegram, web) or a numbered
// reply (Zalo: "2"). One answer per person and poll: the first stands and a second is told so; an
// answer after the poll closed, to a poll they were not sent, or to an option it does not have is
// refused with the reason. `openPollFor` finds the poll a bare number answers.
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

/** The latest open poll sent to the person in the last week that they have not answered, if any. */
export async function openPollFor(db: Db, userId: string, now: Date): Promise<{ id: string; options: number } | null> {
  const sent = await db.prisma.broadcastRecipient.findFirst({
    where: {
      userId,
      status: "queued",
      queuedAt: { gt: new Date(now.getTime() - NUMBER_ANSWERS_FOR_MS) },
      broadcast: { kind: "poll", OR: [{ closedAt: null }, { closedAt: { gt: now } }], answers: { none: { userId } } },
    },
    orderBy: { queuedAt: "desc" },
    select: { broadcast: { select: { id: true, options: true } } },
  });
  return sent ? { id: sent.broadcast.id, options: readOptions(sent.broadcast.options).length } : null;
}
