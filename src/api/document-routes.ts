// /api/v1/documents: list, upload and delete knowledge documents (administrators only). Uploads are
// JSON, either text or base64 bytes, so an integrating system needs no multipart client. The use
// cases are the console's; knowledge knows no staff roles, so the permission is checked here, as
// the console's routes do, and the parser's refusals become the API's errors.
import type { FastifyInstance } from "fastify";
import { deleteDocument } from "../knowledge/admin/delete-document.ts";
import { listDocuments } from "../knowledge/admin/list-documents.ts";
import { uploadDocument, type UploadedDocument } from "../knowledge/admin/upload-document.ts";
import { AppError, isAppError } from "../errors.ts";
import { apiActorLabel } from "../staff/api-token.ts";
import { assertCan } from "../staff/staff-scope.ts";
import { callerOf } from "./bearer-auth.ts";
import type { ApiDeps } from "./deps.ts";
import { DocumentId, DocumentUploadInput, parseInput } from "./schemas.ts";

export function registerDocumentRoutes(api: FastifyInstance, deps: ApiDeps): void {
  const { db, knowledge } = deps;
  const maxBytes = deps.config.uploadMaxBytes;

  api.get("/documents", async (request) => {
    assertCan(callerOf(request), "manageKnowledge");
    const documents = await listDocuments({ db, order: "title" });
    // `editable` is about the console's Markdown editor; integrators replace a document by uploading.
    return { items: documents.map(({ editable: _console, ...document }) => document) };
  });

  // The body may be larger than the service-wide limit: base64 adds a third, JSON escaping some
  // more. The decoded size is checked against UPLOAD_MAX_BYTES exactly in the use case.
  api.post("/documents", { bodyLimit: maxBytes * 2 + 64 * 1024 }, async (request, reply) => {
    const caller = callerOf(request);
    assertCan(caller, "manageKnowledge");
    const input = parseInput(DocumentUploadInput, request.body, "body");
    const bytes = input.content !== undefined ? new TextEncoder().encode(input.content) : Buffer.from(input.contentBase64 ?? "", "base64");
    let result: UploadedDocument;
    try {
      result = await uploadDocument({ db, knowledge, fileName: input.fileName, bytes, actor: apiActorLabel(caller), maxBytes });
    } catch (err) {
      throw asApiError(err);
    }
    const body = { id: result.documentId, title: result.title, status: result.status, chunkCount: result.chunks, sourcePath: result.sourcePath };
    return reply.status(result.status === "created" ? 201 : 200).send(body);
  });

  api.delete<{ Params: { id: string } }>("/documents/:id", async (request) => {
    const caller = callerOf(request);
    assertCan(caller, "manageKnowledge");
    const id = parseInput(DocumentId, request.params.id, "id");
    return deleteDocument({ db, knowledge, documentId: id, actor: apiActorLabel(caller) });
  });
}

function asApiError(err: unknown): unknown {
  if (isAppError(err, "document.refused")) {
    // A full parse queue is not the file's fault: 503, so the integrating system retries later.
    // Otherwise the parser's reason is written for an administrator ("unsupported file type", "no text found").
    return new AppError(err.detail.busy ? "unavailable" : "bad_request", { message: err.detail.reason, cause: err });
  }
  return err;
}
