// What the public may know of an opportunity, for /co-hoi and GET /api/v1/opportunities: the one
// place that decides it. Only current ones (not withdrawn, not past the deadline or the end), and
// never where they came from (source, source id), who entered them, or the internal duplicate key.
import type { Db } from "../db/client.ts";
import { listCurrentOpportunities, type OpportunityFilter } from "./find-opportunities.ts";
import type { OpportunityFields } from "./opportunity-input.ts";
import type { OpportunityKind, OpportunityStatus } from "./opportunity-status.ts";

/** What anyone may see of an opportunity: its fields without where it came from or its duplicate key. */
export interface PublicOpportunity extends Omit<OpportunityFields, "sourceId" | "duplicateKey"> {
  id: string;
  status: Extract<OpportunityStatus, "upcoming" | "open">;
}

/** The current opportunities matching the filter, the nearest deadline first, and how many match. */
export async function listPublicOpportunities(db: Db, now: Date, filter: OpportunityFilter, page: { skip?: number; take?: number } = {}) {
  const { rows, total } = await listCurrentOpportunities(db, now, filter, page);
  const items: PublicOpportunity[] = rows.map((o) => ({
    id: o.id,
    kind: o.kind as OpportunityKind,
    status: o.status as PublicOpportunity["status"],
    title: o.title,
    organiser: o.organiser,
    place: o.place,
    placeKey: o.placeKey,
    startsAt: o.startsAt,
    endsAt: o.endsAt,
    deadline: o.deadline,
    expiresAt: o.expiresAt,
    ageMin: o.ageMin,
    ageMax: o.ageMax,
    topics: o.topics ? o.topics.split(",") : [],
    link: o.link,
    contact: o.contact,
  }));
  return { items, total };
}
