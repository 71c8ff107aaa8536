// Use case: the proposals an actor may export (the queue's filter), as plain rows for a CSV or
// XLSX file for the annual dialogue conference. No personal data leaves: the contact column is
// filled only for people who consented to be contacted, and phone numbers, emails and ID numbers
// typed inside the content or the answer are masked. Every export is audit-logged.
import { systemClock } from "../clock.ts";
import type { Db } from "../db/client.ts";
import { recordAudit } from "../db/audit-log.ts";
import { proposalFilterWhere, type ProposalFilter } from "./list-proposals.ts";
import { redactPersonalData, type RedactLabels } from "../privacy/mask.ts";
import { assertCan, type StaffActor } from "../staff/staff-scope.ts";

export interface ExportRow {
  code: string;
  kind: string;
  status: string;
  channel: string;
  createdAt: Date;
  departmentName: string;
  topic: string;
  content: string;
  dueAt: Date;
  answeredAt: Date | null;
  answeredOnTime: boolean | null;
  answer: string;
  rating: string;
  contact: string;
}

/** At most this many rows per file; a narrower filter gets the rest. */
export const EXPORT_LIMIT = 20_000;

export async function exportProposals(opts: {
  db: Db;
  actor: StaffActor;
  filter: ProposalFilter;
  format: "csv" | "xlsx";
  mask: RedactLabels;
  now?: Date;
}): Promise<ExportRow[]> {
  assertCan(opts.actor, "export");
  const now = opts.now ?? systemClock.now();
  const rows = await opts.db.prisma.proposal.findMany({
    where: proposalFilterWhere(opts.actor, opts.filter, now),
    orderBy: [{ createdAt: "asc" }, { code: "asc" }],
    take: EXPORT_LIMIT,
    include: { department: { select: { name: true } }, user: { select: { consents: { where: { purpose: "callback" }, select: { id: true } } } } },
  });
  await recordAudit(opts.db.prisma, {
    actor: opts.actor.email,
    action: "proposal.export",
    detail: { format: opts.format, rows: rows.length, filter: { ...opts.filter } },
  });
  return rows.map((p) => {
    const consented = !!p.contact && !p.anonymisedAt && (p.user?.consents.length ?? 0) > 0;
    return {
      code: p.code,
      kind: p.kind,
      status: p.status,
      channel: p.channel,
      createdAt: p.createdAt,
      departmentName: p.department.name,
      topic: p.topic ?? "",
      content: redactPersonalData(p.content, opts.mask),
      dueAt: p.dueAt,
      answeredAt: p.answeredAt,
      answeredOnTime: p.answeredAt ? p.answeredAt <= p.dueAt : null,
      answer: p.answer ? redactPersonalData(p.answer, opts.mask) : "",
      rating: p.rating ?? "",
      contact: consented ? (p.contact ?? "") : "",
    };
  });
}
