// Finds a staff account by the email someone typed (on the command line, say). Accounts are
// normally stored lower-case, but an exact match is tried too in case one was not.
import type { Db } from "../db/client.ts";
import { AppError } from "../errors.ts";

export async function findStaffByEmail(db: Db, email: string): Promise<{ id: string; email: string; active: boolean }> {
  const typed = email.trim();
  const staff = await db.prisma.staffUser.findFirst({
    where: { email: { in: [...new Set([typed, typed.toLowerCase()])] } },
    select: { id: true, email: true, active: true },
  });
  if (!staff) throw new AppError("not_found", { message: `no staff member with email ${typed}` });
  return staff;
}
