// GET /api/v1/rounds and /api/v1/rounds/{slug}: the dialogue rounds' public data (the same as the
// public pages, from src/dialogue/public-round.ts), read-only and without a token, since nothing
// in it is not already published at /doi-thoai.
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { getPublicRound, listPublicRounds, type PublicRoundSummary } from "../dialogue/public-round.ts";
import { AppError } from "../errors.ts";
import type { ApiDeps } from "./deps.ts";

export const RoundSlug = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, { error: "a round's slug: lower-case letters and digits joined by hyphens" }).max(80);

const summaryJson = (r: PublicRoundSummary) => ({
  slug: r.slug,
  title: r.title,
  kind: r.kind,
  status: r.status,
  organiser: r.organiser,
  topics: r.topics,
  collectFrom: r.collectFrom.toISOString(),
  collectUntil: r.collectUntil.toISOString(),
  voteFrom: r.voteFrom.toISOString(),
  voteUntil: r.voteUntil.toISOString(),
  meetingAt: r.meetingAt.toISOString(),
  answersDue: r.answersDue.toISOString(),
});

export function registerRoundRoutes(app: FastifyInstance, deps: ApiDeps, prefix: string): void {
  app.get(`${prefix}/rounds`, async (_request, reply) => {
    const rounds = await listPublicRounds(deps.db, deps.clock.now());
    return reply.header("cache-control", "public, max-age=60").send({ items: rounds.map(summaryJson) });
  });
  app.get<{ Params: { slug: string } }>(`${prefix}/rounds/:slug`, async (request, reply) => {
    const slug = RoundSlug.safeParse(request.params.slug);
    if (!slug.success) throw new AppError("bad_request", { message: slug.error.issues[0]!.message, detail: { field: "slug" } });
    const round = await getPublicRound(deps.db, slug.data, deps.clock.now());
    if (!round) throw new AppError("not_found", { message: `round ${slug.data} not found` });
    return reply.header("cache-control", "public, max-age=60").send({
      ...summaryJson(round),
      questions: round.questions,
      conclusions: round.conclusions,
      concludedAt: round.concludedAt ? round.concludedAt.toISOString() : null,
    });
  });
}
