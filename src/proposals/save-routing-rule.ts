// Use cases: an administrator adds, edits or removes a routing rule (keywords and a topic that send
// new items to a department, with a priority that breaks ties; a local-matter rule sends them to
// the committee of the person's commune or ward instead, when known). Keywords are stored
// comma-separated, as routeProposal reads them.
import { z } from "zod";
import type { Db } from "../db/client.ts";
import { recordAudit } from "../db/audit-log.ts";
import { AppError } from "../errors.ts";
import { assertCan, type StaffActor } from "../staff/staff-scope.ts";

/** Keywords as stored: trimmed, each once, comma-separated (the seed writes them the same way). */
export function joinKeywords(keywords: readonly string[]): string {
  return [...new Set(keywords.map((k) => k.trim()).filter(Boolean))].join(", ");
}

export const RoutingRuleInput = z.object({
  departmentId: z.string().min(1).max(100),
  topic: z.string().trim().max(60).regex(/^[a-z0-9-]*$/, { error: "use lower-case letters, digits and - (e.g. viec-lam)" }).default(""),
  keywords: z
    .string()
    .max(4000)
    .transform((s) => joinKeywords(s.split(/[,\n;]/)))
    .refine((s) => s.length > 0, { error: "give at least one keyword" }),
  priority: z.coerce.number().int().min(-100).max(100).default(0),
  toCommune: z.boolean().default(false),
});
export type RoutingRuleInput = z.input<typeof RoutingRuleInput>;

/** Adds a rule, or with `id` edits that rule (its department too: a misfiring rule may belong elsewhere). */
export async function saveRoutingRule(opts: { db: Db; actor: StaffActor; id?: string | undefined; input: RoutingRuleInput }): Promise<{ id: string }> {
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
  const data = { departmentId: rule.departmentId, topic: rule.topic || null, keywords: rule.keywords, priority: rule.priority, toCommune: rule.toCommune };
  return prisma.$transaction(async (tx) => {
    if (opts.id) {
      const before = await tx.routingRule.findUnique({ where: { id: opts.id } });
      if (!before) throw new AppError("not_found", { message: `routing rule ${opts.id} not found` });
      await tx.routingRule.update({ where: { id: opts.id }, data });
      await recordAudit(tx, {
        actor: opts.actor.email,
        action: "routingRule.update",
        target: opts.id,
        detail: { ...rule, before: { departmentId: before.departmentId, topic: before.topic ?? "", keywords: before.keywords, priority: before.priority, toCommune: before.toCommune } },
      });
      return { id: opts.id };
    }
    const created = await tx.routingRule.create({ data });
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
