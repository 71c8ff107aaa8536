// Use case: the API tokens of one staff member, newest first, without any secret (only hashes are
// stored, and those are not returned either).
import type { Db } from "../db/client.ts";
import { findStaffByEmail } from "./find-staff-by-email.ts";

export interface ApiTokenSummary {
  id: string;
  name: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

export async function listApiTokens(opts: { db: Db; email: string }): Promise<ApiTokenSummary[]> {
  const staff = await findStaffByEmail(opts.db, opts.email);
  return opts.db.prisma.apiToken.findMany({
    where: { staffId: staff.id },
    orderBy: { createdAt: "desc" },
    select: { id: true, name: true, createdAt: true, lastUsedAt: true, revokedAt: true },
  });
}
