// Owns the once-only marks of the deadlines job (jobs/check-deadlines.ts): a proposal is reminded
// at most once (reminderSentAt) and escalated at most once (escalatedAt), even when two instances
// check at the same moment. An urgent item (a report of a rights violation) is announced to the
// coordinators once (urgentNoticeAt).
import type { Prisma } from "../db/client.ts";

export type DeadlineMark = "reminderSentAt" | "escalatedAt" | "urgentNoticeAt";

/** Sets the mark if still unset; false when another run set it first (then nothing more to do). */
export async function markDeadlineNotice(tx: Prisma.TransactionClient, opts: { proposalId: string; mark: DeadlineMark; now: Date }): Promise<boolean> {
  const { count } = await tx.proposal.updateMany({ where: { id: opts.proposalId, [opts.mark]: null }, data: { [opts.mark]: opts.now } });
  return count === 1;
}
