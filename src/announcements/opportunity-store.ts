// The Opportunity table's only writer: insert one, change one, withdraw one. The use cases
// (create-opportunity.ts, edit-opportunity.ts, import-opportunities.ts, withdraw-opportunity.ts,
// feeds/import-feed.ts) check permissions, input and duplicates and call these inside their
// transaction, with the audit entry beside them.
import type { Prisma } from "../db/client.ts";
import type { OpportunityFields } from "./opportunity-input.ts";
import type { OpportunitySource } from "./opportunity-status.ts";

type Tx = Prisma.TransactionClient;

function columns(f: OpportunityFields) {
  return {
    kind: f.kind,
    title: f.title,
    organiser: f.organiser,
    place: f.place,
    placeKey: f.placeKey,
    startsAt: f.startsAt,
    endsAt: f.endsAt,
    deadline: f.deadline,
    expiresAt: f.expiresAt,
    ageMin: f.ageMin,
    ageMax: f.ageMax,
    topics: f.topics.join(","),
    link: f.link,
    contact: f.contact,
    duplicateKey: f.duplicateKey,
  };
}

/** `feedId`: the feed it was read from (source "feed"), whose next fetch updates it. */
export async function insertOpportunity(tx: Tx, f: OpportunityFields, source: OpportunitySource, now: Date, feedId: string | null = null) {
  return tx.opportunity.create({ data: { ...columns(f), source, sourceId: f.sourceId, feedId, createdAt: now, updatedAt: now } });
}

/** Changes what staff edit; where it came from (source, sourceId) stays. A feed's fetch passes `feedId` to take over an item no feed holds. */
export async function updateOpportunity(tx: Tx, id: string, f: OpportunityFields, now: Date, feedId?: string) {
  return tx.opportunity.update({ where: { id }, data: { ...columns(f), ...(feedId ? { feedId } : {}), updatedAt: now } });
}

export async function markWithdrawn(tx: Tx, id: string, now: Date) {
  return tx.opportunity.update({ where: { id }, data: { withdrawnAt: now, updatedAt: now } });
}
