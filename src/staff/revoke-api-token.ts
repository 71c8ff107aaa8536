// Use case: revoke an API token. The row stays (with revokedAt) so the audit trail and `token list`
// still show what it was; the next request with it gets 401.
import { systemClock } from "../clock.ts";
import type { Db } from "../db/client.ts";
import { recordAudit } from "../db/audit-log.ts";
import { AppError } from "../errors.ts";

export async function revokeApiToken(opts: { db: Db; id: string; actor?: string; now?: Date }): Promise<{ id: string; name: string; alreadyRevoked: boolean }> {
  return opts.db.prisma.$transaction(async (tx) => {
    const token = await tx.apiToken.findUnique({ where: { id: opts.id }, include: { staff: { select: { email: true } } } });
    if (!token) throw new AppError("not_found", { message: `API token ${opts.id} not found` });
    if (token.revokedAt) return { id: token.id, name: token.name, alreadyRevoked: true };
    await tx.apiToken.update({ where: { id: token.id }, data: { revokedAt: opts.now ?? systemClock.now() } });
    await recordAudit(tx, { actor: opts.actor ?? "system", action: "token.revoke", target: token.id, detail: { staff: token.staff.email, name: token.name } });
    return { id: token.id, name: token.name, alreadyRevoked: false };
  });
}
