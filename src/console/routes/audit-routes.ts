// The audit log page (administrators): who did what to which item, when, with its details.
import type { FastifyInstance } from "fastify";
import { listAuditEntries } from "../../proposals/list-audit-entries.ts";
import { sessionOf } from "../auth/guard.ts";
import { AuditQuery, dayAfter, queueQueryString, vietnamMidnight } from "../forms.ts";
import type { ConsoleDeps } from "../deps.ts";
import { renderPage } from "../render.ts";
import { strings } from "../strings.ts";

export function registerAuditRoutes(scope: FastifyInstance, deps: ConsoleDeps): void {
  scope.get("/audit", async (request, reply) => {
    const actor = sessionOf(request).actor;
    const q = AuditQuery.parse(request.query ?? {});
    const result = await listAuditEntries({
      db: deps.db,
      actor,
      filter: { actor: q.actor, action: q.action, target: q.target, from: q.from ? vietnamMidnight(q.from) : undefined, to: q.to ? dayAfter(q.to) : undefined },
      page: q.page,
    });
    return renderPage(request, reply, "audit", {
      title: strings.nav.audit,
      q,
      result,
      pageLink: (n: number) => `/console/audit${queueQueryString(q as Record<string, string | number | undefined>, { page: n })}`,
    });
  });
}
