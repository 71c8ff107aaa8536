// Use case: delete the /lienket bookkeeping that can no longer matter, through its owner
// (db/link-codes.ts): codes used or expired, and wrong-code attempts, more than a day ago. A new
// code clears expired ones and a new wrong code its identity's old attempts, but only when someone
// asks or types again; this catches the rest. A code lives 10 minutes and a chat waits out at most
// an hour of wrong codes, so a day leaves every rule working. Run by the retention job.
import type { Db } from "../db/client.ts";
import { deleteLinkRowsBefore } from "../db/link-codes.ts";

export const LINK_ROWS_KEPT_MS = 86_400_000;

export async function purgeLinkRows(opts: { db: Db; now: Date }): Promise<{ codes: number; attempts: number }> {
  return deleteLinkRowsBefore(opts.db.prisma, new Date(opts.now.getTime() - LINK_ROWS_KEPT_MS));
}
