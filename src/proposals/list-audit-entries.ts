// Use case: one page of the audit log for an administrator, newest first, filtered by who, what
// (an action or its prefix, e.g. "proposal."), target and period.
import type { Db, Prisma } from "../db/client.ts";
import { assertCan, type StaffActor } from "../staff/staff-scope.ts";

export interface AuditFilter {
  actor?: string | undefined;
  action?: string | undefined;
  target?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
}

export async function listAuditEntries(opts: { db: Db; actor: StaffActor; filter: AuditFilter; page?: number; pageSize?: number }) {
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
  return { entries, total, page, pages, actions: actions.map((a) => a.action) };
}
