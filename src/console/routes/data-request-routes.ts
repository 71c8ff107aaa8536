// Administrators' pages about personal data: the queue "Yêu cầu về dữ liệu cá nhân" (requests a
// person made in chat, each with its legal deadline of 2 working days; overdue ones highlighted
// and counted in the navigation on every page), closing one with a reply that reaches the person
// through the outbox, and "Dữ liệu đi đâu" (where personal data goes, from the configuration).
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { AppError } from "../../errors.ts";
import { closeDataRequest } from "../../privacy/close-data-request.ts";
import { countOverdueDataRequests, getDataRequest, listDataRequests } from "../../privacy/list-data-requests.ts";
import { describeDataFlows } from "../../privacy/where-data-goes.ts";
import { assertCan, can } from "../../staff/staff-scope.ts";
import { sessionOf, wantsHtml } from "../auth/guard.ts";
import { formOf } from "../forms.ts";
import type { ConsoleDeps } from "../deps.ts";
import { navBadges, redirectWith, renderPage } from "../render.ts";
import { strings } from "../strings.ts";

type IdParams = { Params: { id: string } };
const ListQuery = z.object({ status: z.enum(["open", "closed"]).optional().catch(undefined) });

function idOf(raw: string): string {
  if (!/^[\w-]{1,64}$/.test(raw)) throw new AppError("not_found", { message: "no such data request" });
  return raw;
}

export function registerDataRequestRoutes(scope: FastifyInstance, deps: ConsoleDeps): void {
  const { db, config } = deps;

  // The overdue count beside "Yêu cầu về dữ liệu cá nhân", on every page an administrator opens.
  scope.addHook("preHandler", async (request) => {
    if (request.method !== "GET" || !wantsHtml(request)) return;
    let actor;
    try {
      actor = sessionOf(request).actor;
    } catch {
      return; // the login page and assets have no session
    }
    if (!can(actor, "handleDataRequests")) return;
    const overdue = await countOverdueDataRequests({ db, now: deps.clock.now() });
    if (overdue > 0) navBadges.set(request, { "/console/data-requests": overdue });
  });

  scope.get("/data-requests", async (request, reply) => {
    assertCan(sessionOf(request).actor, "handleDataRequests");
    const q = ListQuery.parse(request.query ?? {});
    const now = deps.clock.now();
    const items = await listDataRequests({ db, now, status: q.status });
    return renderPage(request, reply, "data-requests", {
      title: strings.nav.dataRequests,
      items,
      status: q.status ?? "",
      overdue: items.filter((i) => i.overdue).length,
    });
  });

  scope.get<IdParams>("/data-requests/:id", async (request, reply) => {
    assertCan(sessionOf(request).actor, "handleDataRequests");
    const item = await getDataRequest({ db, id: idOf(request.params.id), now: deps.clock.now() });
    return renderPage(request, reply, "data-request", { title: `${strings.nav.dataRequests} – ${strings.dataRequestKind[item.kind] ?? item.kind}`, item });
  });

  scope.post<IdParams>("/data-requests/:id/close", async (request, reply) => {
    const actor = sessionOf(request).actor;
    assertCan(actor, "handleDataRequests");
    const id = idOf(request.params.id);
    const back = `/console/data-requests/${id}`;
    try {
      const result = await closeDataRequest({ db, prompts: deps.prompts, actor: actor.email, id, reply: formOf(request.body).reply ?? "", now: deps.clock.now() });
      deps.events?.emit("outboxWritten", {});
      return redirectWith(reply, back, { ok: result.delivered ? "dataRequestClosed" : "dataRequestNotDelivered" });
    } catch (err) {
      if (err instanceof AppError && (err.code === "bad_request" || err.code === "conflict")) {
        return redirectWith(reply, back, { err: err.code === "bad_request" ? "reply" : "conflict" });
      }
      throw err;
    }
  });

  scope.get("/data-flows", async (request, reply) => {
    assertCan(sessionOf(request).actor, "handleDataRequests");
    const flows = describeDataFlows({
      telegramApiRoot: config.telegram?.apiRoot,
      zaloApiRoot: config.zalo?.apiRoot,
      llmBaseUrl: config.llm?.baseUrl,
      embeddingsBaseUrl: config.embeddings?.baseUrl,
      database: config.database.provider,
      dataDir: config.dataDir,
      chatLogRetentionDays: config.chatLogRetentionDays,
      backup: config.backupRetention,
    });
    return renderPage(request, reply, "data-flows", { title: strings.nav.dataFlows, flows });
  });
}
