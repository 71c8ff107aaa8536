// The deadlines job: reminds a department of items due within DEADLINE_REMINDER_DAYS (once per
// item: reminderSentAt) and escalates overdue items to the coordinators (once: escalatedAt). Each
// is an audit entry plus, when a staff Telegram chat is configured, a notice sent through the
// outbox in the same transaction. Merged items follow their main item and are skipped. Urgent
// items (reports of a violation of young people's or children's rights) are announced to the
// coordinators at the first run after they arrive (once: urgentNoticeAt), before anything else.
import type { Db } from "../db/client.ts";
import { recordAudit, type AuditAction } from "../db/audit-log.ts";
import { enqueueMessages } from "../db/outbox.ts";
import { markDeadlineNotice } from "../proposals/mark-deadline-notice.ts";
import { OPEN_STATUSES } from "../proposals/proposal-status.ts";
import { formatVietnamDate } from "../vietnam-time.ts";
import { noticeTexts, type DeadlineNotice } from "./notice-texts.ts";

export const DEADLINES_ACTOR = "system:deadlines";

export interface DeadlineOptions {
  db: Db;
  now: Date;
  reminderDays: number;
  /** The staff Telegram chat; no notices when unset (or when Telegram is not configured). */
  telegramChatId?: string | undefined;
  /** PUBLIC_BASE_URL, to put a link to the item in the notice. */
  publicBaseUrl?: string | undefined;
  batch?: number;
}

export interface DeadlineReport {
  reminded: string[];
  escalated: string[];
  /** Urgent reports announced to the coordinators this run. */
  urgent: string[];
}

export async function checkDeadlines(opts: DeadlineOptions): Promise<DeadlineReport> {
  const { prisma } = opts.db;
  const batch = opts.batch ?? 200;
  const open = { status: { in: OPEN_STATUSES }, mergedIntoId: null };
  const select = { id: true, code: true, departmentId: true, dueAt: true, department: { select: { name: true } } } as const;
  const report: DeadlineReport = { reminded: [], escalated: [], urgent: [] };

  const urgent = await prisma.proposal.findMany({
    where: { ...open, priority: "urgent", urgentNoticeAt: null },
    orderBy: { createdAt: "asc" },
    take: batch,
    select,
  });
  for (const p of urgent) {
    if (await mark(opts, p, "urgentNoticeAt", "proposal.urgentNotice", noticeTexts.urgentReport)) report.urgent.push(p.code);
  }

  const overdue = await prisma.proposal.findMany({
    where: { ...open, escalatedAt: null, dueAt: { lte: opts.now } },
    orderBy: { dueAt: "asc" },
    take: batch,
    select,
  });
  for (const p of overdue) {
    if (await mark(opts, p, "escalatedAt", "proposal.escalate", noticeTexts.escalation)) report.escalated.push(p.code);
  }

  if (opts.reminderDays > 0) {
    const soon = await prisma.proposal.findMany({
      where: { ...open, reminderSentAt: null, escalatedAt: null, dueAt: { gt: opts.now, lte: new Date(opts.now.getTime() + opts.reminderDays * 86_400_000) } },
      orderBy: { dueAt: "asc" },
      take: batch,
      select,
    });
    for (const p of soon) {
      if (await mark(opts, p, "reminderSentAt", "proposal.reminder", noticeTexts.reminder)) report.reminded.push(p.code);
    }
  }
  return report;
}

/** Sets the flag if still unset (another run may have done it), then audits and notifies. */
async function mark(
  opts: DeadlineOptions,
  p: { id: string; code: string; departmentId: string; dueAt: Date; department: { name: string } },
  field: "escalatedAt" | "reminderSentAt" | "urgentNoticeAt",
  action: AuditAction,
  text: (n: DeadlineNotice) => string,
): Promise<boolean> {
  return opts.db.prisma.$transaction(async (tx) => {
    if (!(await markDeadlineNotice(tx, { proposalId: p.id, mark: field, now: opts.now }))) return false;
    const due = formatVietnamDate(p.dueAt);
    await recordAudit(tx, { actor: DEADLINES_ACTOR, action, target: p.code, detail: { departmentId: p.departmentId, dueAt: p.dueAt.toISOString() } });
    if (opts.telegramChatId) {
      const notice = { code: p.code, departmentName: p.department.name, due, link: opts.publicBaseUrl ? `${opts.publicBaseUrl}/console/items/${p.code}` : null };
      await enqueueMessages(tx, [{ channel: "telegram", chatId: opts.telegramChatId, payload: { text: text(notice) } }], opts.now);
    }
    return true;
  });
}
