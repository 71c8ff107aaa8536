// Use case: put one document (a file in knowledge/ or an upload) into the database, idempotently by
// content hash. Unchanged → nothing; new or changed → its chunks replaced in one transaction and
// the knowledge version bumped, so every instance's index catches up.
import { createHash } from "node:crypto";
import type { Db, Prisma } from "../../db/client.ts";
import { CHUNKER_VERSION, chunkDocument, citationTitle } from "../chunk/chunk-document.ts";
import type { ParsedDocument } from "../document.ts";
import { parseDocument, type ParseLimits } from "../parse/parse-document.ts";
import { bumpKnowledgeVersion } from "../knowledge-version.ts";

export interface IngestResult {
  status: "unchanged" | "created" | "updated";
  documentId: string;
  title: string;
  chunks: number;
}

export function contentHash(bytes: Uint8Array): string {
  return createHash("sha256").update(`chunker:${CHUNKER_VERSION}\n`).update(bytes).digest("hex");
}

export async function ingestDocument(opts: {
  db: Db;
  /** Stable identity of the document: "knowledge/<file>" or "upload/<name>". */
  sourcePath: string;
  fileName: string;
  bytes: Uint8Array;
  updatedBy?: string;
  limits?: Partial<ParseLimits>;
  /**
   * Turns the bytes into a document: parseDocument in-process by default (the trusted knowledge/
   * folder), parseInSandbox for files from outside (see parse-sandbox.ts).
   */
  parse?: (input: { fileName: string; bytes: Uint8Array; limits?: Partial<ParseLimits> }) => Promise<ParsedDocument>;
  /** Re-chunk even when the content is unchanged (after a chunker upgrade). */
  force?: boolean;
  /** More writes that must commit with the document or not at all (the uploader's audit entry). */
  inTransaction?: (tx: Prisma.TransactionClient, result: IngestResult) => Promise<void>;
}): Promise<IngestResult> {
  const { prisma } = opts.db;
  const hash = contentHash(opts.bytes);
  const existing = await prisma.document.findUnique({
    where: { sourcePath: opts.sourcePath },
    select: { id: true, contentHash: true, title: true, chunkCount: true },
  });
  if (existing && existing.contentHash === hash && !opts.force) {
    return { status: "unchanged", documentId: existing.id, title: existing.title, chunks: existing.chunkCount };
  }
  const parse = opts.parse ?? parseDocument;
  const parsed = await parse({ fileName: opts.fileName, bytes: opts.bytes, ...(opts.limits ? { limits: opts.limits } : {}) });
  const drafts = chunkDocument(parsed);
  const meta = { ...parsed.meta, short_title: citationTitle(parsed.meta) };
  const data = {
    title: parsed.meta.title,
    kind: parsed.meta.kind,
    status: parsed.meta.status,
    meta: JSON.stringify(meta),
    contentHash: hash,
    body: parsed.body,
    chunkCount: drafts.length,
    updatedBy: opts.updatedBy ?? null,
  };
  const documentId = await prisma.$transaction(async (tx) => {
    const doc = existing
      ? await tx.document.update({ where: { id: existing.id }, data })
      : await tx.document.create({ data: { sourcePath: opts.sourcePath, ...data } });
    await tx.chunk.deleteMany({ where: { documentId: doc.id } });
    await tx.chunk.createMany({
      data: drafts.map((c) => ({
        documentId: doc.id,
        ordinal: c.ordinal,
        citation: c.citation,
        heading: c.heading,
        text: c.text,
        phrasings: JSON.stringify(c.phrasings),
        label: c.label,
      })),
    });
    await bumpKnowledgeVersion(tx);
    await opts.inTransaction?.(tx, { status: existing ? "updated" : "created", documentId: doc.id, title: parsed.meta.title, chunks: drafts.length });
    return doc.id;
  });
  return { status: existing ? "updated" : "created", documentId, title: parsed.meta.title, chunks: drafts.length };
}

/** Use case: remove a document and its chunks; the indexes drop it on their next catch-up. */
export async function removeDocument(opts: {
  db: Db;
  documentId: string;
  /** More writes that must commit with the removal or not at all (the audit entry). */
  inTransaction?: (tx: Prisma.TransactionClient) => Promise<void>;
}): Promise<boolean> {
  const { prisma } = opts.db;
  return prisma.$transaction(async (tx) => {
    const deleted = await tx.document.deleteMany({ where: { id: opts.documentId } });
    if (deleted.count > 0) await bumpKnowledgeVersion(tx);
    await opts.inTransaction?.(tx);
    return deleted.count > 0;
  });
}
