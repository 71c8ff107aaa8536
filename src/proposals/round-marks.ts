// The Proposal columns a dialogue round adds (see DialogueRound in prisma/schema.prisma): whether
// an item is on its round's agenda (with the answering department and deadline), and the anonymised
// texts a coordinator approved for the public pages. Proposal is this part's table, so the dialogue
// use cases (src/dialogue/) ask here, passing their transaction; the status history of a move to
// another department is written as every other move is.
import type { Prisma } from "../db/client.ts";
import { NEXT_STATUSES, type ProposalStatus } from "./proposal-status.ts";

type Tx = Prisma.TransactionClient;

/**
 * Puts the item on the agenda, due at `dueAt`, with `departmentId` to answer it. A change of
 * department always leaves a step in the history: a move to "routed" when the status allows it,
 * else a step that keeps the status (an answered item given to another department to answer again
 * at the meeting), so the history says who moved it where.
 */
export async function markOnAgenda(
  tx: Tx,
  item: { id: string; status: string; departmentId: string },
  change: { departmentId: string; departmentName: string; dueAt: Date; actor: string; now: Date },
): Promise<void> {
  const moved = change.departmentId !== item.departmentId;
  const from = item.status as ProposalStatus;
  const route = moved && NEXT_STATUSES[from]?.includes("routed");
  await tx.proposal.update({
    where: { id: item.id },
    data: {
      agenda: true,
      departmentId: change.departmentId,
      dueAt: change.dueAt,
      // A new deadline is a new chance: the deadlines job reminds and escalates against it afresh.
      reminderSentAt: null,
      escalatedAt: null,
      ...(route ? { status: "routed" } : {}),
    },
  });
  if (moved) {
    await tx.proposalEvent.create({
      data: { proposalId: item.id, fromStatus: from, toStatus: route ? "routed" : from, actor: change.actor, note: `Chương trình hội nghị đối thoại: ${change.departmentName} trả lời`, createdAt: change.now },
    });
  }
}

/** Stores the approved public texts: the question's summary, and the answer's when there is one. */
export async function setPublicText(tx: Tx, proposalId: string, text: { summary: string; answer: string | null }): Promise<void> {
  await tx.proposal.update({ where: { id: proposalId }, data: { publicSummary: text.summary, publicAnswer: text.answer, publicApproved: true } });
}
