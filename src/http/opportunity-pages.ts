// The public page of opportunities, no sign-in: /co-hoi lists the current ones (src/announcements/
// public-opportunity.ts decides what is public), filtered by kind, place, age and audience through the
// query string (?kind=job&place=rach+gia&age=17&audience=nghia-vu-quan-su) with a plain GET form, so it
// works without JavaScript, PER_PAGE a page with a pager that keeps the filters and the language. An
// age or audience that is not one is ignored with a note saying so, never silently. Server-rendered,
// no script, no inline style, under the pages' Content-Security-Policy. Vietnamese, English at ?lang=en.
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { AGE_MAX, AGE_MIN, AUDIENCE_GROUPS, AUDIENCE_TOPIC, groupOfTopic, groupsOfTopics, isAudienceTopic, parseAge } from "../announcements/audience-words.ts";
import { currentPlaces } from "../announcements/find-opportunities.ts";
import { placeKeyOf } from "../announcements/opportunity-input.ts";
import { ONLINE, OPPORTUNITY_KINDS } from "../announcements/opportunity-status.ts";
import { listPublicOpportunities, type PublicOpportunity } from "../announcements/public-opportunity.ts";
import type { Clock } from "../clock.ts";
import type { Db } from "../db/client.ts";
import type { Locale, Prompts } from "../prompts.ts";
import { formatVietnamDate } from "../vietnam-time.ts";
import { escapeHtml, publicPage } from "./html.ts";
import { pagesRefusal, type RateCounter } from "./rate-limit.ts";

/** A filter that does not parse is dropped, not refused: an old link still opens the page. */
export const OpportunityQuery = z.object({
  lang: z.enum(["vi", "en"]).catch("vi"),
  kind: z.enum(OPPORTUNITY_KINDS).optional().catch(undefined),
  place: z.string().trim().max(100).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).optional().catch(undefined),
  /** Read by hand (audienceOfQuery): a wrong one is named on the page rather than dropped silently. */
  age: z.string().max(20).optional().catch(undefined),
  audience: z.string().max(60).optional().catch(undefined),
});

/** The age and audience asked for, and the values typed that were not one (shown as ignored). */
function audienceOfQuery(q: { age?: string | undefined; audience?: string | undefined }) {
  const ageText = q.age?.trim() ?? "";
  const audienceText = q.audience?.trim() ?? "";
  const age = ageText ? parseAge(ageText) : undefined;
  const audience = audienceText && isAudienceTopic(audienceText) ? audienceText : undefined;
  return {
    age,
    audience,
    ignored: { ...(ageText && age === undefined ? { age: ageText } : {}), ...(audienceText && !audience ? { audience: audienceText } : {}) },
  };
}

const PER_PAGE = 30;

