// Use case: a staff member uploads a knowledge document (.md .txt .html .pdf .docx). It is stored
// under "upload/<safe-file-name>" (uploading the same name again replaces it), ingested at once,
// and audit-logged. A file that cannot be read fails with a DocumentError naming the reason.
import path from "node:path";
import type { Db } from "../db/client.ts";
import { recordAudit } from "../db/audit-log.ts";
import { ingestDocument, type IngestResult } from "./ingest-document.ts";
import { parseInSandbox } from "./parse-sandbox.ts";
import { foldDiacritics } from "./text.ts";

export const UPLOAD_PREFIX = "upload/";

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
  fileName: string;
  bytes: Uint8Array;
  actor: string;
  maxBytes: number;
}): Promise<IngestResult & { sourcePath: string }> {
  const fileName = safeFileName(opts.fileName);
  const sourcePath = UPLOAD_PREFIX + fileName;
  // An uploaded file is untrusted: it is read in the sandbox (own thread, memory and time limits).
  const result = await ingestDocument({
    db: opts.db,
    sourcePath,
    fileName,
    bytes: opts.bytes,
    updatedBy: opts.actor,
    limits: { maxBytes: opts.maxBytes },
    parse: parseInSandbox,
  });
  await recordAudit(opts.db.prisma, {
    actor: opts.actor,
    action: "document.upload",
    target: sourcePath,
    detail: { status: result.status, chunks: result.chunks, bytes: opts.bytes.length, originalName: opts.fileName.slice(0, 200) },
  });
  return { ...result, sourcePath };
}
