// Use case: on start, create the administrator named by ADMIN_EMAIL / ADMIN_PASSWORD when no
// account has that email yet. An existing account is never touched, so changing the password in
// the console is not undone by a restart.
import type { Db } from "../db/client.ts";
import { createStaff } from "./create-staff.ts";

export async function ensureFirstAdmin(opts: {
  db: Db;
  admin: { email: string; password: string; name: string } | undefined;
}): Promise<"created" | "exists" | "not configured"> {
  if (!opts.admin) return "not configured";
  const existing = await opts.db.prisma.staffUser.findUnique({ where: { email: opts.admin.email.toLowerCase() }, select: { id: true } });
  if (existing) return "exists";
  try {
    await createStaff({ db: opts.db, actor: "system:config", input: { ...opts.admin, role: "admin" } });
  } catch (err) {
    // Another instance starting at the same moment may have created it first.
    if (await opts.db.prisma.staffUser.findUnique({ where: { email: opts.admin.email.toLowerCase() }, select: { id: true } })) return "exists";
    throw err;
  }
  return "created";
}
