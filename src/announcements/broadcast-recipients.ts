// Reads of one broadcast's recipients that stay cheap at 10,000 recipients, for the console's page
// (polled every few seconds while sending) and the API: the count per status in one grouped query,
// and one page of recipients, optionally of one status. A recipient's status is its own while it
// waits or was skipped, and its outbox message's once queued (pending, sending, sent, failed), the
// same reading as broadcast-report.ts. And the broadcast itself, its options and segment read back.
// Nothing here writes.
import type { Db } from "../db/client.ts";
import { Prisma as PrismaValues } from "../db/generated/sqlite/client.ts";
import type { RecipientStatus } from "./broadcast-report.ts";
import { readOptions, Segment } from "./broadcast-terms.ts";

/** A broadcast with its poll options and segment as values; null when there is none. */
export async function findBroadcast(db: Db, id: string) {
  const b = await db.prisma.broadcast.findUnique({ where: { id } });
  if (!b) return null;
  const segment = Segment.safeParse(JSON.parse(b.segment));
  return { ...b, options: readOptions(b.options), segment: segment.success ? segment.data : Segment.parse({}) };
}

export const RECIPIENT_STATUSES = ["waiting", "pending", "sending", "sent", "failed", "skipped"] as const satisfies readonly RecipientStatus[];

export type RecipientCounts = Record<RecipientStatus, number> & { total: number };

// An outbox row retention already removed belonged to a message sent long ago (failed ones are kept).
const STATUS_SQL = PrismaValues.sql`CASE WHEN r."status" IN ('waiting', 'skipped') THEN r."status" ELSE COALESCE(o."status", 'sent') END`;

/** How many recipients of the broadcast are in each status. */
export async function recipientCounts(db: Db, broadcastId: string): Promise<RecipientCounts> {
  const rows = await db.prisma.$queryRaw<{ status: string; n: number | bigint }[]>(PrismaValues.sql`
    SELECT ${STATUS_SQL} AS "status", COUNT(*) AS "n" FROM "BroadcastRecipient" r
    LEFT JOIN "OutboxMessage" o ON o."id" = r."outboxId"
    WHERE r."broadcastId" = ${broadcastId}
    GROUP BY ${STATUS_SQL}`);
  const counts: RecipientCounts = { waiting: 0, pending: 0, sending: 0, sent: 0, failed: 0, skipped: 0, total: 0 };
  for (const r of rows) {
    const n = Number(r.n);
    if ((RECIPIENT_STATUSES as readonly string[]).includes(r.status)) counts[r.status as RecipientStatus] += n;
    counts.total += n;
  }
  return counts;
}

export interface RecipientRow {
  id: number;
  userId: string;
  channel: string;
  status: RecipientStatus;
  queuedAt: Date | null;
  sentAt: Date | null;
}

/** One page of the broadcast's recipients in the order they were chosen, of one status when given. */
export async function recipientPage(db: Db, broadcastId: string, opts: { status?: RecipientStatus; skip: number; take: number }): Promise<RecipientRow[]> {
  const only = opts.status ? PrismaValues.sql`AND ${STATUS_SQL} = ${opts.status}` : PrismaValues.empty;
  const ids = await db.prisma.$queryRaw<{ id: number | bigint }[]>(PrismaValues.sql`
    SELECT r."id" AS "id" FROM "BroadcastRecipient" r
    LEFT JOIN "OutboxMessage" o ON o."id" = r."outboxId"
    WHERE r."broadcastId" = ${broadcastId} ${only}
    ORDER BY r."id" LIMIT ${opts.take} OFFSET ${opts.skip}`);
  if (ids.length === 0) return [];
  const recipients = await db.prisma.broadcastRecipient.findMany({ where: { id: { in: ids.map((r) => Number(r.id)) } }, orderBy: { id: "asc" } });
  const outboxIds = recipients.flatMap((r) => (r.outboxId === null ? [] : [r.outboxId]));
  const outbox = new Map((await db.prisma.outboxMessage.findMany({ where: { id: { in: outboxIds } }, select: { id: true, status: true, sentAt: true } })).map((o) => [o.id, o]));
  return recipients.map((r) => {
    const o = r.outboxId === null ? undefined : outbox.get(r.outboxId);
    const status = (r.status === "waiting" || r.status === "skipped" ? r.status : (o?.status ?? "sent")) as RecipientStatus;
    return { id: r.id, userId: r.userId, channel: r.channel, status, queuedAt: r.queuedAt, sentAt: o?.sentAt ?? null };
  });
}
