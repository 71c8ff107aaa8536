// Use case: staff (console) or another system (API) upload a knowledge document (.md .txt .html
// .pdf .docx). It is stored under "upload/<safe-file-name>" (uploading the same name again
// replaces it), ingested at once with its audit entry in the same transaction, and searchable on
// this instance when the call returns. A file that cannot be read fails with an AppError
// "document.refused" naming the reason (detail.busy when only the parse queue is full). Who may
// upload is decided by the caller: knowledge knows no staff roles.
import path from "node:path";
import { recordAudit } from "../../db/audit-log.ts";
import type { Db } from "../../db/client.ts";
import { AppError } from "../../errors.ts";
import { catchUpAfterWrite, type IndexCatchUp } from "./catch-up-after-write.ts";
import { ingestDocument, type IngestResult } from "./ingest-document.ts";
import { parseInSandbox } from "../parse/parse-sandbox.ts";
import { foldDiacritics } from "../text.ts";

export const UPLOAD_PREFIX = "upload/";

export interface UploadedDocument extends IngestResult {
  sourcePath: string;
}

/** "Quy chế Đoàn (2025).PDF" → "quy-che-doan-2025.pdf": no path, no spaces, nothing to escape. */
export function safeFileName(name: string): string {
  const base = path.basename(name.replace(/\\/g, "/"));
  const ext = path.extname(base).toLowerCase().replace(/[^.a-z0-9]/g, "");
  const stem = foldDiacritics(base.slice(0, base.length - path.extname(base).length).normalize("NFC"))
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 80);
  return `${stem || "tai-lieu"}${ext}`;
}

export async function uploadDocument(opts: {
  db: Db;
  /** This instance's index, caught up before returning. */
  knowledge: IndexCatchUp;
  fileName: string;
  bytes: Uint8Array;
  /** Who did it, as the audit log and the document's "updated by" show it. */
  actor: string;
  maxBytes: number;
}): Promise<UploadedDocument> {
  if (opts.bytes.length > opts.maxBytes) {
    throw new AppError("payload_too_large", { message: `the document is ${opts.bytes.length} bytes, the limit is ${opts.maxBytes}` });
  }
  const fileName = safeFileName(opts.fileName);
  const sourcePath = UPLOAD_PREFIX + fileName;
  const audit = (result: IngestResult) => ({
    actor: opts.actor,
    action: "document.upload" as const,
    target: sourcePath,
    detail: { status: result.status, chunks: result.chunks, bytes: opts.bytes.length, originalName: opts.fileName.slice(0, 200) },
  });
  // An uploaded file is untrusted: it is read in the sandbox (own thread, memory and time limits).
  const result = await ingestDocument({
    db: opts.db,
    sourcePath,
    fileName,
    bytes: opts.bytes,
    updatedBy: opts.actor,
    limits: { maxBytes: opts.maxBytes },
    parse: parseInSandbox,
    inTransaction: (tx, ingested) => recordAudit(tx, audit(ingested)),
  });
  if (result.status === "unchanged") {
    // Nothing was written, so there is no transaction to join; the attempt is still on record.
    await recordAudit(opts.db.prisma, audit(result));
  } else {
    await catchUpAfterWrite(opts.knowledge);
  }
  return { ...result, sourcePath };
}
