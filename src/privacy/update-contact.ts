// Use case: a person corrects the contact details they left (/suadulieu). The new phone number or
// e-mail replaces the old one on every proposal that carries one and is set on their open
// proposals, and the consent is recorded again with the text version shown, as the intake does.
import { systemClock } from "../clock.ts";
import type { Prisma } from "../db/client.ts";
import { AppError } from "../errors.ts";
import { replaceContactOf } from "../proposals/proposal-contact.ts";
import { recordConsent } from "./consents.ts";
import { parseContact } from "./contact.ts";

export async function updateContact(
  tx: Prisma.TransactionClient,
  opts: { userId: string; contact: string; consentTextVersion: string; now?: Date },
): Promise<{ contact: string; proposals: number }> {
  const contact = parseContact(opts.contact);
  if (!contact) throw new AppError("bad_request", { message: "not a Vietnamese phone number or an e-mail address", detail: { field: "contact" } });
  const count = await replaceContactOf(tx, { userId: opts.userId, contact });
  if (count > 0) {
    await recordConsent(tx, { userId: opts.userId, purpose: "callback", textVersion: opts.consentTextVersion, now: opts.now ?? systemClock.now() });
  }
  return { contact, proposals: count };
}
