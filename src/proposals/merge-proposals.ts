// Use case: merge an item into another one that asks the same thing (several young people often
// send the same proposal). The merged item keeps its author and code, points at the main item with
// mergedIntoId, and receives the main item's answer when it is answered (see answerProposal).
import type { Db } from "../db/client.ts";
import { recordAudit } from "../db/audit-log.ts";
import { AppError } from "../errors.ts";
import { findProposalInScope } from "./find-proposal-in-scope.ts";
import { OPEN_STATUSES } from "./proposal-status.ts";
import { assertCan, type StaffActor } from "../staff/staff-scope.ts";

export async function mergeProposals(opts: {
  db: Db;
  actor: StaffActor;
  /** The item that joins another. */
  code: string;
  /** The main item that will be answered. */
  intoCode: string;
  /** What the status history says (the console's wording). */
  historyNote: string;
}): Promise<void> {
  assertCan(opts.actor, "triage");
  const source = await findProposalInScope(opts.db, opts.actor, opts.code);
  const target = await findProposalInScope(opts.db, opts.actor, opts.intoCode);
  if (source.id === target.id) throw new AppError("bad_request", { message: "cannot merge an item into itself", detail: { field: "into" } });
  const open = OPEN_STATUSES as string[];
  if (!open.includes(source.status)) throw new AppError("conflict", { message: `${source.code} is ${source.status}; only open items can be merged` });
  if (!open.includes(target.status)) throw new AppError("conflict", { message: `${target.code} is ${target.status}; merge into an open item` });
  await opts.db.prisma.$transaction(async (tx) => {
    const main = await tx.proposal.findUniqueOrThrow({ where: { id: target.id }, select: { mergedIntoId: true } });
    if (main.mergedIntoId) throw new AppError("conflict", { message: `${target.code} is itself merged; merge into its main item` });
    // Items already merged into the source follow it, so there is only ever one level.
    await tx.proposal.updateMany({ where: { mergedIntoId: source.id }, data: { mergedIntoId: target.id } });
    await tx.proposal.update({ where: { id: source.id }, data: { mergedIntoId: target.id } });
    await tx.proposalEvent.create({
      data: { proposalId: source.id, fromStatus: source.status, toStatus: source.status, actor: opts.actor.email, note: opts.historyNote },
    });
    await recordAudit(tx, { actor: opts.actor.email, action: "proposal.merge", target: source.code, detail: { into: target.code } });
  });
}
