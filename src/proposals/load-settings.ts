// Use cases: what the settings page shows an administrator — departments with their routing rules
// and open workload, and every staff account (never its password hash) — and one routing rule for
// its edit page.
import type { Db } from "../db/client.ts";
import { AppError } from "../errors.ts";
import { OPEN_STATUSES } from "./proposal-status.ts";
import { assertCan, type StaffActor } from "../staff/staff-scope.ts";

export async function loadSettings(opts: { db: Db; actor: StaffActor }) {
  assertCan(opts.actor, "manageSettings");
  const { prisma } = opts.db;
  const [departments, open, staff] = await Promise.all([
    prisma.department.findMany({ orderBy: [{ isCoordinator: "desc" }, { name: "asc" }], include: { routingRules: { orderBy: [{ priority: "desc" }, { createdAt: "asc" }] } } }),
    prisma.proposal.groupBy({ by: ["departmentId"], where: { status: { in: OPEN_STATUSES } }, _count: { _all: true } }),
    prisma.staffUser.findMany({
      orderBy: [{ active: "desc" }, { email: "asc" }],
      select: { id: true, email: true, name: true, role: true, active: true, lastLoginAt: true, departmentId: true, department: { select: { name: true } } },
    }),
  ]);
  const openOf = new Map(open.map((o) => [o.departmentId, o._count._all]));
  return {
    departments: departments.map((d) => ({ ...d, openItems: openOf.get(d.id) ?? 0 })),
    staff,
  };
}

/** One routing rule for its edit page, with how many items it has routed. */
export async function loadRoutingRule(opts: { db: Db; actor: StaffActor; id: string }) {
  assertCan(opts.actor, "manageSettings");
  const { prisma } = opts.db;
  const [rule, routedCount, departments] = await Promise.all([
    prisma.routingRule.findUnique({ where: { id: opts.id } }),
    prisma.proposal.count({ where: { routingRuleId: opts.id } }),
    prisma.department.findMany({ orderBy: [{ isCoordinator: "desc" }, { name: "asc" }], select: { id: true, name: true } }),
  ]);
  if (!rule) throw new AppError("not_found", { message: `routing rule ${opts.id} not found` });
  return { rule, routedCount, departments };
}