export interface OpportunityPagesDeps {
  db: Db;
  prompts: Prompts;
  clock: Clock;
  /** The per-address counter of the public pages (PUBLIC_PAGES_RATE_PER_IP_PER_MINUTE): the page runs several queries. */
  publicReads: RateCounter;
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export function renderOpportunityPage(
  prompts: Prompts,
  locale: Locale,
  data: {
    items: PublicOpportunity[];
    total: number;
    page: number;
    places: { place: string; placeKey: string }[];
    kind?: string | undefined;
    placeKey?: string | undefined;
    age?: number | undefined;
    /** An audience topic (audience-words.ts). */
    audience?: string | undefined;
    /** What was typed for the age or the audience and ignored. */
    ignored?: { age?: string; audience?: string };
  },
): string {
  const t = (key: string, vars?: Record<string, string | number>) => escapeHtml(prompts.t(locale, `opportunitiesPage.${key}`, vars));
  const kindName = (k: string) => escapeHtml(prompts.t(locale, `opportunities.kinds.${k}`));
  const placeName = (p: { place: string; placeKey: string }) => (p.placeKey === ONLINE ? t("online") : escapeHtml(p.place));
  const groupName = (g: string) => escapeHtml(prompts.t(locale, `opportunities.audiences.${g}`));
  const ages = (o: PublicOpportunity) =>
    o.ageMin !== null && o.ageMax !== null ? t("agesRange", { min: o.ageMin, max: o.ageMax }) : o.ageMin !== null ? t("agesFrom", { min: o.ageMin }) : o.ageMax !== null ? t("agesTo", { max: o.ageMax }) : "";
  const card = (o: PublicOpportunity) => {
    const facts = [
      [t("organiser"), escapeHtml(o.organiser)],
      [t("place"), placeName(o)],
      [t("starts"), o.startsAt ? formatVietnamDate(o.startsAt) : ""],
      [t("ends"), o.endsAt ? formatVietnamDate(o.endsAt) : ""],
      [t("deadline"), o.deadline ? formatVietnamDate(o.deadline) : ""],
      [t("ages"), ages(o)],
      [t("audience"), groupsOfTopics(o.topics).map(groupName).join("; ")],
      [t("contact"), o.contact ? escapeHtml(o.contact) : ""],
    ].filter(([, v]) => v);
    return `  <li class="card"><h2>${escapeHtml(o.title)}</h2>
  <p>${kindName(o.kind)} · <strong>${t(`status${capital(o.status)}`)}</strong></p>
  <ul>${facts.map(([k, v]) => `<li>${k}: ${v}</li>`).join("")}</ul>
  ${o.link ? `<p><a href="${escapeHtml(o.link)}" rel="noopener noreferrer">${t("link")}</a></p>` : ""}</li>`;
  };
  const option = (value: string, label: string, selected: boolean) => `<option value="${escapeHtml(value)}"${selected ? " selected" : ""}>${label}</option>`;
  const form = `<form method="get" action="/co-hoi">
${locale === "en" ? '<input type="hidden" name="lang" value="en">' : ""}
<label>${t("kind")} <select name="kind">${option("", t("allKinds"), !data.kind)}${OPPORTUNITY_KINDS.map((k) => option(k, kindName(k), data.kind === k)).join("")}</select></label>
<label>${t("place")} <select name="place">${option("", t("allPlaces"), !data.placeKey)}${data.places.map((p) => option(p.placeKey, placeName(p), data.placeKey === p.placeKey)).join("")}</select></label>
<label>${t("audience")} <select name="audience">${option("", t("allAudiences"), !data.audience)}${AUDIENCE_GROUPS.map((g) => option(AUDIENCE_TOPIC[g], groupName(g), data.audience === AUDIENCE_TOPIC[g])).join("")}</select></label>
<label>${t("age")} <input type="number" name="age" min="${AGE_MIN}" max="${AGE_MAX}" step="1" value="${data.age ?? ""}"></label>
<button type="submit">${t("filter")}</button>
</form>`;
  // The audience filter is always named above the list, and what was ignored is said.
  const group = data.audience ? groupOfTopic(data.audience) : undefined;
  const applied = [
    group ? escapeHtml(prompts.t(locale, "opportunities.forGroup", { group: prompts.t(locale, `opportunities.audiences.${group}`) })) : "",
    data.age !== undefined ? escapeHtml(prompts.t(locale, "opportunities.forAge", { age: data.age })) : "",
  ].filter(Boolean);
  const notes = [
    applied.length ? `<p class="hint">${t("filteredBy", { filters: applied.join(", ") })} ${escapeHtml(prompts.t(locale, "opportunities.audienceOrder"))}</p>` : "",
    data.ignored?.age !== undefined ? `<p class="hint">${t("ignoredAge", { value: data.ignored.age.slice(0, 20), min: AGE_MIN, max: AGE_MAX })}</p>` : "",
    data.ignored?.audience !== undefined ? `<p class="hint">${t("ignoredAudience", { value: data.ignored.audience.slice(0, 60) })}</p>` : "",
  ].filter(Boolean);
  const alternate = locale === "en" ? "/co-hoi" : "/co-hoi?lang=en";
  const pages = Math.ceil(data.total / PER_PAGE);
  const pageLink = (page: number) => {
    const q = new URLSearchParams();
    if (locale === "en") q.set("lang", "en");
    if (data.kind) q.set("kind", data.kind);
    if (data.placeKey) q.set("place", data.placeKey);
    if (data.audience) q.set("audience", data.audience);
    if (data.age !== undefined) q.set("age", String(data.age));
    q.set("page", String(page));
    return escapeHtml(`/co-hoi?${q.toString()}`);
  };
  const pager =
    pages > 1
      ? `<nav class="pager" aria-label="${t("pages")}">
${data.page > 1 ? `<a href="${pageLink(Math.min(data.page - 1, pages))}" rel="prev">${t("previous")}</a>` : ""}
<span>${t("pageOf", { page: data.page, pages })}</span>
${data.page < pages ? `<a href="${pageLink(data.page + 1)}" rel="next">${t("next")}</a>` : ""}
</nav>`
      : "";
  const body = `<h1>${t("title")}</h1>
<p class="lead">${t("intro")}</p>
${form}
${notes.join("\n")}
${data.items.length ? `<ul class="cards">\n${data.items.map(card).join("\n")}\n</ul>` : `<p>${t("none")}</p>`}
${pager}
<p>${t("askInChat")} <a class="cta" href="/chat">/chat</a></p>
<p><a href="${alternate}">${t("otherLanguage")}</a></p>`;
  return publicPage({ locale, title: t("title"), body, alternate });
}

export function registerOpportunityPages(app: FastifyInstance, deps: OpportunityPagesDeps): void {
  const preHandler = deps.publicReads.refuse(pagesRefusal(deps.prompts, deps.publicReads.rule.max));
  app.get("/co-hoi", { preHandler }, async (request, reply) => {
    const q = OpportunityQuery.parse(request.query ?? {});
    const now = deps.clock.now();
    const placeKey = q.place ? placeKeyOf(q.place) : undefined;
    const { age, audience, ignored } = audienceOfQuery(q);
    const filter = { kinds: q.kind ? [q.kind] : undefined, placeKey, age, audience };
    const [{ items, total }, places] = await Promise.all([
      listPublicOpportunities(deps.db, now, filter, { skip: ((q.page ?? 1) - 1) * PER_PAGE, take: PER_PAGE }),
      currentPlaces(deps.db, now),
    ]);
    const html = renderOpportunityPage(deps.prompts, q.lang, { items, total, page: q.page ?? 1, places, kind: q.kind, placeKey, age, audience, ignored });
    return reply.header("content-type", "text/html; charset=utf-8").header("content-language", q.lang).header("cache-control", "public, max-age=60").send(html);
  });
}
