// Tells administrators, once per request, that a data request passed its legal deadline: an audit
// entry and, when a staff Telegram chat is configured, a notice through the outbox in the same
// transaction (the pattern of jobs/check-deadlines.ts for proposals).
import type { Db } from "../db/client.ts";
import { recordAudit } from "../db/audit-log.ts";
import { enqueueMessages } from "../db/outbox.ts";
import { formatVietnamDate } from "../vietnam-time.ts";

export const DATA_REQUEST_DEADLINES_ACTOR = "system:data-requests";

export async function checkDataRequestDeadlines(opts: {
  db: Db;
  now: Date;
  telegramChatId?: string | undefined;
  publicBaseUrl?: string | undefined;
  /** The notice text (Vietnamese, for staff); `due` is dd/mm/yyyy. */
  notice: (n: { due: string; link: string | null }) => string;
}): Promise<string[]> {
  const overdue = await opts.db.prisma.dataRequest.findMany({
    where: { status: "open", overdueNoticeAt: null, dueAt: { lt: opts.now } },
    orderBy: { dueAt: "asc" },
    take: 200,
    select: { id: true, kind: true, dueAt: true },
  });
  const notified: string[] = [];
  for (const r of overdue) {
    const done = await opts.db.prisma.$transaction(async (tx) => {
      const { count } = await tx.dataRequest.updateMany({ where: { id: r.id, overdueNoticeAt: null }, data: { overdueNoticeAt: opts.now } });
      if (count !== 1) return false;
      await recordAudit(tx, { actor: DATA_REQUEST_DEADLINES_ACTOR, action: "dataRequest.overdue", target: r.id, detail: { kind: r.kind, dueAt: r.dueAt.toISOString() } });
      if (opts.telegramChatId) {
        const due = formatVietnamDate(r.dueAt);
        const link = opts.publicBaseUrl ? `${opts.publicBaseUrl}/console/data-requests/${r.id}` : null;
        await enqueueMessages(tx, [{ channel: "telegram", chatId: opts.telegramChatId, payload: { text: opts.notice({ due, link }) } }], opts.now);
      }
      return true;
    });
    if (done) notified.push(r.id);
  }
  return notified;
}
