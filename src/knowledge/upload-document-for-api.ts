// Use case: an administrator's system uploads a knowledge document through the API. It is stored as
// `upload/<safe name>` (uploading the same name again replaces it), parsed and chunked by
// ingestDocument, audit-logged, and searchable on this instance when the call returns.
import { recordAudit } from "../db/audit-log.ts";
import type { Db } from "../db/client.ts";
import { AppError } from "../errors.ts";
import { apiActorLabel } from "../proposals/api-token.ts";
import { assertCan, type StaffActor } from "../proposals/staff-scope.ts";
import { catchUpAfterWrite, type IndexCatchUp } from "./catch-up-after-write.ts";
import { DocumentError } from "./document.ts";
import { ingestDocument, type IngestResult } from "./ingest-document.ts";

export const UPLOAD_PREFIX = "upload/";

export interface UploadedDocument extends IngestResult {
  sourcePath: string;
}

export async function uploadDocumentForApi(opts: {
  db: Db;
  knowledge: IndexCatchUp;
  actor: StaffActor;
  fileName: string;
  bytes: Uint8Array;
  maxBytes: number;
}): Promise<UploadedDocument> {
  assertCan(opts.actor, "manageKnowledge");
  if (opts.bytes.length > opts.maxBytes) {
    throw new AppError("payload_too_large", { message: `the document is ${opts.bytes.length} bytes, the limit is ${opts.maxBytes}` });
  }
  const name = safeUploadName(opts.fileName);
  const sourcePath = UPLOAD_PREFIX + name;
  const label = apiActorLabel(opts.actor);
  let result: IngestResult;
  try {
    result = await ingestDocument({ db: opts.db, sourcePath, fileName: name, bytes: opts.bytes, updatedBy: label, limits: { maxBytes: opts.maxBytes } });
  } catch (err) {
    // The parser's reason is written for an administrator ("unsupported file type", "no text found").
    if (err instanceof DocumentError) throw new AppError("bad_request", { message: err.reason, cause: err });
    throw err;
  }
  if (result.status !== "unchanged") {
    await recordAudit(opts.db.prisma, {
      actor: label,
      action: "document.upload",
      target: result.documentId,
      detail: { sourcePath, title: result.title, status: result.status, chunks: result.chunks },
    });
    await catchUpAfterWrite(opts.knowledge);
  }
  return { ...result, sourcePath };
}

/**
 * A file name that is safe as the last part of a sourcePath: no folders, ASCII letters (Vietnamese
 * diacritics folded), digits, dot, dash and underscore, lower case, the extension kept.
 * @example safeUploadName("../Hướng dẫn Tạm trú.MD") === "huong-dan-tam-tru.md"
 */
export function safeUploadName(fileName: string): string {
  const base = fileName.split(/[/\\]/).pop() ?? "";
  const folded = base
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .replace(/[đĐ]/g, "d")
    .toLowerCase();
  const dot = folded.lastIndexOf(".");
  const clean = (s: string) => s.replace(/[^a-z0-9_-]+/g, "-").replace(/-{2,}/g, "-").replace(/^[-_]+|[-_]+$/g, "");
  const ext = dot > 0 ? clean(folded.slice(dot + 1)) : "";
  const stem = clean(dot > 0 ? folded.slice(0, dot) : folded).slice(0, 100) || "document";
  return ext ? `${stem}.${ext}` : stem;
}
