// The queue: proposals and escalated questions the signed-in staff member may see, filtered,
// searched, sorted by due date (overdue first) and paginated, with keyboard shortcuts
// (assets/queue-keys.js); and its export to CSV or XLSX with the same filter and no personal data.
import type { FastifyInstance } from "fastify";
import { defaultTopics } from "../../knowledge/topics.ts";
import { exportProposals } from "../../proposals/export-proposals.ts";
import { listProposals } from "../../proposals/list-proposals.ts";
import { listQueueOptions } from "../../proposals/list-queue-options.ts";
import { PROPOSAL_STATUSES } from "../../proposals/proposal-status.ts";
import { vietnamDayStart } from "../../vietnam-time.ts";
import { sessionOf } from "../auth/guard.ts";
import { toCsv, toXlsx } from "../export-files.ts";
import { QueueQuery, queueFilter, queueQueryString } from "../forms.ts";
import type { ConsoleDeps } from "../deps.ts";
import { formats, renderPage } from "../render.ts";
import { strings } from "../strings.ts";

/** The filters in use, as people read them: the collapsed "Bộ lọc" toggle says what is filtered. */
function activeFilters(q: QueueQuery, departments: { id: string; name: string }[]): string[] {
  return [
    q.status ? strings.status[q.status] : undefined,
    q.kind ? strings.kind[q.kind] : undefined,
    q.department ? departments.find((d) => d.id === q.department)?.name : undefined,
    q.topic ? defaultTopics().name(q.topic) : undefined,
    q.channel ? strings.channel[q.channel] : undefined,
    q.from ? `từ ${formats.date(vietnamDayStart(q.from))}` : undefined,
    q.to ? `đến ${formats.date(vietnamDayStart(q.to))}` : undefined,
    q.overdue ? "quá hạn" : undefined,
  ].filter((x): x is string => !!x);
}

export function registerQueueRoutes(scope: FastifyInstance, deps: ConsoleDeps): void {
  scope.get("/queue", async (request, reply) => {
    const actor = sessionOf(request).actor;
    const query = QueueQuery.parse(request.query ?? {});
    const { filter, sort, page } = queueFilter(query);
    const [result, options] = await Promise.all([
      listProposals({ db: deps.db, actor, filter, sort, page, now: deps.clock.now() }),
      listQueueOptions({ db: deps.db, actor }),
    ]);
    return renderPage(request, reply, "queue", {
      title: strings.nav.queue,
      query,
      result,
      options,
      statuses: ["open", ...PROPOSAL_STATUSES],
      activeFilters: activeFilters(query, options.departments),
      pageLink: (n: number) => `/console/queue${queueQueryString(query, { page: n })}`,
      exportLink: (format: string) => `/console/export.${format}${queueQueryString(query, { page: undefined })}`,
    });
  });

  scope.get<{ Params: { format: string } }>("/export.:format", async (request, reply) => {
    const format = request.params.format === "xlsx" ? "xlsx" : request.params.format === "csv" ? "csv" : null;
    if (!format) return reply.callNotFound();
    const actor = sessionOf(request).actor;
    const { filter } = queueFilter(QueueQuery.parse(request.query ?? {}));
    const now = deps.clock.now();
    const rows = await exportProposals({ db: deps.db, actor, filter, format, mask: strings.mask, now });
    const name = `kien-nghi-${formats.isoDay(now)}.${format}`;
    reply.header("content-disposition", `attachment; filename="${name}"`);
    if (format === "csv") return reply.type("text/csv; charset=utf-8").send(toCsv(rows));
    return reply.type("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet").send(await toXlsx(rows));
  });
}
