// Use case: a person corrects the contact details they left (/suadulieu). The new phone number or
// e-mail replaces the old one on every proposal that carries one and is set on their open
// proposals, and the consent is recorded again with the text version shown, as the intake does.
import type { Prisma } from "../db/client.ts";
import { AppError } from "../errors.ts";
import { parseContact } from "./contact.ts";

/** Statuses in which staff may still need to call back (the proposals' OPEN_STATUSES). */
const OPEN = ["received", "routed", "in_progress"];

export async function updateContact(
  tx: Prisma.TransactionClient,
  opts: { userId: string; contact: string; consentTextVersion: string; now?: Date },
): Promise<{ contact: string; proposals: number }> {
  const contact = parseContact(opts.contact);
  if (!contact) throw new AppError("bad_request", { message: "not a Vietnamese phone number or an e-mail address", detail: { field: "contact" } });
  const { count } = await tx.proposal.updateMany({
    where: { userId: opts.userId, anonymisedAt: null, OR: [{ contact: { not: null } }, { status: { in: OPEN } }] },
    data: { contact },
  });
  if (count > 0) {
    await tx.consent.create({ data: { userId: opts.userId, purpose: "callback", textVersion: opts.consentTextVersion, createdAt: opts.now ?? new Date() } });
  }
  return { contact, proposals: count };
}
