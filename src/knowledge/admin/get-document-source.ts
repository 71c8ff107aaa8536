// Use case: the Markdown source of a document as an editor sees it — the front matter rebuilt from
// the stored metadata in the order knowledge/README.md prescribes, then the body — so that saving
// it unchanged yields the same document.
import { stringify } from "yaml";
import type { Db } from "../../db/client.ts";
import { AppError } from "../../errors.ts";
import { isMarkdownSource } from "./list-documents.ts";

const FIELD_ORDER = ["title", "short_title", "kind", "number", "issuer", "issued", "effective", "status", "replaced_by", "source", "topics", "audience"];

export interface DocumentSource {
  id: string;
  title: string;
  sourcePath: string;
  status: string;
  editable: boolean;
  markdown: string;
  chunkCount: number;
  updatedAt: Date;
  updatedBy: string | null;
}

export function frontMatter(meta: Record<string, unknown>): string {
  const ordered: Record<string, unknown> = {};
  for (const key of [...FIELD_ORDER, ...Object.keys(meta).filter((k) => !FIELD_ORDER.includes(k))]) {
    const value = meta[key];
    // The parser refuses empty values, so what cannot be written back is left out.
    if (value === undefined || value === null || value === "") continue;
    if (Array.isArray(value) && value.length === 0 && key !== "topics") continue;
    ordered[key] = value;
  }
  return `---\n${stringify(ordered, { lineWidth: 0 }).trimEnd()}\n---\n`;
}

export async function getDocumentSource(opts: { db: Db; documentId: string }): Promise<DocumentSource> {
  const doc = await opts.db.prisma.document.findUnique({ where: { id: opts.documentId } });
  if (!doc) throw new AppError("not_found", { message: `document ${opts.documentId} not found` });
  let meta: Record<string, unknown> = {};
  try {
    meta = JSON.parse(doc.meta) as Record<string, unknown>;
  } catch {
    meta = { title: doc.title };
  }
  return {
    id: doc.id,
    title: doc.title,
    sourcePath: doc.sourcePath,
    status: doc.status,
    editable: isMarkdownSource(doc.sourcePath),
    markdown: `${frontMatter(meta)}\n${doc.body.trim()}\n`,
    chunkCount: doc.chunkCount,
    updatedAt: doc.updatedAt,
    updatedBy: doc.updatedBy,
  };
}
