// Owns what erasure on request (privacy/erase-user-data.ts) does to a person's proposals: they stay
// for statistics, anonymised (no author, no chat, no contact), and every free text linked to them
// (the content, the staff answer, the public summary and answer of a dialogue round, notes, status
// notes) is scrubbed of the person's data with the scrub privacy gives: a name the coordinator
// missed in the approved public text leaves /doi-thoai too. The search column is rebuilt from the scrubbed content (search-text.ts), not
// scrubbed in its folded form. Both run in the erasure's transaction.
import type { Prisma } from "../db/client.ts";
import { searchTextOf } from "./search-text.ts";

/** Scrubs the free text of every row linked to the person's proposals; returns how many rows changed. */
export async function redactProposalsOf(tx: Prisma.TransactionClient, userId: string, scrub: (text: string) => string): Promise<number> {
  const proposals = await tx.proposal.findMany({
    where: { userId },
    select: {
      id: true,
      content: true,
      answer: true,
      publicSummary: true,
      publicAnswer: true,
      searchText: true,
      notes: { select: { id: true, text: true } },
      events: { select: { id: true, note: true } },
    },
  });
  const orNull = (text: string | null) => (text === null ? null : scrub(text));
  let changed = 0;
  for (const p of proposals) {
    const content = scrub(p.content);
    const answer = orNull(p.answer);
    const publicSummary = orNull(p.publicSummary);
    const publicAnswer = orNull(p.publicAnswer);
    const searchText = searchTextOf(content);
    if (content !== p.content || answer !== p.answer || publicSummary !== p.publicSummary || publicAnswer !== p.publicAnswer || searchText !== p.searchText) {
      await tx.proposal.update({ where: { id: p.id }, data: { content, answer, publicSummary, publicAnswer, searchText } });
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
  return changed;
}

/** The person's proposals lose their author, chat and contact; returns how many. */
export async function anonymiseProposalsOf(tx: Prisma.TransactionClient, userId: string, now: Date): Promise<number> {
  const { count } = await tx.proposal.updateMany({
    where: { userId },
    data: { userId: null, chatId: null, contact: null, anonymisedAt: now },
  });
  return count;
}
