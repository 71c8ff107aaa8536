// Use case: the knowledge documents as staff see them in the console — title, kind, status, chunk
// count, last change and by whom, where the document came from, and whether it can be edited as
// Markdown in the browser.
import type { Db } from "../db/client.ts";

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

export async function listDocuments(opts: { db: Db; q?: string | undefined }): Promise<DocumentSummary[]> {
  const q = opts.q?.trim();
  const rows = await opts.db.prisma.document.findMany({
    where: q ? { OR: [{ title: { contains: q } }, { sourcePath: { contains: q } }] } : {},
    orderBy: [{ updatedAt: "desc" }, { title: "asc" }],
    select: { id: true, title: true, kind: true, status: true, sourcePath: true, chunkCount: true, updatedAt: true, updatedBy: true },
  });
  return rows.map((r) => ({ ...r, editable: isMarkdownSource(r.sourcePath) }));
}
