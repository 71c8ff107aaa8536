// Use cases: an administrator adds or removes a routing rule (keywords and a topic that send new
// items to a department, with a priority that breaks ties). Keywords are stored comma-separated,
// as routeProposal reads them.
import { z } from "zod";
import type { Db } from "../db/client.ts";
import { recordAudit } from "../db/audit-log.ts";
import { AppError } from "../errors.ts";
import { assertCan, type StaffActor } from "../staff/staff-scope.ts";

export const RoutingRuleInput = z.object({
  departmentId: z.string().min(1).max(100),
  topic: z.string().trim().max(60).regex(/^[a-z0-9-]*$/, { error: "use lower-case letters, digits and - (e.g. viec-lam)" }).default(""),
  keywords: z
    .string()
    .max(4000)
    .transform((s) => [...new Set(s.split(/[,\n;]/).map((k) => k.trim()).filter(Boolean))].join(", "))
    .refine((s) => s.length > 0, { error: "give at least one keyword" }),
  priority: z.coerce.number().int().min(-100).max(100).default(0),
});
export type RoutingRuleInput = z.input<typeof RoutingRuleInput>;

export async function saveRoutingRule(opts: { db: Db; actor: StaffActor; input: RoutingRuleInput }): Promise<{ id: string }> {
  assertCan(opts.actor, "manageSettings");
  const parsed = RoutingRuleInput.safeParse(opts.input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new AppError("bad_request", { message: `${issue.path.join(".")}: ${issue.message}`, detail: { field: issue.path.join(".") } });
  }
  const rule = parsed.data;
  const { prisma } = opts.db;
  if (!(await prisma.department.findUnique({ where: { id: rule.departmentId }, select: { id: true } }))) {
    throw new AppError("bad_request", { message: `department ${rule.departmentId} not found`, detail: { field: "departmentId" } });
  }
  return prisma.$transaction(async (tx) => {
    const created = await tx.routingRule.create({
      data: { departmentId: rule.departmentId, topic: rule.topic || null, keywords: rule.keywords, priority: rule.priority },
    });
    await recordAudit(tx, { actor: opts.actor.email, action: "routingRule.create", target: created.id, detail: rule });
    return { id: created.id };
  });
}

export async function deleteRoutingRule(opts: { db: Db; actor: StaffActor; id: string }): Promise<void> {
  assertCan(opts.actor, "manageSettings");
  await opts.db.prisma.$transaction(async (tx) => {
    const rule = await tx.routingRule.findUnique({ where: { id: opts.id } });
    if (!rule) throw new AppError("not_found", { message: `routing rule ${opts.id} not found` });
    await tx.routingRule.delete({ where: { id: opts.id } });
    await recordAudit(tx, { actor: opts.actor.email, action: "routingRule.delete", target: opts.id, detail: { departmentId: rule.departmentId, keywords: rule.keywords } });
  });
}
