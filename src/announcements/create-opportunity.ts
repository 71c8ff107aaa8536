// Use case: a coordinator (or an administrator) adds an opportunity from the console or the API.
// The form is validated (opportunity-input.ts); the same opportunity entered twice (same folded
// title and organiser, same start day) is refused as a duplicate naming the one that exists; the
// row, its audit entry and the notices to the subscribers it fits (notify-subscribers.ts) are
// written in one transaction.
import { recordAudit } from "../db/audit-log.ts";
import type { Db, Prisma } from "../db/client.ts";
import { AppError } from "../errors.ts";
import { actorLabel, type StaffVia } from "../staff/api-token.ts";
import { assertCan, type StaffActor } from "../staff/staff-scope.ts";
import { parseOpportunityInput, type OpportunityFields } from "./opportunity-input.ts";
import type { OpportunitySource } from "./opportunity-status.ts";
import { insertOpportunity } from "./opportunity-store.ts";
import type { NoticeTexts } from "./notice-line.ts";
import { queueOpportunityNotices } from "./notify-subscribers.ts";

/** The opportunity that `fields` would duplicate (other than `exceptId`), if any. */
export async function findDuplicate(tx: Prisma.TransactionClient, fields: Pick<OpportunityFields, "duplicateKey">, exceptId?: string) {
  const found = await tx.opportunity.findUnique({ where: { duplicateKey: fields.duplicateKey }, select: { id: true, title: true } });
  return found && found.id !== exceptId ? found : null;
}

export function duplicateError(existing: { id: string; title: string }): AppError {
  return new AppError("conflict", {
    message: `duplicate: the opportunity ${existing.id} ("${existing.title}") has the same title, organiser and start day`,
    detail: { field: "title", reason: "duplicate", existingId: existing.id },
  });
}

/** Inserts validated fields unless they duplicate an existing opportunity; the caller audits. `feedId`: the feed it was read from. */
export async function addOpportunity(tx: Prisma.TransactionClient, fields: OpportunityFields, source: OpportunitySource, now: Date, feedId: string | null = null) {
  const existing = await findDuplicate(tx, fields);
  if (existing) throw duplicateError(existing);
  if (fields.sourceId && (await tx.opportunity.findUnique({ where: { source_sourceId: { source, sourceId: fields.sourceId } }, select: { id: true } }))) {
    throw new AppError("conflict", { message: `duplicate: ${source} id ${fields.sourceId} was imported before`, detail: { field: "sourceId", reason: "duplicate" } });
  }
  return insertOpportunity(tx, fields, source, now, feedId);
}

export async function createOpportunity(opts: {
  db: Db;
  actor: StaffActor;
  via?: StaffVia;
  input: unknown;
  topics: ReadonlySet<string>;
  now: Date;
  /** The texts of the notices to subscribers; without them the notices wait for the notices job. */
  notices?: NoticeTexts;
}): Promise<{ id: string }> {
  assertCan(opts.actor, "triage");
  const fields = parseOpportunityInput(opts.input, { topics: opts.topics, now: opts.now });
  return opts.db.prisma.$transaction(async (tx) => {
    const row = await addOpportunity(tx, fields, "manual", opts.now);
    await recordAudit(tx, { actor: actorLabel(opts.actor, opts.via), action: "opportunity.create", target: row.id, detail: { title: fields.title, kind: fields.kind } });
    await queueOpportunityNotices(tx, { opportunityIds: [row.id], now: opts.now, texts: opts.notices });
    return { id: row.id };
  });
}
