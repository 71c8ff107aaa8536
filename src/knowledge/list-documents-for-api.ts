// Use case: every knowledge document with what an administrator's system needs to keep it in sync
// (no bodies, no chunks), ordered by title: the console's list, checked against the token's
// permissions.
import type { Db } from "../db/client.ts";
import { assertCan, type StaffActor } from "../proposals/staff-scope.ts";
import { listDocuments, type DocumentSummary } from "./list-documents.ts";

export type ApiDocument = Omit<DocumentSummary, "editable">;

export async function listDocumentsForApi(opts: { db: Db; actor: StaffActor }): Promise<ApiDocument[]> {
  assertCan(opts.actor, "manageKnowledge");
  const documents = await listDocuments({ db: opts.db, order: "title" });
  return documents.map(({ editable: _console, ...document }) => document);
}
