// Use case: the choices the queue's filter offers an actor — the departments they may see (only
// their own for department staff) and the topics the routing rules know.
import type { Db } from "../db/client.ts";
import type { StaffActor } from "../staff/staff-scope.ts";

export async function listQueueOptions(opts: { db: Db; actor: StaffActor }): Promise<{ departments: { id: string; name: string }[]; topics: string[] }> {
  const { prisma } = opts.db;
  const [departments, rules] = await Promise.all([
    prisma.department.findMany({
      where: opts.actor.role === "department" ? { id: opts.actor.departmentId ?? "__none__" } : {},
      orderBy: [{ isCoordinator: "desc" }, { name: "asc" }],
      select: { id: true, name: true },
    }),
    prisma.routingRule.findMany({ where: { topic: { not: null } }, select: { topic: true }, distinct: ["topic"] }),
  ]);
  const topics = [...new Set(rules.map((r) => r.topic).filter((t): t is string => !!t))].sort();
  return { departments, topics };
}
