// Knowledge pages: the document list, upload (.md .txt .html .pdf .docx, up to UPLOAD_MAX_BYTES),
// a document's page (edit Markdown, mark as expired, delete), and "try a question". After every
// change this instance's index catches up at once; other instances follow by polling the version.
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { AppError, isAppError } from "../../errors.ts";
import { deleteDocument } from "../../knowledge/admin/delete-document.ts";
import { expireDocument } from "../../knowledge/admin/expire-document.ts";
import { getDocumentSource } from "../../knowledge/admin/get-document-source.ts";
import { listDocuments } from "../../knowledge/admin/list-documents.ts";
import { SUPPORTED_EXTENSIONS } from "../../knowledge/parse/parse-document.ts";
import { KNOWLEDGE_PREFIX } from "../../knowledge/admin/sync-directory.ts";
import { tryQuestion } from "../../knowledge/admin/try-question.ts";
import { updateDocument } from "../../knowledge/admin/update-document.ts";
import { uploadDocument } from "../../knowledge/admin/upload-document.ts";
import { assertCan, can } from "../../staff/staff-scope.ts";
import { checkCsrf, sessionOf } from "../auth/guard.ts";
import { formOf } from "../forms.ts";
import type { ConsoleDeps } from "../deps.ts";
import { formats, redirectWith, renderPage } from "../render.ts";
import { strings } from "../strings.ts";

export const UPLOAD_ROUTE = "/console/knowledge/upload";

type IdParams = { Params: { id: string } };

function idOf(raw: string): string {
  if (!/^[\w-]{1,64}$/.test(raw)) throw new AppError("not_found", { message: "no such document" });
  return raw;
}

export function registerKnowledgeRoutes(scope: FastifyInstance, deps: ConsoleDeps): void {
  const { db, knowledge } = deps;
  const maxBytes = deps.config.uploadMaxBytes;

  const listPage = async (request: FastifyRequest, reply: FastifyReply, error: string | null = null, status = 200) => {
    const q = typeof (request.query as { q?: unknown }).q === "string" ? (request.query as { q: string }).q : "";
    return renderPage(
      request,
      reply,
      "knowledge",
      { title: strings.nav.knowledge, documents: await listDocuments({ db, q }), q, uploadError: error, accept: SUPPORTED_EXTENSIONS.join(","), maxSize: formats.bytes(maxBytes) },
      status,
    );
  };

  const documentPage = async (request: FastifyRequest, reply: FastifyReply, id: string, edit?: { markdown: string; error: string }) => {
    const doc = await getDocumentSource({ db, documentId: id });
    return renderPage(
      request,
      reply,
      "document",
      { title: doc.title, doc, markdown: edit?.markdown ?? doc.markdown, saveError: edit?.error ?? null, fromFolder: doc.sourcePath.startsWith(KNOWLEDGE_PREFIX) },
      edit ? 400 : 200,
    );
  };

  scope.get("/knowledge", async (request, reply) => listPage(request, reply));

  scope.post("/knowledge/upload", async (request, reply) => {
    const session = sessionOf(request);
    assertCan(session.actor, "manageKnowledge");
    let csrf: unknown;
    let file: { name: string; bytes: Buffer } | undefined;
    try {
      for await (const part of request.parts()) {
        if (part.type === "file") file = { name: part.filename, bytes: await part.toBuffer() };
        else if (part.fieldname === "_csrf") csrf = part.value;
      }
    } catch (err) {
      checkCsrf(csrf, session.csrfToken);
      if ((err as { code?: string }).code === "FST_REQ_FILE_TOO_LARGE") return listPage(request, reply, strings.upload.tooLarge(formats.bytes(maxBytes)), 413);
      throw err;
    }
    checkCsrf(csrf, session.csrfToken);
    if (!file || !file.name) return listPage(request, reply, strings.err.file!, 400);
    try {
      const result = await uploadDocument({ db, knowledge, fileName: file.name, bytes: file.bytes, actor: session.actor.email, maxBytes });
      return redirectWith(reply, `/console/knowledge/${result.documentId}`, { ok: result.status === "unchanged" ? "unchanged" : "uploaded" });
    } catch (err) {
      if (isAppError(err, "document.refused")) return listPage(request, reply, strings.upload.failed(err.detail.reason), 400);
      throw err;
    }
  });

  scope.get<IdParams>("/knowledge/:id", async (request, reply) => documentPage(request, reply, idOf(request.params.id)));

  // A Markdown document can be far larger than an ordinary form.
  scope.post<IdParams>("/knowledge/:id", { bodyLimit: maxBytes * 2 }, async (request, reply) => {
    const actor = sessionOf(request).actor;
    assertCan(actor, "manageKnowledge");
    const id = idOf(request.params.id);
    const markdown = formOf(request.body).markdown ?? "";
    try {
      const result = await updateDocument({ db, documentId: id, markdown, actor: actor.email, maxBytes });
      await knowledge.catchUp();
      return redirectWith(reply, `/console/knowledge/${id}`, { ok: result.status === "unchanged" ? "unchanged" : "saved" });
    } catch (err) {
      if (isAppError(err, "document.refused")) return documentPage(request, reply, id, { markdown, error: err.detail.reason });
      throw err;
    }
  });

  scope.post<IdParams>("/knowledge/:id/expire", async (request, reply) => {
    const actor = sessionOf(request).actor;
    assertCan(actor, "manageKnowledge");
    const id = idOf(request.params.id);
    await expireDocument({ db, documentId: id, actor: actor.email, replacedBy: formOf(request.body).replacedBy });
    await knowledge.catchUp();
    return redirectWith(reply, `/console/knowledge/${id}`, { ok: "expired" });
  });

  scope.post<IdParams>("/knowledge/:id/delete", async (request, reply) => {
    const actor = sessionOf(request).actor;
    assertCan(actor, "manageKnowledge");
    await deleteDocument({ db, knowledge, documentId: idOf(request.params.id), actor: actor.email });
    return redirectWith(reply, "/console/knowledge", { ok: "deleted" });
  });

  scope.get<{ Querystring: { q?: string } }>("/try", async (request, reply) => {
    const q = (request.query.q ?? "").trim().slice(0, 1000);
    const result = q ? await tryQuestion({ knowledge, prompts: deps.prompts, question: q }) : null;
    const actor = sessionOf(request).actor;
    return renderPage(request, reply, "try", { title: strings.nav.tryQuestion, q, result, canManage: can(actor, "manageKnowledge"), canTeach: can(actor, "viewDashboard") });
  });
}
