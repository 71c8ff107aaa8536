// Use case: who is calling with this bearer token? The staff member it belongs to, as long as the
// token is not revoked and the account is active and has a known role; otherwise nobody. lastUsedAt
// is written at most once a minute per token, so busy integrations do not cost a write per request.
import { systemClock } from "../clock.ts";
import type { Db } from "../db/client.ts";
import { API_TOKEN_PREFIX, hashApiToken } from "./api-token.ts";
import { STAFF_ROLES, type StaffActor, type StaffRole } from "./staff-scope.ts";

const LAST_USED_RESOLUTION_MS = 60_000;

export interface ApiCaller extends StaffActor {
  tokenId: string;
}

export async function authenticateApiToken(opts: { db: Db; token: string; now?: Date }): Promise<ApiCaller | null> {
  // Anything that cannot be one of our tokens is refused without a database round trip.
  if (!opts.token.startsWith(API_TOKEN_PREFIX) || opts.token.length > 200) return null;
  const row = await opts.db.prisma.apiToken.findUnique({
    where: { tokenHash: hashApiToken(opts.token) },
    include: { staff: { select: { id: true, email: true, name: true, role: true, departmentId: true, active: true } } },
  });
  if (!row || row.revokedAt || !row.staff.active || !isStaffRole(row.staff.role)) return null;
  const now = opts.now ?? systemClock.now();
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS) {
    // Conditional, so concurrent requests from several instances still write once.
    await opts.db.prisma.apiToken.updateMany({
      where: { id: row.id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lte: new Date(now.getTime() - LAST_USED_RESOLUTION_MS) } }] },
      data: { lastUsedAt: now },
    });
  }
  const { id, email, name, role, departmentId } = row.staff;
  return { id, email, name, role, departmentId, tokenId: row.id };
}

function isStaffRole(value: string): value is StaffRole {
  return (STAFF_ROLES as readonly string[]).includes(value);
}
