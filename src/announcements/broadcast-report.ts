// Reads of broadcasts for the console and the API: the list, one broadcast's progress (recipients
// waiting, in the outbox, delivered, failed, skipped), each recipient's status (from its outbox row),
// a poll's results per option, and the results as CSV. Nothing here writes.
import type { Db } from "../db/client.ts";
import { readOptions, Segment } from "./broadcast-terms.ts";

export type RecipientStatus = "waiting" | "skipped" | "pending" | "sending" | "sent" | "failed";

export async function listBroadcasts(db: Db, page: { skip?: number; take?: number } = {}) {
  return db.prisma.broadcast.findMany({
    orderBy: [{ createdAt: "desc" }, { id: "asc" }],
    skip: page.skip ?? 0,
    take: page.take ?? 50,
    include: { _count: { select: { recipients: true, answers: true } } },
  });
}

/** A broadcast with each recipient's status and the counts per status; null when there is none. */
export async function broadcastProgress(db: Db, id: string) {
  const b = await db.prisma.broadcast.findUnique({ where: { id } });
  if (!b) return null;
  const recipients = await db.prisma.broadcastRecipient.findMany({ where: { broadcastId: id }, orderBy: { id: "asc" } });
  const outboxIds = recipients.flatMap((r) => (r.outboxId === null ? [] : [r.outboxId]));
  const outbox = new Map<number, { status: string; sentAt: Date | null; lastError: string | null }>();
  for (let i = 0; i < outboxIds.length; i += 500) {
    const rows = await db.prisma.outboxMessage.findMany({ where: { id: { in: outboxIds.slice(i, i + 500) } }, select: { id: true, status: true, sentAt: true, lastError: true } });
    for (const r of rows) outbox.set(r.id, r);
  }
  const rows = recipients.map((r) => {
    const o = r.outboxId === null ? undefined : outbox.get(r.outboxId);
    // An outbox row retention already removed was sent or failed long ago; only sent ones are kept that long with a queued mark.
    const status: RecipientStatus = r.status === "waiting" || r.status === "skipped" ? (r.status as RecipientStatus) : ((o?.status ?? "sent") as RecipientStatus);
    return { id: r.id, userId: r.userId, channel: r.channel, status, queuedAt: r.queuedAt, sentAt: o?.sentAt ?? null, error: o?.lastError ?? null };
  });
  const counts: Record<RecipientStatus, number> = { waiting: 0, skipped: 0, pending: 0, sending: 0, sent: 0, failed: 0 };
  for (const r of rows) counts[r.status]++;
  return { broadcast: { ...b, options: readOptions(b.options), segment: Segment.parse(JSON.parse(b.segment)) }, recipients: rows, counts, total: rows.length };
}

/** A poll's answers per option (in the options' order), and how many were asked. */
export async function pollResults(db: Db, id: string) {
  const b = await db.prisma.broadcast.findUnique({ where: { id }, select: { kind: true, options: true, _count: { select: { recipients: true } } } });
  if (!b || b.kind !== "poll") return null;
  const grouped = await db.prisma.pollAnswer.groupBy({ by: ["option"], where: { broadcastId: id }, _count: { _all: true } });
  const options = readOptions(b.options).map((label, i) => ({ option: i + 1, label, count: grouped.find((g) => g.option === i + 1)?._count._all ?? 0 }));
  return { options, answered: options.reduce((n, o) => n + o.count, 0), asked: b._count.recipients };
}

const csvCell = (v: string | number) => {
  const s = String(v);
  // A leading = + - @ would run as a formula in a spreadsheet.
  const safe = /^[=+\-@]/.test(s) ? `'${s}` : s;
  return /[",\n;]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/** The results as CSV (UTF-8 with BOM, so Excel reads the Vietnamese): option, answer, count, share. */
export function pollResultsCsv(results: NonNullable<Awaited<ReturnType<typeof pollResults>>>): string {
  const lines = [["option", "answer", "count", "percent"].join(",")];
  for (const o of results.options) {
    const percent = results.answered ? Math.round((o.count / results.answered) * 1000) / 10 : 0;
    lines.push([o.option, o.label, o.count, percent].map(csvCell).join(","));
  }
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}
