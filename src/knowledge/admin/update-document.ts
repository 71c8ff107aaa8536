// Use case: save an edited Markdown document. The new text is ingested under the same source path
// (so it replaces the old chunks and bumps the knowledge version); a text that does not parse is
// refused with the parser's reason and nothing changes.
import path from "node:path";
import type { Db } from "../../db/client.ts";
import { recordAudit } from "../../db/audit-log.ts";
import { AppError } from "../../errors.ts";
import { ingestDocument, type IngestResult } from "./ingest-document.ts";
import { isMarkdownSource } from "./list-documents.ts";

export async function updateDocument(opts: {
  db: Db;
  documentId: string;
  markdown: string;
  actor: string;
  maxBytes: number;
}): Promise<IngestResult> {
  const doc = await opts.db.prisma.document.findUnique({ where: { id: opts.documentId }, select: { id: true, sourcePath: true } });
  if (!doc) throw new AppError("not_found", { message: `document ${opts.documentId} not found` });
  if (!isMarkdownSource(doc.sourcePath)) {
    throw new AppError("conflict", { message: `${doc.sourcePath} is not Markdown; upload a new version instead` });
  }
  const bytes = new TextEncoder().encode(opts.markdown.replace(/\r\n/g, "\n"));
  const result = await ingestDocument({
    db: opts.db,
    sourcePath: doc.sourcePath,
    fileName: path.basename(doc.sourcePath),
    bytes,
    updatedBy: opts.actor,
    limits: { maxBytes: opts.maxBytes },
  });
  await recordAudit(opts.db.prisma, {
    actor: opts.actor,
    action: "document.update",
    target: doc.sourcePath,
    detail: { status: result.status, chunks: result.chunks },
  });
  return result;
}
