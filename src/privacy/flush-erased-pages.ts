// After an erasure has committed: on SQLite, the pages the erasure rewrote (zeroed, since
// secure_delete is on: db/client.ts) are copied into the database file and the write-ahead log is
// truncated to zero bytes, so the images of those pages from before the erasure (which still hold
// the deleted text) do not stay in the -wal file until it happens to be overwritten.
// On PostgreSQL deleted tuples stay in the table files until VACUUM reclaims them; that is an
// operations schedule (docs/security.md, "PostgreSQL VACUUM policy"), not something to run per message.
import type { Db } from "../db/client.ts";

export interface FlushReport {
  /** False when another connection (a backup, a second process) was reading and the log could not be truncated yet. */
  truncated: boolean;
}

export async function flushErasedPages(db: Db): Promise<FlushReport> {
  if (db.provider !== "sqlite") return { truncated: true };
  const rows = await db.prisma.$queryRawUnsafe<{ busy: number | bigint }[]>("PRAGMA wal_checkpoint(TRUNCATE)");
  return { truncated: Number(rows[0]?.busy ?? 0) === 0 };
}
