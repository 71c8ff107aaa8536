// The dashboard: questions per day and the share the bot could not answer, top topics, proposals
// by department and status, answered on time, median time to answer, ratings — for a date range.
// The chart data travels as a JSON block that the console script hands to Chart.js (no inline script).
import { defaultTopics } from "../../knowledge/topics.ts";
import type { FastifyInstance } from "fastify";
import { summarizeActivity } from "../../proposals/summarize-activity.ts";
import { PROPOSAL_STATUSES } from "../../proposals/proposal-status.ts";
import { sessionOf } from "../auth/guard.ts";
import { dateRange } from "../forms.ts";
import type { ConsoleDeps } from "../deps.ts";
import { renderPage } from "../render.ts";
import { strings } from "../strings.ts";

/** JSON safe to place inside <script type="application/json">: no "</script>" can close it. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c").replace(/>/g, "\\u003e").replace(/&/g, "\\u0026");
}

export function registerDashboardRoutes(scope: FastifyInstance, deps: ConsoleDeps): void {
  scope.get("/dashboard", async (request, reply) => {
    const actor = sessionOf(request).actor;
    const range = dateRange(request.query, deps.clock.now());
    const summary = await summarizeActivity({ db: deps.db, actor, from: range.from, to: range.to });
    const charts = {
      perDay: {
        labels: summary.days.map((d) => d.day.slice(8, 10) + "/" + d.day.slice(5, 7)),
        series: [
          { label: strings.charts.answered, data: summary.days.map((d) => d.answered) },
          { label: strings.charts.fallback, data: summary.days.map((d) => d.fallback) },
        ],
      },
      topics: { labels: summary.topTopics.map((t) => defaultTopics().name(t.topic)), series: [{ label: strings.charts.proposals, data: summary.topTopics.map((t) => t.count) }] },
      departments: {
        labels: summary.byDepartment.map((d) => d.departmentName),
        series: PROPOSAL_STATUSES.map((s) => ({ label: strings.status[s] ?? s, data: summary.byDepartment.map((d) => d.counts[s] ?? 0) })),
      },
      ratings: { labels: [strings.charts.helpful, strings.charts.notHelpful], series: [{ label: "", data: [summary.ratings.helpful, summary.ratings.notHelpful] }] },
    };
    return renderPage(request, reply, "dashboard", { title: strings.nav.dashboard, range, summary, chartJson: scriptJson(charts) });
  });
}
