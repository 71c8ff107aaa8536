// Use case: an administrator creates or edits a department (name, description, kind, days to
// answer). The slug is derived from the name on creation and never changes, since seeds and links
// use it. A department of kind "commune" is the People's Committee of one commune or ward: local
// matters go to it when the person names that commune (route-proposal.ts).
import { z } from "zod";
import type { Db } from "../db/client.ts";
import { recordAudit } from "../db/audit-log.ts";
import { AppError } from "../errors.ts";
import { foldDiacritics } from "../knowledge/text.ts";
import { assertCan, type StaffActor } from "../staff/staff-scope.ts";

/** A provincial body (sở, ban, ngành), or a commune/ward People's Committee. */
export const DEPARTMENT_KINDS = ["department", "commune"] as const;
export type DepartmentKind = (typeof DEPARTMENT_KINDS)[number];

export const DepartmentInput = z.object({
  name: z.string().trim().min(2).max(200),
  description: z.string().trim().max(2000).default(""),
  /** Left out on an edit: the kind stays as it is (a new department is a provincial one). */
  kind: z.enum(DEPARTMENT_KINDS).optional(),
  dueDays: z.coerce.number().int().min(1).max(365),
});
export type DepartmentInput = z.input<typeof DepartmentInput>;

export function slugOf(name: string): string {
  return foldDiacritics(name.toLowerCase()).replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 60) || "don-vi";
}

export async function saveDepartment(opts: { db: Db; actor: StaffActor; id?: string | undefined; input: DepartmentInput }): Promise<{ id: string }> {
  assertCan(opts.actor, "manageSettings");
  const parsed = DepartmentInput.safeParse(opts.input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new AppError("bad_request", { message: `${issue.path.join(".")}: ${issue.message}`, detail: { field: issue.path.join(".") } });
  }
  const data = parsed.data;
  const { prisma } = opts.db;
  return prisma.$transaction(async (tx) => {
    if (opts.id) {
      const existing = await tx.department.findUnique({ where: { id: opts.id }, select: { id: true } });
      if (!existing) throw new AppError("not_found", { message: `department ${opts.id} not found` });
      await tx.department.update({ where: { id: opts.id }, data });
      await recordAudit(tx, { actor: opts.actor.email, action: "department.update", target: opts.id, detail: data });
      return { id: opts.id };
    }
    let slug = slugOf(data.name);
    for (let n = 2; await tx.department.findUnique({ where: { slug }, select: { id: true } }); n++) slug = `${slugOf(data.name)}-${n}`;
    const created = await tx.department.create({ data: { ...data, kind: data.kind ?? "department", slug } });
    await recordAudit(tx, { actor: opts.actor.email, action: "department.create", target: created.id, detail: { ...data, slug } });
    return { id: created.id };
  });
}
