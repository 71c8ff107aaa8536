// Owns how staff search proposals by their words: each Proposal keeps its content folded (lower
// case, no diacritics) in `searchText`, and a search term is folded the same way, so "duong",
// "Đường" and "ĐƯỜNG" all find "đường", on SQLite and PostgreSQL alike (their LIKE differ on case).
import type { Db } from "../db/client.ts";
import { foldDiacritics, normalizeText } from "../knowledge/text.ts";

export function searchTextOf(text: string): string {
  return foldDiacritics(normalizeText(text));
}

/**
 * Fills `searchText` for proposals stored before it existed (migration 0004 added it empty).
 * Content never changes after a proposal is created, so this only ever has old rows to do.
 */
export async function fillMissingSearchText(db: Db, batch = 500): Promise<number> {
  let filled = 0;
  for (;;) {
    const rows = await db.prisma.proposal.findMany({ where: { searchText: "", NOT: { content: "" } }, select: { id: true, content: true }, take: batch });
    for (const row of rows) {
      await db.prisma.proposal.update({ where: { id: row.id }, data: { searchText: searchTextOf(row.content) } });
    }
    filled += rows.length;
    if (rows.length < batch) return filled;
  }
}
