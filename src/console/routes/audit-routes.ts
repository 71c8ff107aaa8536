// The audit log page (administrators): who did what to which item, when, as a sentence people
// read ("Nguyễn Văn A chuyển kiến nghị KN-… sang Sở Nội vụ"), with item codes linked.
import type { FastifyInstance } from "fastify";
import { escapeHtml } from "../../http/html.ts";
import { defaultTopics } from "../../knowledge/topics.ts";
import { listAuditEntries } from "../../proposals/list-audit-entries.ts";
import { vietnamDayStart } from "../../vietnam-time.ts";
import { sessionOf } from "../auth/guard.ts";
import { AuditQuery, dayAfter, queueQueryString } from "../forms.ts";
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
      filter: { actor: q.actor, action: q.action, target: q.target, from: q.from ? vietnamDayStart(q.from) : undefined, to: q.to ? dayAfter(q.to) : undefined },
      page: q.page,
      topicName: (code) => defaultTopics().name(code),
    });
    return renderPage(request, reply, "audit", {
      title: strings.nav.audit,
      q,
      result,
      pageLink: (n: number) => `/console/audit${queueQueryString(q as Record<string, string | number | undefined>, { page: n })}`,
      linkCodes,
    });
  });
}

/** The sentence as HTML: escaped, with each item code a link to its page. */
function linkCodes(sentence: string): string {
  return escapeHtml(sentence).replace(/\b(?:KN|CH|YT|BC)-\d{4}-\d{5,}\b/g, (code) => `<a href="/console/items/${code}">${code}</a>`);
}
