// Staff teach the bot: from a question it could not answer (the unanswered list, an escalated
// question), staff pick the passage that answers it; an administrator approves the wording, and
// from then on the bot matches it as one more way of asking that passage (taught-phrasings.ts).
// Coordinators and administrators propose; only administrators approve.
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { proposePhrasing, listPhrasings, PHRASING_MAX, reviewPhrasing } from "../../knowledge/admin/taught-phrasings.ts";
import { redactPersonalData } from "../../privacy/mask.ts";
import { assertCan, can } from "../../staff/staff-scope.ts";
import { sessionOf } from "../auth/guard.ts";
import { formOf } from "../forms.ts";
import type { ConsoleDeps } from "../deps.ts";
import { redirectWith, renderPage } from "../render.ts";
import { strings } from "../strings.ts";

const Origin = z.string().regex(/^(unanswered|console|proposal:[A-Z]{2}-\d{4}-\d+)$/).catch("console");

export function registerTeachRoutes(scope: FastifyInstance, deps: ConsoleDeps): void {
  const { db, knowledge } = deps;

  scope.get<{ Querystring: { q?: string; origin?: string } }>("/teach", async (request, reply) => {
    assertCan(sessionOf(request).actor, "viewDashboard");
    const q = redactPersonalData((request.query.q ?? "").trim().slice(0, PHRASING_MAX), strings.mask);
    const origin = Origin.parse(request.query.origin);
    const candidates = q ? (await knowledge.candidates(q)).passages : [];
    return renderPage(request, reply, "teach", { title: strings.nav.phrasings, q, origin, candidates });
  });

  scope.post("/teach", async (request, reply) => {
    const actor = sessionOf(request).actor;
    assertCan(actor, "viewDashboard");
    const form = formOf(request.body);
    const text = (form.q ?? "").trim();
    if (text.length < 3 || text.length > PHRASING_MAX) return redirectWith(reply, "/console/phrasings", { err: "phrasing" });
    const result = await proposePhrasing({ db, text, chunkId: form.chunkId ?? "", origin: Origin.parse(form.origin), actor: actor.email, mask: strings.mask });
    return redirectWith(reply, "/console/phrasings", { ok: result.created ? "phrasingProposed" : "phrasingExists" });
  });

  scope.get("/phrasings", async (request, reply) => {
    const actor = sessionOf(request).actor;
    assertCan(actor, "viewDashboard");
    const [pending, reviewed] = await Promise.all([listPhrasings({ db, status: "pending" }), listPhrasings({ db, take: 50 })]);
    return renderPage(request, reply, "phrasings", {
      title: strings.nav.phrasings,
      pending,
      reviewed: reviewed.filter((p) => p.status !== "pending"),
      canApprove: can(actor, "manageKnowledge"),
    });
  });

  scope.post<{ Params: { id: string; verdict: string } }>("/phrasings/:id/:verdict", async (request, reply) => {
    const actor = sessionOf(request).actor;
    assertCan(actor, "manageKnowledge");
    const approve = request.params.verdict === "approve";
    if (!approve && request.params.verdict !== "reject") return redirectWith(reply, "/console/phrasings", { err: "bad_request" });
    await reviewPhrasing({ db, id: request.params.id.slice(0, 40), approve, actor: actor.email, now: deps.clock.now() });
    // This instance serves the new wording at once; the others within KNOWLEDGE_POLL_MS.
    await knowledge.catchUp();
    return redirectWith(reply, "/console/phrasings", { ok: approve ? "phrasingApproved" : "phrasingRejected" });
  });
}
