// Reads of opportunities: the current ones (not withdrawn, not expired at `now`) filtered by kind,
// place and audience (an age, an audience topic) for the chat, the public page and the API; the
// console's list; one by id; and the places the current ones name, so the chat can recognise "ở Rạch
// Giá". Nothing here writes.
import type { Db, Prisma } from "../db/client.ts";
import { AUDIENCE_TOPICS } from "./audience-words.ts";
import { opportunityStatus, type OpportunityKind } from "./opportunity-status.ts";

export type OpportunityRow = NonNullable<Awaited<ReturnType<typeof findOpportunity>>>;

export interface OpportunityFilter {
  kinds?: readonly OpportunityKind[] | undefined;
  /** A folded place (placeKeyOf); "online" for what happens on the internet. */
  placeKey?: string | undefined;
  /** The asker's age: an opportunity fits when its age range includes it; one with no range fits every age. */
  age?: number | undefined;
  /**
   * An audience topic (audience-words.ts AUDIENCE_TOPICS): an opportunity fits when it names that
   * topic, or names no audience topic at all (open to everyone).
   */
  audience?: string | undefined;
}

type Where = Prisma.OpportunityWhereInput;

/** Topics are stored comma-joined ("viec-lam,nguoi-khuyet-tat"); codes are hyphenated words, so no code is inside another between commas. */
const hasTopic = (topic: string): Where => ({
  OR: [{ topics: topic }, { topics: { startsWith: `${topic},` } }, { topics: { endsWith: `,${topic}` } }, { topics: { contains: `,${topic},` } }],
});

/**
 * Each audience criterion asked for splits the opportunities that fit it in two: those naming it
 * (`named`: an age range including the age, the audience's topic) and those open to all (`open`: no
 * age range, no audience topic). Nothing else fits.
 */
function audienceCriteria(filter: OpportunityFilter): { named: Where; open: Where }[] {
  const criteria: { named: Where; open: Where }[] = [];
  if (filter.age !== undefined) {
    const age = filter.age;
    criteria.push({
      named: {
        AND: [
          { OR: [{ ageMin: { not: null } }, { ageMax: { not: null } }] },
          { OR: [{ ageMin: null }, { ageMin: { lte: age } }] },
          { OR: [{ ageMax: null }, { ageMax: { gte: age } }] },
        ],
      },
      open: { ageMin: null, ageMax: null },
    });
  }
  if (filter.audience) criteria.push({ named: hasTopic(filter.audience), open: { NOT: { OR: AUDIENCE_TOPICS.map(hasTopic) } } });
  return criteria;
}

/**
 * The groups listed one after another: those naming every criterion asked for first, then those
 * naming fewer, then those open to all. Without an audience asked for, one group: every match.
 */
function rankedGroups(base: Where, filter: OpportunityFilter): Where[] {
  const criteria = audienceCriteria(filter);
  if (!criteria.length) return [base];
  const groups = Array.from({ length: criteria.length + 1 }, (): Where[] => []);
  for (let mask = 0; mask < 1 << criteria.length; mask++) {
    const picks = criteria.map((c, i) => (mask & (1 << i) ? c.named : c.open));
    const named = criteria.filter((_, i) => mask & (1 << i)).length;
    groups[criteria.length - named]!.push({ AND: picks });
  }
  return groups.map((alternatives) => ({ AND: [base, alternatives.length === 1 ? alternatives[0]! : { OR: alternatives }] }));
}

function baseWhere(now: Date, filter: OpportunityFilter): Where {
  return {
    withdrawnAt: null,
    expiresAt: { gt: now },
    ...(filter.kinds?.length ? { kind: { in: [...filter.kinds] } } : {}),
    ...(filter.placeKey ? { placeKey: filter.placeKey } : {}),
  };
}

export async function findOpportunity(db: Db, id: string) {
  return db.prisma.opportunity.findUnique({ where: { id } });
}

/**
 * The current opportunities matching the filter, the nearest deadline (or end) first, with the
 * total for "xem thêm". With an age or an audience, those naming it come first, then those open to
 * everyone, each by nearest deadline. `skip`/`take` page through them in that order.
 */
export async function listCurrentOpportunities(db: Db, now: Date, filter: OpportunityFilter = {}, page: { skip?: number; take?: number } = {}) {
  const groups = rankedGroups(baseWhere(now, filter), filter);
  const counts = await countEach(db, groups);
  const total = counts.reduce((a, b) => a + b, 0);
  let skip = page.skip ?? 0;
  let take = page.take ?? 50;
  const rows: OpportunityRow[] = [];
  // Page across the groups in their order: skip whole groups, then read from where the page starts.
  for (const [i, where] of groups.entries()) {
    if (take <= 0) break;
    if (skip >= counts[i]!) {
      skip -= counts[i]!;
      continue;
    }
    const found = await db.prisma.opportunity.findMany({ where, orderBy: [{ expiresAt: "asc" }, { id: "asc" }], skip, take });
    rows.push(...found);
    take -= found.length;
    skip = 0;
  }
  return { rows: rows.map((r) => ({ ...r, status: opportunityStatus(r, now) })), total };
}

/** How many current opportunities match the filter (with its audience, if any). */
export async function countCurrentOpportunities(db: Db, now: Date, filter: OpportunityFilter = {}): Promise<number> {
  const counts = await countEach(db, rankedGroups(baseWhere(now, filter), filter));
  return counts.reduce((a, b) => a + b, 0);
}

const countEach = (db: Db, groups: readonly Where[]) => Promise.all(groups.map((where) => db.prisma.opportunity.count({ where })));

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
