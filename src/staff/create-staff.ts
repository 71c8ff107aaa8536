// Use case: create a staff account (console settings, `npm run cli -- staff create`, or the first
// administrator from ADMIN_EMAIL). Emails are stored lower-case; department staff must belong to a
// department, given by id, slug or name.
import { z } from "zod";
import type { Db } from "../db/client.ts";
import { recordAudit } from "../db/audit-log.ts";
import { AppError } from "../errors.ts";
import { findDepartment } from "./find-department.ts";
import { hashPassword, StaffPassword } from "./staff-password.ts";
import { STAFF_ROLES, type StaffRole } from "./staff-scope.ts";

export const StaffInput = z
  .object({
    email: z.email({ error: "must be an email address" }).max(200).transform((e) => e.trim().toLowerCase()),
    name: z.string().trim().min(1, { error: "must not be empty" }).max(100),
    role: z.enum(STAFF_ROLES, { error: `must be one of ${STAFF_ROLES.join(", ")}` }),
    department: z.string().trim().max(200).optional(),
    password: StaffPassword,
  })
  .refine((s) => s.role !== "department" || !!s.department, { path: ["department"], error: "is required for the department role" });
export type StaffInput = z.input<typeof StaffInput>;

export interface CreatedStaff {
  id: string;
  email: string;
  role: StaffRole;
  departmentName: string | null;
}

export async function createStaff(opts: { db: Db; input: StaffInput; actor: string }): Promise<CreatedStaff> {
  const parsed = StaffInput.safeParse(opts.input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.join(".") || "input";
    throw new AppError("bad_request", { message: `${field}: ${issue.message}`, detail: { field } });
  }
  const input = parsed.data;
  const dept = input.department ? await findDepartment(opts.db, input.department) : null;
  if (await opts.db.prisma.staffUser.findUnique({ where: { email: input.email }, select: { id: true } })) {
    throw new AppError("conflict", { message: `a staff account for ${input.email} already exists`, detail: { field: "email" } });
  }
  const passwordHash = await hashPassword(input.password);
  const staff = await opts.db.prisma.$transaction(async (tx) => {
    const created = await tx.staffUser.create({
      data: { email: input.email, name: input.name, role: input.role, departmentId: dept?.id ?? null, passwordHash },
    });
    await recordAudit(tx, { actor: opts.actor, action: "staff.create", target: input.email, detail: { role: input.role, departmentId: dept?.id ?? null } });
    return created;
  });
  return { id: staff.id, email: staff.email, role: input.role, departmentName: dept?.name ?? null };
}
