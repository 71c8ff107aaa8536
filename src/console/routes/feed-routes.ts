// The "Nguồn cấp" section of the Cơ hội page: the feeds of opportunities (iCal, RSS, Atom) with
// their status, last fetch and its result; adding one (a refused address comes back with what was
// typed and one sentence), pausing and resuming, deleting, and "Lấy ngay". Each action is one use
// case of src/announcements/feeds/; every text is from prompts/ (feeds.*), in Vietnamese like the
// rest of the console.
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { FEED_MAX_BYTES, FEED_TIMEOUT_MS, fetchFeedNow } from "../../announcements/feeds/import-feed.ts";
import type { FeedResult } from "../../announcements/feeds/feed-result.ts";
import { addFeed, listFeeds, removeFeed, setFeedPaused } from "../../announcements/feeds/manage-feeds.ts";
import { isAppError } from "../../errors.ts";
import { defaultTopics } from "../../knowledge/topics.ts";
import { assertCan } from "../../staff/staff-scope.ts";
import { sessionOf } from "../auth/guard.ts";
import type { ConsoleDeps } from "../deps.ts";
import { formOf } from "../forms.ts";
import { formats } from "../render.ts";

type IdParams = { Params: { id: string } };

/** What the add form sent back after a refusal. */
export interface FeedFormState {
  values: Record<string, string>;
  error: string;
}

const FLASHES = ["added", "paused", "resumed", "deleted", "fetched", "busy"];
const URL_REASONS = ["required", "url", "scheme", "credentials", "long", "address", "host", "duplicate"];

/** The Vietnamese console texts for feeds. */
const textsOf = (deps: ConsoleDeps) => (key: string, vars: Record<string, string | number> = {}) => deps.prompts.t("vi", `feeds.${key}`, vars);

/** One line saying what the last fetch did, and the first refused items with the field and reason. */
export function describeFeedResult(deps: ConsoleDeps, result: FeedResult | null, refusalText: (field: string, reason: string) => string): { summary: string; problems: string[] } {
  const t = textsOf(deps);
  if (!result) return { summary: "", problems: [] };
  if (result.outcome === "not_modified") return { summary: t("notModified"), problems: [] };
  if (result.outcome === "failed") {
    const reason = t(`failure.${result.reason}`, { seconds: FEED_TIMEOUT_MS / 1000, megabytes: FEED_MAX_BYTES / 1024 / 1024, status: result.status ?? "" });
    return { summary: t("failed", { reason }), problems: [] };
  }
  return {
    summary: t("imported", { items: result.items, added: result.added, updated: result.updated, unchanged: result.unchanged, duplicates: result.duplicates, expired: result.expired, refused: result.refused }),
    problems: result.problems.map((p) => t("problem", { title: p.title, reason: refusalText(p.field, p.reason) })),
  };
}

/** The section's data for the opportunities page. */
export async function feedSection(deps: ConsoleDeps, request: FastifyRequest, refusalText: (field: string, reason: string) => string, form?: FeedFormState) {
  const t = textsOf(deps);
  const rows = await listFeeds(deps.db, deps.clock.now());
  const flashKey = (request.query as Record<string, unknown>).feed;
  return {
    intro: t("intro", { minutes: deps.config.feeds.pollMinutes }),
    flash: typeof flashKey === "string" && FLASHES.includes(flashKey) ? t(`flash.${flashKey}`) : null,
    form: form ?? { values: { kind: "event" }, error: null },
    feeds: rows.map((f) => ({
      id: f.id,
      url: f.url,
      active: f.active,
      kindLabel: deps.prompts.t("vi", `opportunities.kinds.${f.kind}`),
      place: f.place,
      lastFetched: f.lastFetchedAt ? formats.dateTime(f.lastFetchedAt) : t("never"),
      current: t("current", { count: f.current }),
      ...describeFeedResult(deps, f.result, refusalText),
    })),
  };
}

/** The add form's refusal as one sentence. */
function refusal(deps: ConsoleDeps, field: string, reason: string): string {
  const t = textsOf(deps);
  if (field === "url") return t(`refused.${URL_REASONS.includes(reason) ? reason : "url"}`);
  if (field === "topics") return t("refused.topics");
  if (field === "place") return t("refused.place");
  return t("refused.kind");
}

export function registerFeedRoutes(
  scope: FastifyInstance,
  deps: ConsoleDeps,
  /** Renders the opportunities page with the add form as it was sent and the refusal. */
  listPage: (request: FastifyRequest, reply: FastifyReply, form: FeedFormState, status: number) => Promise<FastifyReply>,
): void {
  const { db, clock } = deps;
  const topicCodes = new Set(defaultTopics().codes());
  const notices = { prompts: deps.prompts, publicBaseUrl: deps.config.publicBaseUrl };
  const settings = { allowPrivate: deps.config.feeds.allowPrivateAddresses };
  const actorOf = (request: FastifyRequest) => {
    const actor = sessionOf(request).actor;
    assertCan(actor, "triage");
    return actor;
  };
  const back = (reply: FastifyReply, flash: string) => reply.redirect(`/console/opportunities?feed=${flash}#feeds`, 303);

  scope.post("/opportunities/feeds", async (request, reply) => {
    const actor = actorOf(request);
    const values = formOf(request.body);
    try {
      await addFeed({ db, actor, input: { url: values.url ?? "", kind: values.kind ?? "", place: values.place ?? "", topics: values.topics ?? "" }, topics: topicCodes, now: clock.now(), allowPrivate: settings.allowPrivate });
      return back(reply, "added");
    } catch (err) {
      if (isAppError(err, "bad_request", "conflict")) {
        return listPage(request, reply, { values, error: refusal(deps, String(err.detail?.field ?? "url"), String(err.detail?.reason ?? "")) }, 400);
      }
      throw err;
    }
  });

  scope.post<IdParams>("/opportunities/feeds/:id/pause", async (request, reply) => {
    await setFeedPaused({ db, actor: actorOf(request), id: request.params.id, paused: true, now: clock.now() });
    return back(reply, "paused");
  });

  scope.post<IdParams>("/opportunities/feeds/:id/resume", async (request, reply) => {
    await setFeedPaused({ db, actor: actorOf(request), id: request.params.id, paused: false, now: clock.now() });
    return back(reply, "resumed");
  });

  scope.post<IdParams>("/opportunities/feeds/:id/delete", async (request, reply) => {
    await removeFeed({ db, actor: actorOf(request), id: request.params.id });
    return back(reply, "deleted");
  });

  scope.post<IdParams>("/opportunities/feeds/:id/fetch", async (request, reply) => {
    const actor = actorOf(request);
    try {
      await fetchFeedNow({ db, actor, id: request.params.id, now: clock.now(), topics: topicCodes, notices, settings });
    } catch (err) {
      if (isAppError(err, "conflict")) return back(reply, "busy");
      throw err;
    }
    deps.log.info({ feedId: request.params.id }, "opportunity feed fetched from the console");
    for (const channel of ["telegram", "zalo", "web"]) deps.events?.emit("outboxWritten", { channel });
    return back(reply, "fetched");
  });
}
