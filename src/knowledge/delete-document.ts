// Use case: delete a knowledge document and its chunks (removeDocument bumps the knowledge version
// so every instance drops it), with an audit entry naming what was removed.
import type { Db } from "../db/client.ts";
import { recordAudit } from "../db/audit-log.ts";
import { AppError } from "../errors.ts";
import { removeDocument } from "./ingest-document.ts";

export async function deleteDocument(opts: { db: Db; documentId: string; actor: string }): Promise<void> {
  const doc = await opts.db.prisma.document.findUnique({ where: { id: opts.documentId }, select: { sourcePath: true, title: true } });
  if (!doc) throw new AppError("not_found", { message: `document ${opts.documentId} not found` });
  await removeDocument({ db: opts.db, documentId: opts.documentId });
  await recordAudit(opts.db.prisma, { actor: opts.actor, action: "document.delete", target: doc.sourcePath, detail: { title: doc.title } });
}
