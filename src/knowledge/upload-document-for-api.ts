// Use case: an administrator's system uploads a knowledge document through the API: the console's
// upload (stored as `upload/<safe name>`, audit-logged) checked against the token's permissions,
// with parse failures as a 400, and searchable on this instance when the call returns.
import type { Db } from "../db/client.ts";
import { AppError } from "../errors.ts";
import { apiActorLabel } from "../proposals/api-token.ts";
import { assertCan, type StaffActor } from "../proposals/staff-scope.ts";
import { catchUpAfterWrite, type IndexCatchUp } from "./catch-up-after-write.ts";
import { DocumentError } from "./document.ts";
import type { IngestResult } from "./ingest-document.ts";
import { ParserBusyError } from "./parse-sandbox.ts";
import { uploadDocument } from "./upload-document.ts";

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
  const label = apiActorLabel(opts.actor);
  let result: UploadedDocument;
  try {
    // The console's upload use case: same naming, same audit entry; only the actor label differs.
    result = await uploadDocument({ db: opts.db, fileName: opts.fileName, bytes: opts.bytes, actor: label, maxBytes: opts.maxBytes });
  } catch (err) {
    // A full parse queue is not the file's fault: 503, so the integrating system retries later.
    if (err instanceof ParserBusyError) throw new AppError("unavailable", { message: err.reason, cause: err });
    // The parser's reason is written for an administrator ("unsupported file type", "no text found").
    if (err instanceof DocumentError) throw new AppError("bad_request", { message: err.reason, cause: err });
    throw err;
  }
  if (result.status !== "unchanged") await catchUpAfterWrite(opts.knowledge);
  return result;
}
