// Use case: staff (console) or another system (API) delete a knowledge document; the audit entry is
// written in the deletion's transaction, and this instance's index has dropped the document when
// the call returns. Documents from the knowledge folder are refused: the next sync would bring them
// back, so the file must go instead. Who may delete is decided by the caller.
import { recordAudit } from "../../db/audit-log.ts";
import type { Db } from "../../db/client.ts";
import { AppError } from "../../errors.ts";
import { catchUpAfterWrite, type IndexCatchUp } from "./catch-up-after-write.ts";
import { removeDocument } from "./ingest-document.ts";
import { KNOWLEDGE_PREFIX } from "./sync-directory.ts";

export async function deleteDocument(opts: { db: Db; knowledge: IndexCatchUp; documentId: string; actor: string }): Promise<{ id: string; deleted: true }> {
  const doc = await opts.db.prisma.document.findUnique({ where: { id: opts.documentId }, select: { sourcePath: true, title: true } });
  if (!doc) throw new AppError("not_found", { message: `document ${opts.documentId} not found` });
  if (doc.sourcePath.startsWith(KNOWLEDGE_PREFIX)) {
    throw new AppError("conflict", { message: `document ${opts.documentId} comes from the knowledge folder (${doc.sourcePath}); remove the file there` });
  }
  // Deleted concurrently by someone else counts as done: the document is gone either way.
  await removeDocument({
    db: opts.db,
    documentId: opts.documentId,
    inTransaction: (tx) => recordAudit(tx, { actor: opts.actor, action: "document.delete", target: doc.sourcePath, detail: { title: doc.title } }),
  });
  await catchUpAfterWrite(opts.knowledge);
  return { id: opts.documentId, deleted: true };
}
