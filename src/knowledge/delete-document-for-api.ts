// Use case: an administrator's system deletes a knowledge document through the API: the console's
// delete, checked against the token's permissions, live on this instance when the call returns.
import type { Db } from "../db/client.ts";
import { apiActorLabel } from "../proposals/api-token.ts";
import { assertCan, type StaffActor } from "../proposals/staff-scope.ts";
import { catchUpAfterWrite, type IndexCatchUp } from "./catch-up-after-write.ts";
import { deleteDocument } from "./delete-document.ts";

export async function deleteDocumentForApi(opts: { db: Db; knowledge: IndexCatchUp; actor: StaffActor; id: string }): Promise<{ id: string; deleted: true }> {
  assertCan(opts.actor, "manageKnowledge");
  await deleteDocument({ db: opts.db, documentId: opts.id, actor: apiActorLabel(opts.actor) });
  await catchUpAfterWrite(opts.knowledge);
  return { id: opts.id, deleted: true };
}
