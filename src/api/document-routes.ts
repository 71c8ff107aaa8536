// /api/v1/documents: list, upload and delete knowledge documents (administrators only). Uploads are
// JSON, either text or base64 bytes, so an integrating system needs no multipart client.
import type { FastifyInstance } from "fastify";
import { deleteDocumentForApi } from "../knowledge/delete-document-for-api.ts";
import { listDocumentsForApi } from "../knowledge/list-documents-for-api.ts";
import { uploadDocumentForApi } from "../knowledge/upload-document-for-api.ts";
import { callerOf } from "./bearer-auth.ts";
import type { ApiDeps } from "./register-api.ts";
import { DocumentId, DocumentUploadInput, parseInput } from "./schemas.ts";

export function registerDocumentRoutes(api: FastifyInstance, deps: ApiDeps): void {
  const { db, knowledge } = deps;
  const maxBytes = deps.config.uploadMaxBytes;

  api.get("/documents", async (request) => {
    return { items: await listDocumentsForApi({ db, actor: callerOf(request) }) };
  });

  // The body may be larger than the service-wide limit: base64 adds a third, JSON escaping some
  // more. The decoded size is checked against UPLOAD_MAX_BYTES exactly in the use case.
  api.post("/documents", { bodyLimit: maxBytes * 2 + 64 * 1024 }, async (request, reply) => {
    const input = parseInput(DocumentUploadInput, request.body, "body");
    const bytes = input.content !== undefined ? new TextEncoder().encode(input.content) : Buffer.from(input.contentBase64 ?? "", "base64");
    const result = await uploadDocumentForApi({ db, knowledge, actor: callerOf(request), fileName: input.fileName, bytes, maxBytes });
    const body = { id: result.documentId, title: result.title, status: result.status, chunkCount: result.chunks, sourcePath: result.sourcePath };
    return reply.status(result.status === "created" ? 201 : 200).send(body);
  });

  api.delete<{ Params: { id: string } }>("/documents/:id", async (request) => {
    const id = parseInput(DocumentId, request.params.id, "id");
    return deleteDocumentForApi({ db, knowledge, actor: callerOf(request), id });
  });
}
