// The Broadcast, BroadcastRecipient and PollAnswer tables' only writer: a broadcast sent, paused,
// resumed, finished or closed; its recipients chosen, queued into the outbox or skipped (before
// their turn, or when STOP took their message out of the outbox); and one answer per person and
// poll. A recipient changes only while still waiting, so two instances' pumps never queue one twice. The use cases (send-broadcast.ts, pause-broadcast.ts,
// pump-broadcasts.ts, answer-poll.ts) call these inside their transaction, beside the audit entry.
import type { Db, Prisma } from "../db/client.ts";
import { Prisma as PrismaValues } from "../db/generated/sqlite/client.ts";
import { asSession } from "../db/sql.ts";
import type { BroadcastKind, BroadcastStatus } from "./broadcast-terms.ts";

type Tx = Prisma.TransactionClient;

export async function insertBroadcast(
  tx: Tx,
  b: { kind: BroadcastKind; text: string; options: string[]; segment: string; createdBy: string; now: Date },
  recipients: { userId: string; channel: string }[],
) {
  const row = await tx.broadcast.create({
    data: { kind: b.kind, text: b.text, options: JSON.stringify(b.options), segment: b.segment, status: "sending", createdBy: b.createdBy, createdAt: b.now },
  });
  if (recipients.length) await tx.broadcastRecipient.createMany({ data: recipients.map((r) => ({ broadcastId: row.id, userId: r.userId, channel: r.channel })) });
  return row;
}

export async function setBroadcastStatus(tx: Tx, id: string, status: BroadcastStatus, now: Date): Promise<void> {
  await tx.broadcast.update({ where: { id }, data: { status, ...(status === "sent" ? { finishedAt: now } : {}) } });
}

export async function closePoll(tx: Tx, id: string, now: Date): Promise<void> {
  await tx.broadcast.update({ where: { id }, data: { closedAt: now } });
}

/**
 * Takes recipients for the outbox, `queued` as queued and `skipped` as skipped, and returns the ids
 * this caller took of each: only those still waiting. One conditional UPDATE: when two instances'
 * pumps read the same waiting recipients, on PostgreSQL the second waits for the first transaction
 * and then finds them no longer waiting (on SQLite the pumps' transactions take turns anyway). On
 * PostgreSQL it locks the rows in id order first: two pumps that judged the same recipients
 * differently (one read before a STOP, the other after it) and claimed them in two statements could
 * each hold a row the other waited for, a deadlock.
 */
export async function claimRecipients(
  tx: Tx,
  provider: Db["provider"],
  claim: { queued: number[]; skipped: number[] },
  now: Date,
): Promise<{ queued: Set<number>; skipped: Set<number> }> {
  const all = [...claim.queued, ...claim.skipped];
  if (all.length === 0) return { queued: new Set(), skipped: new Set() };
  const ids = PrismaValues.join(all);
  const queued = claim.queued.length === 0 ? PrismaValues.sql`FALSE` : PrismaValues.sql`r."id" IN (${PrismaValues.join(claim.queued)})`;
  const set = PrismaValues.sql`"status" = CASE WHEN ${queued} THEN 'queued' ELSE 'skipped' END, "queuedAt" = CASE WHEN ${queued} THEN ${now} ELSE r."queuedAt" END`;
  const rows = await asSession(tx).query<{ id: number | bigint; status: string }>(
    provider === "postgresql"
      ? PrismaValues.sql`
          WITH taken AS (SELECT "id" FROM "BroadcastRecipient" WHERE "id" IN (${ids}) AND "status" = 'waiting' ORDER BY "id" FOR UPDATE)
          UPDATE "BroadcastRecipient" r SET ${set}
          FROM taken WHERE r."id" = taken."id"
          RETURNING r."id", r."status"`
      : PrismaValues.sql`
          UPDATE "BroadcastRecipient" AS r SET ${set}
          WHERE r."id" IN (${ids}) AND r."status" = 'waiting'
          RETURNING "id", "status"`,
  );
  const taken = (s: string) => new Set(rows.filter((r) => r.status === s).map((r) => Number(r.id)));
  return { queued: taken("queued"), skipped: taken("skipped") };
}

/** The outbox message of each recipient just claimed; one statement for the whole batch (SQLite's one writer is held). */
export async function setRecipientsOutbox(tx: Tx, queued: { id: number; outboxId: number }[]): Promise<void> {
  if (queued.length === 0) return;
  const outboxIds = PrismaValues.join(queued.map((q) => PrismaValues.sql`WHEN ${q.id} THEN CAST(${q.outboxId} AS INTEGER)`), " ");
  await asSession(tx).execute(PrismaValues.sql`
    UPDATE "BroadcastRecipient" SET "outboxId" = CASE "id" ${outboxIds} END
    WHERE "id" IN (${PrismaValues.join(queued.map((q) => q.id))})`);
}

/** STOP took these outbox messages out before they were sent: their recipients are skipped, as if they had stopped before their turn. */
export async function skipRecipientsOfCancelled(tx: Tx, outboxIds: number[]): Promise<void> {
  if (outboxIds.length) await tx.broadcastRecipient.updateMany({ where: { outboxId: { in: outboxIds }, status: "queued" }, data: { status: "skipped", outboxId: null } });
}

/** Records a person's answer; false when they had already answered (the first answer stands). */
export async function insertPollAnswer(tx: Tx, a: { broadcastId: string; userId: string; option: number; channel: string; now: Date }): Promise<boolean> {
  const existing = await tx.pollAnswer.findUnique({ where: { broadcastId_userId: { broadcastId: a.broadcastId, userId: a.userId } }, select: { id: true } });
  if (existing) return false;
  await tx.pollAnswer.create({ data: { broadcastId: a.broadcastId, userId: a.userId, option: a.option, channel: a.channel, createdAt: a.now } });
  return true;
}

/**
 * Two chats became one person (/lienket): the absorbed person's place in broadcasts and poll
 * answers become the surviving person's. A broadcast or poll both were part of keeps the surviving
 * person's row (one answer per person and poll).
 */
export async function moveBroadcastRows(tx: Tx, fromUserId: string, intoUserId: string): Promise<void> {
  const received = await tx.broadcastRecipient.findMany({ where: { userId: intoUserId }, select: { broadcastId: true } });
  await tx.broadcastRecipient.deleteMany({ where: { userId: fromUserId, broadcastId: { in: received.map((r) => r.broadcastId) } } });
  await tx.broadcastRecipient.updateMany({ where: { userId: fromUserId }, data: { userId: intoUserId } });
  const answered = await tx.pollAnswer.findMany({ where: { userId: intoUserId }, select: { broadcastId: true } });
  await tx.pollAnswer.deleteMany({ where: { userId: fromUserId, broadcastId: { in: answered.map((a) => a.broadcastId) } } });
  await tx.pollAnswer.updateMany({ where: { userId: fromUserId }, data: { userId: intoUserId } });
}
