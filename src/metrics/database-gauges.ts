// What the metrics gauges read from the database at each scrape: the outbox depth and the age of
// its oldest pending message, and the proposal queue by status with the overdue count. Counts
// only over indexed, bounded sets (unsent outbox rows, proposals), never the whole message log.
import type { Db } from "../db/client.ts";
import { OPEN_STATUSES, PROPOSAL_STATUSES } from "../proposals/proposal-status.ts";

export interface DatabaseGauges {
  outbox: { pending: number; sending: number };
  oldestPendingAgeSeconds: number;
  proposals: Record<string, number>;
  overdue: number;
}

export async function readDatabaseGauges(db: Db, now: Date): Promise<DatabaseGauges> {
  const { prisma } = db;
  const [outboxByStatus, oldest, proposalsByStatus, overdue] = await Promise.all([
    prisma.outboxMessage.groupBy({ by: ["status"], where: { status: { in: ["pending", "sending"] } }, _count: { _all: true } }),
    prisma.outboxMessage.findFirst({ where: { status: "pending" }, orderBy: { id: "asc" }, select: { createdAt: true } }),
    prisma.proposal.groupBy({ by: ["status"], _count: { _all: true } }),
    prisma.proposal.count({ where: { status: { in: OPEN_STATUSES }, dueAt: { lt: now } } }),
  ]);
  const outbox = { pending: 0, sending: 0 };
  for (const row of outboxByStatus) outbox[row.status as keyof typeof outbox] = row._count._all;
  // Every status appears, at 0 when empty, so a dashboard's series do not come and go.
  const proposals: Record<string, number> = Object.fromEntries(PROPOSAL_STATUSES.map((s) => [s, 0]));
  for (const row of proposalsByStatus) proposals[row.status] = row._count._all;
  return {
    outbox,
    oldestPendingAgeSeconds: oldest ? Math.max(0, (now.getTime() - oldest.createdAt.getTime()) / 1000) : 0,
    proposals,
    overdue,
  };
}
