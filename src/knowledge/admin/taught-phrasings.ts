// Use cases: staff teach the bot. A question the bot could not answer (or answered through staff)
// is linked to the passage that answers it; once an administrator approves, its wording is one
// more phrasing of that passage, matched by the index on every instance (the knowledge version is
// bumped, so each catches up). Personal data typed in the question is replaced by labels before
// it is stored. Who may propose and who may approve is the caller's rule (console, API); every
// change is audit-logged in its transaction. This module owns the TaughtPhrasing table; erasure on
// request asks it to scrub what was taught from a person's proposals.
import { systemClock } from "../../clock.ts";
import type { Db, Prisma } from "../../db/client.ts";
import { recordAudit } from "../../db/audit-log.ts";
import { AppError } from "../../errors.ts";
import { redactPersonalData, type RedactLabels } from "../../privacy/mask.ts";
import { bumpKnowledgeVersion } from "../knowledge-version.ts";

export const PHRASING_MIN = 3;
export const PHRASING_MAX = 500;
export type PhrasingStatus = "pending" | "approved" | "rejected";

export interface TaughtPhrasingView {
  id: string;
  text: string;
  status: PhrasingStatus;
  origin: string;
  documentId: string;
  documentTitle: string;
  citation: string;
  createdBy: string | null;
  createdAt: Date;
  reviewedBy: string | null;
  reviewedAt: Date | null;
}

/** Proposes `text` as a phrasing of the chunk; the same wording for the same passage is proposed once. */
export async function proposePhrasing(opts: {
  db: Db;
  text: string;
  chunkId: string;
  /** "proposal:KN-2026-00042", "unanswered", "console". */
  origin: string;
  actor: string;
  mask: RedactLabels;
}): Promise<{ id: string; created: boolean }> {
  const text = redactPersonalData(opts.text.normalize("NFC").replace(/\s+/g, " ").trim(), opts.mask);
  if (text.length < PHRASING_MIN || text.length > PHRASING_MAX) {
    throw new AppError("bad_request", { message: `a phrasing has ${PHRASING_MIN}–${PHRASING_MAX} characters`, detail: { field: "text" } });
  }
  const { prisma } = opts.db;
  const chunk = await prisma.chunk.findUnique({ where: { id: opts.chunkId }, select: { documentId: true, citation: true } });
  if (!chunk) throw new AppError("not_found", { message: `no passage ${opts.chunkId.slice(0, 40)}`, detail: { field: "chunkId" } });
  return prisma.$transaction(async (tx) => {
    const existing = await tx.taughtPhrasing.findFirst({
      where: { documentId: chunk.documentId, citation: chunk.citation, text, status: { in: ["pending", "approved"] } },
      select: { id: true },
    });
    if (existing) return { id: existing.id, created: false };
    const row = await tx.taughtPhrasing.create({
      data: { text, documentId: chunk.documentId, citation: chunk.citation, origin: opts.origin.slice(0, 60), createdBy: opts.actor },
    });
    await recordAudit(tx, { actor: opts.actor, action: "knowledge.phrasing.propose", target: row.id, detail: { citation: chunk.citation, origin: row.origin } });
    return { id: row.id, created: true };
  });
}

/** Approves or rejects a phrasing; approving (or withdrawing an approval) changes what the index matches. */
export async function reviewPhrasing(opts: { db: Db; id: string; approve: boolean; actor: string; now?: Date }): Promise<TaughtPhrasingView> {
  const { prisma } = opts.db;
  return prisma.$transaction(async (tx) => {
    const row = await tx.taughtPhrasing.findUnique({ where: { id: opts.id } });
    if (!row) throw new AppError("not_found", { message: `no phrasing ${opts.id.slice(0, 40)}` });
    const status: PhrasingStatus = opts.approve ? "approved" : "rejected";
    const updated = await tx.taughtPhrasing.update({
      where: { id: row.id },
      data: { status, reviewedBy: opts.actor, reviewedAt: opts.now ?? systemClock.now() },
      include: { document: { select: { title: true } } },
    });
    if (row.status === "approved" || status === "approved") await bumpKnowledgeVersion(tx);
    await recordAudit(tx, { actor: opts.actor, action: `knowledge.phrasing.${status === "approved" ? "approve" : "reject"}`, target: row.id, detail: { citation: row.citation } });
    return view(updated);
  });
}

export async function listPhrasings(opts: { db: Db; status?: PhrasingStatus; take?: number }): Promise<TaughtPhrasingView[]> {
  const rows = await opts.db.prisma.taughtPhrasing.findMany({
    where: opts.status ? { status: opts.status } : {},
    orderBy: { createdAt: "desc" },
    take: opts.take ?? 200,
    include: { document: { select: { title: true } } },
  });
  return rows.map(view);
}

/**
 * Erasure on request (privacy/erase-user-data.ts): the phrasings taught from the person's
 * proposals (origin "proposal:<code>") keep their wording with the person's data scrubbed by the
 * scrub privacy gives. Returns how many rows changed.
 */
export async function redactTaughtPhrasings(tx: Prisma.TransactionClient, proposalCodes: string[], scrub: (text: string) => string): Promise<number> {
  if (proposalCodes.length === 0) return 0;
  const rows = await tx.taughtPhrasing.findMany({ where: { origin: { in: proposalCodes.map((c) => `proposal:${c}`) } }, select: { id: true, text: true } });
  let changed = 0;
  for (const r of rows) {
    const text = scrub(r.text);
    if (text !== r.text) changed += (await tx.taughtPhrasing.updateMany({ where: { id: r.id }, data: { text } })).count;
  }
  return changed;
}

/** Approved phrasings by document and citation: what the index adds to each passage. */
export async function approvedPhrasings(db: Db): Promise<Map<string, Map<string, string[]>>> {
  const rows = await db.prisma.taughtPhrasing.findMany({ where: { status: "approved" }, select: { documentId: true, citation: true, text: true }, orderBy: { createdAt: "asc" } });
  const out = new Map<string, Map<string, string[]>>();
  for (const r of rows) {
    const byCitation = out.get(r.documentId) ?? new Map<string, string[]>();
    byCitation.set(r.citation, [...(byCitation.get(r.citation) ?? []), r.text]);
    out.set(r.documentId, byCitation);
  }
  return out;
}

function view(r: {
  id: string;
  text: string;
  status: string;
  origin: string;
  documentId: string;
  citation: string;
  createdBy: string | null;
  createdAt: Date;
  reviewedBy: string | null;
  reviewedAt: Date | null;
  document: { title: string };
}): TaughtPhrasingView {
  return {
    id: r.id,
    text: r.text,
    status: r.status as PhrasingStatus,
    origin: r.origin,
    documentId: r.documentId,
    documentTitle: r.document.title,
    citation: r.citation,
    createdBy: r.createdBy,
    createdAt: r.createdAt,
    reviewedBy: r.reviewedBy,
    reviewedAt: r.reviewedAt,
  };
}
