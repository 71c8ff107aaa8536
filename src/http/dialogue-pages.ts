// The public pages of dialogue rounds, no sign-in: /doi-thoai (every round), /doi-thoai/<slug> (the
// plan before; the questions being voted on with their votes during; after the meeting the
// selected questions with the approved answers and the conclusions) and the Atom feed
// /doi-thoai/feed.xml. Server-rendered, no script, no inline style, so they work without
// JavaScript and under the pages' Content-Security-Policy. What is public is decided in one place,
// src/dialogue/public-round.ts; this module only renders it. Vietnamese, English at ?lang=en.
// Limited per client address (PUBLIC_PAGES_RATE_PER_IP_PER_MINUTE, shared with /co-hoi and the API's twins).
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { Clock } from "../clock.ts";
import type { Db } from "../db/client.ts";
import { getPublicRound, listPublicRounds, type PublicRound, type PublicRoundSummary } from "../dialogue/public-round.ts";
import type { Locale, Prompts } from "../prompts.ts";
import { formatVietnamDate, formatVietnamDateTime } from "../vietnam-time.ts";
import { escapeHtml, publicPage } from "./html.ts";
import { pagesRefusal, type RateCounter } from "./rate-limit.ts";

const PageQuery = z.object({ lang: z.enum(["vi", "en"]).catch("vi") });
const SlugParam = z.object({ slug: z.string().regex(/^[a-z0-9-]{1,80}$/) });

