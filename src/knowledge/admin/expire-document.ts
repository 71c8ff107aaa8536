// Use case: mark a document as no longer in force ("expired", or "replaced" when a successor is
// named). Its passages stay searchable, but every answer quoting it then warns that it is not in
// force. Works for any format: the status and the metadata change, the chunks do not, and the
// knowledge version is bumped so every instance picks it up.
import type { Db } from "../../db/client.ts";
import { recordAudit } from "../../db/audit-log.ts";
import { AppError } from "../../errors.ts";
import { bumpKnowledgeVersion } from "../knowledge-version.ts";

export async function expireDocument(opts: { db: Db; documentId: string; actor: string; replacedBy?: string | undefined }): Promise<void> {
  const replacedBy = opts.replacedBy?.trim().slice(0, 500) || undefined;
  const status = replacedBy ? "replaced" : "expired";
  await opts.db.prisma.$transaction(async (tx) => {
    const doc = await tx.document.findUnique({ where: { id: opts.documentId }, select: { id: true, sourcePath: true, meta: true } });
    if (!doc) throw new AppError("not_found", { message: `document ${opts.documentId} not found` });
    let meta: Record<string, unknown> = {};
    try {
      meta = JSON.parse(doc.meta) as Record<string, unknown>;
    } catch {
      // rebuilt below from what we know
    }
    const next = { ...meta, status, ...(replacedBy ? { replaced_by: replacedBy } : {}) };
    await tx.document.update({ where: { id: doc.id }, data: { status, meta: JSON.stringify(next), updatedBy: opts.actor } });
    await bumpKnowledgeVersion(tx);
    await recordAudit(tx, { actor: opts.actor, action: "document.expire", target: doc.sourcePath, detail: { status, ...(replacedBy ? { replacedBy } : {}) } });
  });
}
