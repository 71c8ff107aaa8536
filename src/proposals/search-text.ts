// Owns how staff search proposals by their words: each Proposal keeps its content folded (lower
// case, no diacritics) in `searchText`, and a search term is folded the same way, so "duong",
// "Đường" and "ĐƯỜNG" all find "đường", on SQLite and PostgreSQL alike (their LIKE differ on case).
import type { Db } from "../db/client.ts";
import { foldedText } from "../knowledge/text.ts";

export const searchTextOf = foldedText;

/**
 * Fills `searchText` for proposals stored before it existed (migration 0004 added it empty).
 * Content never changes after a proposal is created, so after the first start there is nothing to
 * do but one look at the (small) table. Rows are visited once each, in id order: content that folds
 * to nothing stays empty without being visited again.
 */
export async function fillMissingSearchText(db: Db, batch = 500): Promise<number> {
  let filled = 0;
  let after = "";
  for (;;) {
    const rows = await db.prisma.proposal.findMany({
      where: { searchText: "", id: { gt: after } },
      select: { id: true, content: true },
      orderBy: { id: "asc" },
      take: batch,
    });
    for (const row of rows) {
      const searchText = searchTextOf(row.content);
      if (searchText === "") continue;
      await db.prisma.proposal.update({ where: { id: row.id }, data: { searchText } });
      filled++;
    }
    if (rows.length < batch) return filled;
    after = rows.at(-1)!.id;
  }
}
