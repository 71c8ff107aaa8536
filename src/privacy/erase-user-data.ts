// Use case: erase a person's data on request (/xoadulieu, or an administrator acting on a request):
// their messages, contact details, consents, conversation state and channel identities are deleted;
// their proposals stay only in anonymised form (no author, no chat, no contact) for statistics,
// and the outbox's copies of the replies sent to them (which quote them) are deleted.
// Anonymised is not enough while their phone or email is still quoted in the proposal's words, the
// staff answer, notes, status notes or the audit log: every free-text column of every row linked to
// their proposals is scrubbed (redact-text.ts) in the same transaction. The erasure is written to
// the ledger kept outside the database (erasure-ledger.ts), so a restored backup erases them again;
// the caller flushes the freed pages afterwards (flush-erased-pages.ts).
import type { Prisma } from "../db/client.ts";
import { deleteForPerson } from "../db/outbox.ts";
// The proposal's search column is its content folded (proposals/search-text.ts); it is rebuilt
// from the scrubbed content with the same pure text helper, not scrubbed in its folded form.
import { foldedText } from "../knowledge/text.ts";
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
  const now = opts.now ?? new Date();
  const identities = await tx.channelIdentity.findMany({ where: { userId }, select: { id: true, channel: true, chatId: true, externalId: true, displayName: true } });
  opts.ledger?.record(identities, now);
  const ids = identities.map((i) => i.id);
  const messages = await tx.message.deleteMany({ where: { identityId: { in: ids } } });
  const contacts = await tx.proposal.count({ where: { userId, contact: { not: null } } });
  const scrubbed = await scrubLinkedText(tx, userId, identities);
  const proposals = await tx.proposal.updateMany({
    where: { userId },
    data: { userId: null, chatId: null, contact: null, anonymisedAt: now },
  });
  await tx.consent.deleteMany({ where: { userId } });
  // The outbox keeps a copy of every reply, and replies quote the person back (their contact
  // details, their proposal): those copies go too, and pending ones are never sent. In a private
  // chat (chat id = user id) that includes replies stored without an identity. A message being
  // sent at this very moment is left to finish; the retention purge removes it later.
  const privateChats = identities.filter((i) => i.chatId === i.externalId).map((i) => ({ channel: i.channel, chatId: i.chatId }));
  await deleteForPerson(tx, { identityIds: ids, privateChats });
  await tx.chatUser.delete({ where: { id: userId } }); // cascades to identities and conversation state
  return { messages: messages.count, contacts, identities: ids.length, proposals: proposals.count, scrubbed };
}

/**
 * Scrubs the person's known values (their contacts, the emails/phones/addresses in their proposals'
 * texts, their full display name) and every personal-data pattern from each free-text column linked
 * to their proposals. Returns how many rows changed.
 */
async function scrubLinkedText(tx: Prisma.TransactionClient, userId: string, identities: { displayName: string | null }[]): Promise<number> {
  const proposals = await tx.proposal.findMany({
    where: { userId },
    select: { id: true, code: true, content: true, answer: true, contact: true, searchText: true, notes: { select: { id: true, text: true } }, events: { select: { id: true, note: true } } },
  });
  if (proposals.length === 0) return 0;
  const codes = proposals.map((p) => p.code);
  const audit = await tx.auditLog.findMany({
    where: { OR: [{ target: { in: codes } }, ...codes.map((code) => ({ detail: { contains: code } }))] },
    select: { id: true, detail: true },
  });
  const phrasings = await tx.taughtPhrasing.findMany({ where: { origin: { in: codes.map((c) => `proposal:${c}`) } }, select: { id: true, text: true } });

  // A full name ("Nguyễn Văn An") is specific enough to remove; a single word ("An") is not.
  const names = identities.map((i) => i.displayName?.trim() ?? "").filter((n) => /\S+\s+\S+/.test(n));
  const known = [
    ...proposals.flatMap((p) => (p.contact ? [p.contact.trim()] : [])),
    ...names,
    ...personalValues(proposals.flatMap((p) => [p.contact, p.content, p.answer, ...p.notes.map((n) => n.text), ...p.events.map((e) => e.note)])),
  ];
  const scrub = (text: string) => scrubErasedText(text, known);
  let changed = 0;
  for (const p of proposals) {
    const content = scrub(p.content);
    const answer = p.answer === null ? null : scrub(p.answer);
    const searchText = foldedText(content);
    if (content !== p.content || answer !== p.answer || searchText !== p.searchText) {
      await tx.proposal.update({ where: { id: p.id }, data: { content, answer, searchText } });
      changed++;
    }
    for (const n of p.notes) {
      const text = scrub(n.text);
      if (text !== n.text) changed += (await tx.proposalNote.updateMany({ where: { id: n.id }, data: { text } })).count;
    }
    for (const e of p.events) {
      const note = e.note === null ? null : scrub(e.note);
      if (note !== e.note) changed += (await tx.proposalEvent.updateMany({ where: { id: e.id }, data: { note } })).count;
    }
  }
  for (const a of audit) {
    const detail = scrub(a.detail);
    if (detail !== a.detail) changed += (await tx.auditLog.updateMany({ where: { id: a.id }, data: { detail } })).count;
  }
  for (const t of phrasings) {
    const text = scrub(t.text);
    if (text !== t.text) changed += (await tx.taughtPhrasing.updateMany({ where: { id: t.id }, data: { text } })).count;
  }
  return changed;
}
