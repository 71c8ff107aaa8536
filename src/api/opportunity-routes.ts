// GET /api/v1/opportunities: the current opportunities (the same as the public page /co-hoi, from
// src/announcements/public-opportunity.ts), read-only and without a token, since all of it is
// published there. Filters: kind, place (a place's name or its folded key), age and audience (an
// audience topic: those naming it or the age first, then those open to everyone), page.
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { AGE_MAX, AGE_MIN, AUDIENCE_TOPICS } from "../announcements/audience-words.ts";
import { placeKeyOf } from "../announcements/opportunity-input.ts";
import { OPPORTUNITY_KINDS } from "../announcements/opportunity-status.ts";
import { listPublicOpportunities, type PublicOpportunity } from "../announcements/public-opportunity.ts";
import { AppError } from "../errors.ts";
import type { ApiDeps } from "./deps.ts";

const PER_PAGE = 50;

export const OpportunitiesQuery = z.object({
  kind: z.enum(OPPORTUNITY_KINDS, { error: `kind: one of ${OPPORTUNITY_KINDS.join(", ")}` }).optional(),
  place: z.string().trim().min(1, { error: "place: empty" }).max(100, { error: "place: at most 100 characters" }).optional(),
  age: z.coerce
    .number({ error: `age: a whole number from ${AGE_MIN} to ${AGE_MAX}` })
    .int({ error: `age: a whole number from ${AGE_MIN} to ${AGE_MAX}` })
    .min(AGE_MIN, { error: `age: a whole number from ${AGE_MIN} to ${AGE_MAX}` })
    .max(AGE_MAX, { error: `age: a whole number from ${AGE_MIN} to ${AGE_MAX}` })
    .optional()
    .describe(`The asker's age: opportunities whose age range includes it, then those with no age range`),
  audience: z
    .enum(AUDIENCE_TOPICS, { error: `audience: unknown; one of ${AUDIENCE_TOPICS.join(", ")}` })
    .optional()
    .describe("An audience topic: opportunities naming it first, then those naming no audience topic (open to everyone)"),
  page: z.coerce.number({ error: "page: a number" }).int({ error: "page: a whole number" }).min(1, { error: "page: 1 or more" }).max(10_000).optional(),
});

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export const opportunityJson = (o: PublicOpportunity) => ({
  id: o.id,
  kind: o.kind,
  status: o.status,
  title: o.title,
  organiser: o.organiser,
  place: o.place,
  placeKey: o.placeKey,
  startsAt: iso(o.startsAt),
  endsAt: iso(o.endsAt),
  deadline: iso(o.deadline),
  expiresAt: o.expiresAt.toISOString(),
  ageMin: o.ageMin,
  ageMax: o.ageMax,
  topics: o.topics,
  link: o.link,
  contact: o.contact,
});

export function registerOpportunityRoutes(app: FastifyInstance, deps: ApiDeps, prefix: string): void {
  app.get(`${prefix}/opportunities`, async (request, reply) => {
    const parsed = OpportunitiesQuery.safeParse(request.query ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new AppError("bad_request", { message: issue.message, detail: { field: String(issue.path[0] ?? "") } });
    }
    const q = parsed.data;
    const page = q.page ?? 1;
    const { items, total } = await listPublicOpportunities(
      deps.db,
      deps.clock.now(),
      { kinds: q.kind ? [q.kind] : undefined, placeKey: q.place ? placeKeyOf(q.place) : undefined, age: q.age, audience: q.audience },
      { skip: (page - 1) * PER_PAGE, take: PER_PAGE },
    );
    return reply.header("cache-control", "public, max-age=60").send({ items: items.map(opportunityJson), total, page, perPage: PER_PAGE });
  });
}
