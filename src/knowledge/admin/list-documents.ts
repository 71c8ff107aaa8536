// Use case: the knowledge documents — title, kind, status, chunk count, last change and by whom,
// where each came from, and whether it can be edited as Markdown in the browser. The console lists
// them newest first with an optional search; the API by title. Who may see the list is decided by
// the caller (the console shows it to all staff, the API to administrators only).
import type { Db } from "../../db/client.ts";
import { foldedText } from "../text.ts";

export interface DocumentSummary {
  id: string;
  title: string;
  kind: string;
  status: string;
  sourcePath: string;
  chunkCount: number;
  updatedAt: Date;
  updatedBy: string | null;
  /** Markdown documents are edited in the console; other formats are replaced by uploading. */
  editable: boolean;
}

export function isMarkdownSource(sourcePath: string): boolean {
  return /\.md$/i.test(sourcePath);
}

export async function listDocuments(opts: { db: Db; q?: string | undefined; order?: "recent" | "title" }): Promise<DocumentSummary[]> {
  const rows = await opts.db.prisma.document.findMany({
    orderBy: opts.order === "title" ? [{ title: "asc" }, { id: "asc" }] : [{ updatedAt: "desc" }, { title: "asc" }],
    select: { id: true, title: true, kind: true, status: true, sourcePath: true, chunkCount: true, updatedAt: true, updatedBy: true },
  });
  // A knowledge base has hundreds of documents, not millions: matched here, the search ignores
  // case and diacritics ("luat" finds "Luật") the same way on SQLite and PostgreSQL.
  const q = foldedText(opts.q ?? "");
  const matching = q ? rows.filter((r) => foldedText(r.title).includes(q) || foldedText(r.sourcePath).includes(q)) : rows;
  return matching.map((r) => ({ ...r, editable: isMarkdownSource(r.sourcePath) }));
}
