// Use case: one page of the audit log for an administrator, newest first, filtered by who, what
// (an action or its prefix, e.g. "proposal."), target and period. Each entry comes with its
// action's name and a readable sentence, with staff, department and document names looked up.
import type { Db, Prisma } from "../db/client.ts";
import type { Locale } from "../prompts.ts";
import { assertCan, type StaffActor } from "../staff/staff-scope.ts";
import { describeAuditEntry, type AuditEntryRow, type AuditNames } from "./describe-audit-entry.ts";
import { actionLabel } from "./labels.ts";

export interface AuditFilter {
  actor?: string | undefined;
  action?: string | undefined;
  target?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
}

export async function listAuditEntries(opts: {
  db: Db;
  actor: StaffActor;
  filter: AuditFilter;
  page?: number;
  pageSize?: number;
  /** Topic names (knowledge/topics.json), for rules that name a topic. */
  topicName?: (code: string) => string;
  locale?: Locale;
}) {
  assertCan(opts.actor, "viewAudit");
  const f = opts.filter;
  const where: Prisma.AuditLogWhereInput = {
    ...(f.actor ? { actor: { contains: f.actor } } : {}),
    ...(f.action ? { action: { startsWith: f.action } } : {}),
    ...(f.target ? { target: { contains: f.target } } : {}),
    ...(f.from || f.to ? { createdAt: { ...(f.from ? { gte: f.from } : {}), ...(f.to ? { lt: f.to } : {}) } } : {}),
  };
  const pageSize = opts.pageSize ?? 50;
  const total = await opts.db.prisma.auditLog.count({ where });
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(Math.max(1, opts.page ?? 1), pages);
  const entries = await opts.db.prisma.auditLog.findMany({ where, orderBy: { id: "desc" }, skip: (page - 1) * pageSize, take: pageSize });
  const actions = await opts.db.prisma.auditLog.findMany({ distinct: ["action"], select: { action: true }, orderBy: { action: "asc" } });
  const locale = opts.locale ?? "vi";
  const names = await lookUpNames(opts.db, entries, opts.topicName ?? ((code) => code));
  return {
    entries: entries.map((e) => ({ ...e, ...describeAuditEntry(e, names, locale) })),
    total,
    page,
    pages,
    actions: actions.map((a) => ({ code: a.action, label: actionLabel(a.action, locale) })).sort((a, b) => a.label.localeCompare(b.label, locale)),
  };
}

const EMAIL = /^[^\s@]+@[^\s@]+$/;

/** The staff, departments and documents a page of entries mentions, in three queries. */
async function lookUpNames(db: Db, entries: AuditEntryRow[], topicName: (code: string) => string): Promise<AuditNames> {
  const emails = new Set<string>();
  const ids = new Set<string>();
  const paths = new Set<string>();
  for (const e of entries) {
    const actor = e.actor.replace(/^api:/, "");
    if (EMAIL.test(actor)) emails.add(actor);
    if (e.target && EMAIL.test(e.target)) emails.add(e.target);
    if (e.target && (e.action.startsWith("document.") || e.action === "faq.save")) paths.add(e.target);
    if (e.target && e.action.startsWith("department.")) ids.add(e.target);
    // Ids and emails inside the detail (departments moved between, a token's owner).
    for (const m of e.detail.matchAll(/"(?:departmentId|fromDepartmentId|toDepartmentId|staff)":"([^"]{1,200})"/g)) {
      (EMAIL.test(m[1]!) ? emails : ids).add(m[1]!);
    }
  }
  const { prisma } = db;
  const [staff, departments, documents] = await Promise.all([
    emails.size ? prisma.staffUser.findMany({ where: { email: { in: [...emails] } }, select: { email: true, name: true } }) : [],
    ids.size ? prisma.department.findMany({ where: { id: { in: [...ids] } }, select: { id: true, name: true } }) : [],
    paths.size ? prisma.document.findMany({ where: { sourcePath: { in: [...paths] } }, select: { sourcePath: true, title: true } }) : [],
  ]);
  const staffNames = new Map(staff.map((s) => [s.email, s.name]));
  const departmentNames = new Map(departments.map((d) => [d.id, d.name]));
  const titles = new Map(documents.map((d) => [d.sourcePath, d.title]));
  return {
    staff: (email) => staffNames.get(email),
    department: (id) => departmentNames.get(id),
    document: (path) => titles.get(path),
    topic: topicName,
  };
}
