// Use case: erase a person's data on request (/xoadulieu, or an administrator acting on a request):
// their messages, contact details, consents, conversation state and channel identities are deleted;
// their proposals stay only in anonymised form (no author, no chat, no contact) for statistics,
// and the outbox's copies of the replies sent to them (which quote them) are deleted.
// Anonymised is not enough while their phone or email is still quoted in the proposal's words, the
// staff answer, notes, status notes or the audit log: every free-text column of every row linked to
// their proposals is scrubbed (redact-text.ts) in the same transaction. This use case decides what
// goes and builds the scrub; each table is changed by its owner (chat log, chat users, proposals,
// consents, outbox, audit log, taught phrasings), all in the caller's transaction. The erasure is
// written to the ledger kept outside the database (erasure-ledger.ts), so a restored backup erases
// them again; the caller flushes the freed pages afterwards (flush-erased-pages.ts).
import { systemClock } from "../clock.ts";
import { redactAuditEntries } from "../db/audit-log.ts";
import { deleteMessagesOf } from "../db/chat-log.ts";
import { deleteChatUser } from "../db/chat-users.ts";
import type { Prisma } from "../db/client.ts";
import { deleteForPerson } from "../db/outbox.ts";
import { redactTaughtPhrasings } from "../knowledge/admin/taught-phrasings.ts";
import { anonymiseProposalsOf, redactProposalsOf } from "../proposals/redact-proposals.ts";
import { deleteConsentsOf } from "./consents.ts";
import type { ErasureLedger } from "./erasure-ledger.ts";
import { personalValues, scrubErasedText } from "./redact-text.ts";

export interface ErasureReport {
  messages: number;
  contacts: number;
  identities: number;
  proposals: number;
  /** Rows whose free text still quoted the person and was scrubbed (proposals, notes, events, audit, phrasings). */
  scrubbed: number;
}

export interface EraseOptions {
  now?: Date;
  /** Where the erasure is remembered for restored backups; every caller in the service passes it. */
  ledger?: ErasureLedger | undefined;
}

export async function eraseUserData(tx: Prisma.TransactionClient, userId: string, opts: EraseOptions = {}): Promise<ErasureReport> {
  const now = opts.now ?? systemClock.now();
  const identities = await tx.channelIdentity.findMany({ where: { userId }, select: { id: true, channel: true, chatId: true, externalId: true, displayName: true } });
  opts.ledger?.record(identities, now);
  const ids = identities.map((i) => i.id);
  const messages = await deleteMessagesOf(tx, ids);
  const contacts = await tx.proposal.count({ where: { userId, contact: { not: null } } });
  const scrubbed = await scrubLinkedText(tx, userId, identities);
  const proposals = await anonymiseProposalsOf(tx, userId, now);
  await deleteConsentsOf(tx, userId);
  // The outbox keeps a copy of every reply, and replies quote the person back (their contact
  // details, their proposal): those copies go too, and pending ones are never sent. In a private
  // chat (chat id = user id) that includes replies stored without an identity. A message being
  // sent at this very moment is left to finish; the retention purge removes it later.
  const privateChats = identities.filter((i) => i.chatId === i.externalId).map((i) => ({ channel: i.channel, chatId: i.chatId }));
  await deleteForPerson(tx, { identityIds: ids, privateChats });
  await deleteChatUser(tx, userId); // cascades to identities and conversation state
  return { messages, contacts, identities: ids.length, proposals, scrubbed };
}

/**
 * Scrubs the person's known values (their contacts, the emails/phones/addresses in their proposals'
 * texts, their full display name) and every personal-data pattern from each free-text column linked
 * to their proposals, by asking each table's owner. Returns how many rows changed.
 */
async function scrubLinkedText(tx: Prisma.TransactionClient, userId: string, identities: { displayName: string | null }[]): Promise<number> {
  const proposals = await tx.proposal.findMany({
    where: { userId },
    select: { code: true, content: true, answer: true, contact: true, notes: { select: { text: true } }, events: { select: { note: true } } },
  });
  if (proposals.length === 0) return 0;
  const codes = proposals.map((p) => p.code);

  // A full name ("Nguyễn Văn An") is specific enough to remove; a single word ("An") is not.
  const names = identities.map((i) => i.displayName?.trim() ?? "").filter((n) => /\S+\s+\S+/.test(n));
  const known = [
    ...proposals.flatMap((p) => (p.contact ? [p.contact.trim()] : [])),
    ...names,
    ...personalValues(proposals.flatMap((p) => [p.contact, p.content, p.answer, ...p.notes.map((n) => n.text), ...p.events.map((e) => e.note)])),
  ];
  const scrub = (text: string) => scrubErasedText(text, known);
  return (
    (await redactProposalsOf(tx, userId, scrub)) +
    (await redactAuditEntries(tx, codes, scrub)) +
    (await redactTaughtPhrasings(tx, codes, scrub))
  );
}
