// Use case: an administrator's system deletes a knowledge document through the API. Documents that
// come from the knowledge folder are refused (409): the next sync would bring them back, so they
// must be removed from the folder instead.
import { recordAudit } from "../db/audit-log.ts";
import type { Db } from "../db/client.ts";
import { AppError } from "../errors.ts";
import { apiActorLabel } from "../proposals/api-token.ts";
import { assertCan, type StaffActor } from "../proposals/staff-scope.ts";
import { catchUpAfterWrite, type IndexCatchUp } from "./catch-up-after-write.ts";
import { removeDocument } from "./ingest-document.ts";
import { KNOWLEDGE_PREFIX } from "./sync-directory.ts";

export async function deleteDocumentForApi(opts: { db: Db; knowledge: IndexCatchUp; actor: StaffActor; id: string }): Promise<{ id: string; deleted: true }> {
  assertCan(opts.actor, "manageKnowledge");
  const doc = await opts.db.prisma.document.findUnique({ where: { id: opts.id }, select: { id: true, title: true, sourcePath: true } });
  if (!doc) throw new AppError("not_found", { message: `document ${opts.id} not found` });
  if (doc.sourcePath.startsWith(KNOWLEDGE_PREFIX)) {
    throw new AppError("conflict", { message: `document ${doc.id} comes from the knowledge folder (${doc.sourcePath}); remove the file there` });
  }
  // Deleted concurrently by someone else counts as done: the document is gone either way.
  await removeDocument({ db: opts.db, documentId: doc.id });
  await recordAudit(opts.db.prisma, {
    actor: apiActorLabel(opts.actor),
    action: "document.delete",
    target: doc.id,
    detail: { sourcePath: doc.sourcePath, title: doc.title },
  });
  await catchUpAfterWrite(opts.knowledge);
  return { id: doc.id, deleted: true };
}
