// Reads of opportunities: the current ones (not withdrawn, not expired at `now`) filtered by kind
// and place for the chat, the public page and the API; the console's list; one by id; and the
// places the current ones name, so the chat can recognise "ở Rạch Giá". Nothing here writes.
import type { Db } from "../db/client.ts";
import { opportunityStatus, type OpportunityKind } from "./opportunity-status.ts";

export type OpportunityRow = NonNullable<Awaited<ReturnType<typeof findOpportunity>>>;

export interface OpportunityFilter {
  kinds?: readonly OpportunityKind[] | undefined;
  /** A folded place (placeKeyOf); "online" for what happens on the internet. */
  placeKey?: string | undefined;
}

export async function findOpportunity(db: Db, id: string) {
  return db.prisma.opportunity.findUnique({ where: { id } });
}

/**
 * The current opportunities matching the filter, the nearest deadline (or end) first, with the
 * total for "xem thêm". `skip`/`take` page through them.
 */
export async function listCurrentOpportunities(db: Db, now: Date, filter: OpportunityFilter = {}, page: { skip?: number; take?: number } = {}) {
  const where = {
    withdrawnAt: null,
    expiresAt: { gt: now },
    ...(filter.kinds?.length ? { kind: { in: [...filter.kinds] } } : {}),
    ...(filter.placeKey ? { placeKey: filter.placeKey } : {}),
  };
  const [rows, total] = await Promise.all([
    db.prisma.opportunity.findMany({ where, orderBy: [{ expiresAt: "asc" }, { id: "asc" }], skip: page.skip ?? 0, take: page.take ?? 50 }),
    db.prisma.opportunity.count({ where }),
  ]);
  return { rows: rows.map((r) => ({ ...r, status: opportunityStatus(r, now) })), total };
}

/** Every opportunity for the console, the latest added first, with its status at `now`. */
export async function listAllOpportunities(db: Db, now: Date, page: { skip?: number; take?: number } = {}) {
  const [rows, total] = await Promise.all([
    db.prisma.opportunity.findMany({ orderBy: [{ createdAt: "desc" }, { id: "asc" }], skip: page.skip ?? 0, take: page.take ?? 50 }),
    db.prisma.opportunity.count(),
  ]);
  return { rows: rows.map((r) => ({ ...r, status: r.withdrawnAt ? ("withdrawn" as const) : opportunityStatus(r, now) })), total };
}

/** The distinct places of the current opportunities: { place as written, its folded key }. */
export async function currentPlaces(db: Db, now: Date): Promise<{ place: string; placeKey: string }[]> {
  const rows = await db.prisma.opportunity.findMany({ where: { withdrawnAt: null, expiresAt: { gt: now } }, distinct: ["placeKey"], select: { place: true, placeKey: true }, orderBy: { placeKey: "asc" } });
  return rows;
}
