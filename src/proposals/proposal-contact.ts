// Owns a proposal's contact column: the phone number or e-mail its author left to be called back.
// The intake sets it on the new proposal, /suadulieu replaces it, /rutdongy removes it (the
// consents beside it are privacy's: privacy/consents.ts); erasure clears it with the author
// (redact-proposals.ts).
import type { Prisma } from "../db/client.ts";
import { OPEN_STATUSES } from "./proposal-status.ts";

/** The contact the author just left, on their own proposal only. Returns 1, or 0 when it is not theirs. */
export async function setProposalContact(tx: Prisma.TransactionClient, opts: { proposalId: string; userId: string; contact: string }): Promise<number> {
  const { count } = await tx.proposal.updateMany({ where: { id: opts.proposalId, userId: opts.userId }, data: { contact: opts.contact } });
  return count;
}

/**
 * A corrected contact: replaces the old one on every proposal of the person that carries one and
 * is set on their open proposals (staff may still need to call back). Returns how many changed.
 */
export async function replaceContactOf(tx: Prisma.TransactionClient, opts: { userId: string; contact: string }): Promise<number> {
  const { count } = await tx.proposal.updateMany({
    where: { userId: opts.userId, anonymisedAt: null, OR: [{ contact: { not: null } }, { status: { in: OPEN_STATUSES } }] },
    data: { contact: opts.contact },
  });
  return count;
}

/** Consent withdrawn: the person's contact goes from all their proposals. Returns how many changed. */
export async function removeContactsOf(tx: Prisma.TransactionClient, userId: string): Promise<number> {
  const { count } = await tx.proposal.updateMany({ where: { userId, contact: { not: null } }, data: { contact: null } });
  return count;
}
