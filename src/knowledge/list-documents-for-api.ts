// Use case: every knowledge document with what an administrator's system needs to keep it in sync
// (no bodies, no chunks), ordered by title.
import type { Db } from "../db/client.ts";
import { assertCan, type StaffActor } from "../proposals/staff-scope.ts";

export interface ApiDocument {
  id: string;
  title: string;
  kind: string;
  status: string;
  chunkCount: number;
  sourcePath: string;
  updatedAt: Date;
  updatedBy: string | null;
}

export async function listDocumentsForApi(opts: { db: Db; actor: StaffActor }): Promise<ApiDocument[]> {
  assertCan(opts.actor, "manageKnowledge");
  return opts.db.prisma.document.findMany({
    orderBy: [{ title: "asc" }, { id: "asc" }],
    select: { id: true, title: true, kind: true, status: true, chunkCount: true, sourcePath: true, updatedAt: true, updatedBy: true },
  });
}
