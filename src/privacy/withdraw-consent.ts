// Use case: a person withdraws their consent to be contacted (/rutdongy). Their contact details are
// removed from all their proposals (staff can no longer call or write; answers still arrive in the
// chat), and each active consent is marked withdrawn with the date, so the record shows both when
// consent was given and when it was withdrawn (the right to withdraw: Điều 4 of Law 91/2025/QH15).
import { systemClock } from "../clock.ts";
import type { Prisma } from "../db/client.ts";
import { removeContactsOf } from "../proposals/proposal-contact.ts";
import { withdrawConsents, type ConsentPurpose } from "./consents.ts";

/** Consents that only make sense while contact details are kept. */
const CONTACT_PURPOSES: ConsentPurpose[] = ["callback", "guardian"];

export async function withdrawContactConsent(
  tx: Prisma.TransactionClient,
  opts: { userId: string; now?: Date },
): Promise<{ consents: number; contacts: number }> {
  const now = opts.now ?? systemClock.now();
  const consents = await withdrawConsents(tx, { userId: opts.userId, purposes: CONTACT_PURPOSES, now });
  const contacts = await removeContactsOf(tx, opts.userId);
  return { consents, contacts };
}
