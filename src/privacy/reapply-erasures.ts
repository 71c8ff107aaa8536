// Use case: erase again, in a database that came back from a backup, every person the erasure
// ledger says was erased after they were recorded there. A person is matched by the keyed hash of
// each channel identity; one who first wrote after their erasure (a new ChatUser, created later)
// came back of their own accord and is kept.
import type { Db } from "../db/client.ts";
import { eraseUserData } from "./erase-user-data.ts";
import type { ErasureLedger } from "./erasure-ledger.ts";
import { flushErasedPages } from "./flush-erased-pages.ts";

export interface ReapplyReport {
  /** People erased again. */
  erased: number;
  /** Distinct identities in the ledger. */
  ledgerEntries: number;
  /** Ledger lines that could not be used (another key, unreadable). */
  skipped: number;
}

export async function reapplyErasures(opts: { db: Db; ledger: ErasureLedger; now?: Date }): Promise<ReapplyReport> {
  const contents = opts.ledger.read();
  const report: ReapplyReport = { erased: 0, ledgerEntries: contents.erasedAt.size, skipped: contents.otherKey + contents.unreadable };
  if (contents.erasedAt.size === 0) return report;
  const { prisma } = opts.db;
  const toErase = new Set<string>();
  // Paged by id: a restored database may hold many identities; only ids and keys are read.
  for (let after = ""; ; ) {
    const page = await prisma.channelIdentity.findMany({
      where: { id: { gt: after } },
      orderBy: { id: "asc" },
      take: 1000,
      select: { id: true, channel: true, externalId: true, userId: true, user: { select: { createdAt: true } } },
    });
    if (page.length === 0) break;
    after = page.at(-1)!.id;
    for (const i of page) {
      const erasedAt = contents.erasedAt.get(opts.ledger.hash(i));
      if (erasedAt && i.user.createdAt <= erasedAt) toErase.add(i.userId);
    }
  }
  for (const userId of toErase) {
    // Not written to the ledger again: it already holds these people.
    await prisma.$transaction((tx) => eraseUserData(tx, userId, opts.now ? { now: opts.now } : {}));
    report.erased++;
  }
  if (report.erased > 0) await flushErasedPages(opts.db);
  return report;
}