export interface DialoguePagesDeps {
  db: Db;
  prompts: Prompts;
  clock: Clock;
  /** PUBLIC_BASE_URL, for the absolute links an Atom feed needs; the request's host otherwise. */
  publicBaseUrl?: string | undefined;
  /** The per-address counter of the public pages (PUBLIC_PAGES_RATE_PER_IP_PER_MINUTE): each page runs several queries. */
  publicReads: RateCounter;
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function words(prompts: Prompts, locale: Locale) {
  const t = (key: string, vars?: Record<string, string | number>) => escapeHtml(prompts.t(locale, `dialoguePage.${key}`, vars));
  return { t, day: formatVietnamDate, time: formatVietnamDateTime, kind: (k: string) => t(`kind${capital(k)}`), status: (s: string) => t(`status${capital(s)}`) };
}

function page(locale: Locale, title: string, body: string, alternate: string): string {
  return publicPage({ locale, title, body, alternate, head: `\n<link rel="alternate" type="application/atom+xml" href="/doi-thoai/feed.xml">` });
}

function planList(w: ReturnType<typeof words>, r: PublicRoundSummary): string {
  return `<ul>
  <li>${w.t("collect")}: ${w.day(r.collectFrom)} – ${w.day(r.collectUntil)}</li>
  <li>${w.t("vote")}: ${w.day(r.voteFrom)} – ${w.day(r.voteUntil)}</li>
  <li>${w.t("meeting")}: ${w.time(r.meetingAt)}</li>
  <li>${w.t("answersDue")}: ${w.day(r.answersDue)}</li>
</ul>`;
}

export function renderRoundIndex(prompts: Prompts, locale: Locale, rounds: PublicRoundSummary[]): string {
  const w = words(prompts, locale);
  const q = locale === "en" ? "?lang=en" : "";
  const items = rounds
    .map(
      (r) => `  <li class="card"><h2><a href="/doi-thoai/${escapeHtml(r.slug)}${q}">${escapeHtml(r.title)}</a></h2>
  <p>${w.kind(r.kind)}${r.organiser ? ` · ${escapeHtml(r.organiser)}` : ""} · <strong>${w.status(r.status)}</strong></p>
  ${planList(w, r)}</li>`,
    )
    .join("\n");
  const body = `<h1>${w.t("indexTitle")}</h1>
<p class="lead">${w.t("indexLead")}</p>
${rounds.length ? `<ul class="cards">\n${items}\n</ul>` : `<p>${w.t("none")}</p>`}
<p><a href="/doi-thoai/feed.xml">${w.t("feed")}</a> · <a href="${locale === "en" ? "/doi-thoai" : "/doi-thoai?lang=en"}">${w.t("otherLanguage")}</a></p>`;
  return page(locale, w.t("indexTitle"), body, locale === "en" ? "/doi-thoai" : "/doi-thoai?lang=en");
}

export function renderRoundPage(prompts: Prompts, locale: Locale, r: PublicRound): string {
  const w = words(prompts, locale);
  const after = r.status === "held" || r.status === "concluded";
  const question = (x: PublicRound["questions"][number]) =>
    after
      ? `  <li class="card"><p><strong>${escapeHtml(x.summary)}</strong></p>
  <p>${x.department ? w.t("answeredBy", { department: x.department }) : ""}</p>
  <p>${x.answer ? escapeHtml(x.answer) : w.t("noAnswer")}</p></li>`
      : `  <li class="card"><p>${escapeHtml(x.summary)}</p><p>${w.t("votes", { n: x.votes })}${x.onAgenda ? ` · ${w.t("onAgenda")}` : ""}</p></li>`;
  const questions =
    r.status === "voting" || r.status === "preparing" || after
      ? `<section>
<h2>${after ? w.t("agendaTitle") : w.t("votingTitle")}</h2>
<p class="hint">${w.t("anonymised")}</p>
${r.questions.length ? `<ol>\n${r.questions.map(question).join("\n")}\n</ol>` : `<p>${w.t("noQuestions")}</p>`}
</section>`
      : "";
  const how = r.status === "collecting" ? w.t("howToAsk") : r.status === "voting" ? w.t("howToVote") : "";
  const conclusions = after
    ? `<section>
<h2>${w.t("conclusions")}</h2>
${r.conclusions ? r.conclusions.split(/\n+/).map((p) => `<p>${escapeHtml(p)}</p>`).join("\n") : `<p>${w.t("noConclusions")}</p>`}
</section>`
    : "";
  const q = locale === "en" ? "?lang=en" : "";
  const body = `<p><a href="/doi-thoai${q}">${w.t("back")}</a></p>
<h1>${escapeHtml(r.title)}</h1>
<p>${w.kind(r.kind)}${r.organiser ? ` · ${w.t("organiser")}: ${escapeHtml(r.organiser)}` : ""} · <strong>${w.status(r.status)}</strong></p>
<section>
<h2>${w.t("plan")}</h2>
${planList(w, r)}
${r.topics.length ? `<p>${w.t("topics")}: ${r.topics.map(escapeHtml).join("; ")}</p>` : ""}
${how ? `<p>${how} <a class="cta" href="/chat">${w.t("askLink")}</a></p>` : ""}
</section>
${questions}
${conclusions}`;
  const alternate = `/doi-thoai/${escapeHtml(r.slug)}${locale === "en" ? "" : "?lang=en"}`;
  return page(locale, escapeHtml(r.title), body, alternate);
}

/** A mistyped or old /doi-thoai/<slug>: a page saying so, with the way to the list of rounds. */
export function renderRoundNotFound(prompts: Prompts, locale: Locale): string {
  const w = words(prompts, locale);
  const q = locale === "en" ? "?lang=en" : "";
  const body = `<h1>${w.t("notFoundTitle")}</h1>
<p class="lead">${w.t("notFound")}</p>
<p><a class="cta" href="/doi-thoai${q}">${w.t("back")}</a></p>`;
  return page(locale, w.t("notFoundTitle"), body, locale === "en" ? "/doi-thoai" : "/doi-thoai?lang=en");
}

const xml = (s: string) => escapeHtml(s);

/** One Atom entry per round, updated when its plan or conclusions change. */
export function renderRoundFeed(prompts: Prompts, rounds: PublicRoundSummary[], base: string, now: Date): string {
  const w = words(prompts, "vi");
  const updated = rounds.reduce((latest, r) => (r.updatedAt > latest ? r.updatedAt : latest), rounds[0]?.updatedAt ?? now);
  const entries = rounds
    .map((r) => {
      const url = `${base}/doi-thoai/${r.slug}`;
      const text = `${prompts.t("vi", `dialoguePage.status${capital(r.status)}`)}. ${prompts.t("vi", "dialoguePage.meeting")}: ${w.time(r.meetingAt)}.`;
      return `  <entry>
    <id>${xml(url)}</id>
    <title>${xml(r.title)}</title>
    <link rel="alternate" type="text/html" href="${xml(url)}"/>
    <updated>${r.updatedAt.toISOString()}</updated>
    <summary>${xml(text)}</summary>
  </entry>`;
    })
    .join("\n");
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="vi">
  <id>${xml(`${base}/doi-thoai`)}</id>
  <title>${xml(prompts.t("vi", "dialoguePage.indexTitle"))}</title>
  <link rel="self" type="application/atom+xml" href="${xml(`${base}/doi-thoai/feed.xml`)}"/>
  <link rel="alternate" type="text/html" href="${xml(`${base}/doi-thoai`)}"/>
  <updated>${updated.toISOString()}</updated>
${entries}
</feed>
`;
}

export function registerDialoguePages(app: FastifyInstance, deps: DialoguePagesDeps): void {
  const html = "text/html; charset=utf-8";
  const preHandler = deps.publicReads.refuse(pagesRefusal(deps.prompts, deps.publicReads.rule.max));
  app.get("/doi-thoai", { preHandler }, async (request, reply) => {
    const { lang } = PageQuery.parse(request.query ?? {});
    const rounds = await listPublicRounds(deps.db, deps.clock.now());
    return reply.header("content-type", html).header("content-language", lang).header("cache-control", "public, max-age=60").send(renderRoundIndex(deps.prompts, lang, rounds));
  });
  app.get("/doi-thoai/feed.xml", { preHandler }, async (request, reply) => {
    const base = (deps.publicBaseUrl ?? `${request.protocol}://${request.host}`).replace(/\/+$/, "");
    const rounds = await listPublicRounds(deps.db, deps.clock.now());
    return reply.header("content-type", "application/atom+xml; charset=utf-8").header("cache-control", "public, max-age=300").send(renderRoundFeed(deps.prompts, rounds, base, deps.clock.now()));
  });
  app.get("/doi-thoai/:slug", { preHandler }, async (request, reply) => {
    const { lang } = PageQuery.parse(request.query ?? {});
    const params = SlugParam.safeParse(request.params);
    const round = params.success ? await getPublicRound(deps.db, params.data.slug, deps.clock.now()) : null;
    if (!round) {
      // People follow these links from posters and shares: a page, not the API's JSON error.
      return reply.status(404).header("content-type", html).header("content-language", lang).header("cache-control", "no-store").send(renderRoundNotFound(deps.prompts, lang));
    }
    return reply.header("content-type", html).header("content-language", lang).header("cache-control", "public, max-age=60").send(renderRoundPage(deps.prompts, lang, round));
  });
}
