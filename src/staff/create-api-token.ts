// Use case: issue an API token that acts as one staff member (with their role and scope). The token
// is returned once and never stored; the CLI prints it, and the console may call this later.
import type { Db } from "../db/client.ts";
import { recordAudit } from "../db/audit-log.ts";
import { AppError } from "../errors.ts";
import { generateApiToken, hashApiToken } from "./api-token.ts";

export interface CreatedApiToken {
  id: string;
  name: string;
  staffEmail: string;
  /** The secret itself: shown once, then only its hash exists. */
  token: string;
}

/**
 * @example const { token } = await createApiToken({ db, staffId: staff.id, name: "docs-system" });
 */
export async function createApiToken(opts: { db: Db; staffId: string; name: string; actor?: string }): Promise<CreatedApiToken> {
  const name = opts.name.trim();
  if (name.length < 1 || name.length > 100) {
    throw new AppError("bad_request", { message: "name: must be 1–100 characters", detail: { field: "name" } });
  }
  return opts.db.prisma.$transaction(async (tx) => {
    const staff = await tx.staffUser.findUnique({ where: { id: opts.staffId }, select: { id: true, email: true, active: true } });
    if (!staff) throw new AppError("not_found", { message: `staff member ${opts.staffId} not found` });
    // A token for a deactivated account would be refused on every call; better to say so now.
    if (!staff.active) throw new AppError("conflict", { message: `staff member ${staff.email} is not active` });
    const token = generateApiToken();
    const row = await tx.apiToken.create({ data: { staffId: staff.id, name, tokenHash: hashApiToken(token) } });
    await recordAudit(tx, { actor: opts.actor ?? "system", action: "token.create", target: row.id, detail: { staff: staff.email, name } });
    return { id: row.id, name, staffEmail: staff.email, token };
  });
}
