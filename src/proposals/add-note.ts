// Use case: staff add an internal note to an item they may see (never shown to the author).
import type { Db } from "../db/client.ts";
import { recordAudit } from "../db/audit-log.ts";
import { AppError } from "../errors.ts";
import { findProposalInScope } from "./find-proposal-in-scope.ts";
import { assertCan, type StaffActor } from "../staff/staff-scope.ts";

export const MAX_NOTE_LENGTH = 4000;

export async function addNote(opts: { db: Db; actor: StaffActor; code: string; text: string }): Promise<void> {
  assertCan(opts.actor, "answer");
  const text = opts.text.trim();
  if (text.length === 0 || text.length > MAX_NOTE_LENGTH) {
    throw new AppError("bad_request", { message: `note must be 1–${MAX_NOTE_LENGTH} characters`, detail: { field: "text" } });
  }
  const p = await findProposalInScope(opts.db, opts.actor, opts.code);
  await opts.db.prisma.$transaction(async (tx) => {
    await tx.proposalNote.create({ data: { proposalId: p.id, author: opts.actor.email, text } });
    await recordAudit(tx, { actor: opts.actor.email, action: "proposal.note", target: p.code, detail: { length: text.length } });
  });
}
