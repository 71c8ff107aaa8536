// Use case: a person withdraws their consent to be contacted (/rutdongy). Their contact details are
// removed from all their proposals (staff can no longer call or write; answers still arrive in the
// chat), and each active consent is marked withdrawn with the date, so the record shows both when
// consent was given and when it was withdrawn (the right to withdraw: Điều 4 of Law 91/2025/QH15).
import type { Prisma } from "../db/client.ts";

/** Consents that only make sense while contact details are kept. */
const CONTACT_PURPOSES = ["callback", "guardian"];

export async function withdrawContactConsent(
  tx: Prisma.TransactionClient,
  opts: { userId: string; now?: Date },
): Promise<{ consents: number; contacts: number }> {
  const now = opts.now ?? new Date();
  const consents = await tx.consent.updateMany({
    where: { userId: opts.userId, purpose: { in: CONTACT_PURPOSES }, withdrawnAt: null },
    data: { withdrawnAt: now },
  });
  const contacts = await tx.proposal.updateMany({ where: { userId: opts.userId, contact: { not: null } }, data: { contact: null } });
  return { consents: consents.count, contacts: contacts.count };
}
