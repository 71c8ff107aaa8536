// GET /: the front door. A small server-rendered page that says what the assistant is for, sends
// people to the web chat ("Hỏi ngay"), to Telegram and Zalo when those links are configured, to the
// privacy notice, and staff to the console sign-in. Vietnamese, with an English version at
// /?lang=en. No script: it works without JavaScript and under the pages' Content-Security-Policy
// (http/security-headers.ts).
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { escapeHtml } from "../../http/html.ts";
import type { Locale, Prompts } from "../../prompts.ts";

/** PUBLIC_TELEGRAM_URL / PUBLIC_ZALO_URL (https only, checked in config.ts); unset: no link. */
export interface PublicLinks {
  telegram: string | undefined;
  zalo: string | undefined;
}

/** The one query parameter; an unknown language shows the Vietnamese page rather than an error. */
export const FrontDoorQuery = z.object({ lang: z.enum(["vi", "en"]).catch("vi") });

/** What the assistant helps with, in the order of the coordination regulation's areas. */
const AREAS = ["laws", "jobs", "startup", "health", "proposals"] as const;

export function renderFrontDoor(prompts: Prompts, locale: Locale, links: PublicLinks): string {
  const t = (key: string) => escapeHtml(prompts.t(locale, `frontDoor.${key}`));
  const other: Locale = locale === "vi" ? "en" : "vi";
  const elsewhere = [
    links.telegram ? `<a class="platform" href="${escapeHtml(links.telegram)}" rel="noopener">${t("telegram")}</a>` : "",
    links.zalo ? `<a class="platform" href="${escapeHtml(links.zalo)}" rel="noopener">${t("zalo")}</a>` : "",
  ].filter(Boolean);
  const areas = AREAS.map(
    (area) => `    <li class="card"><h3>${t(`${area}.title`)}</h3><p>${t(`${area}.text`)}</p></li>`,
  ).join("\n");
  return `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${t("title")}</title>
<meta name="description" content="${t("lead")}">
<link rel="alternate" hreflang="${other}" href="${other === "vi" ? "/" : "/?lang=en"}">
<link rel="stylesheet" href="/chat/assets/chat.css">
</head>
<body class="home-page">
<header class="home-bar">
  <a href="${other === "vi" ? "/" : "/?lang=en"}" lang="${other}" hreflang="${other}">${t("otherLanguage")}</a>
</header>
<main class="home">
  <section class="hero" aria-labelledby="home-title">
    <h1 id="home-title">${t("heading")}</h1>
    <p class="lead">${t("lead")}</p>
    <p><a class="cta" href="/chat">${t("ask")}</a></p>
    <p class="hint">${t("askHint")}</p>
${elsewhere.length ? `    <p class="elsewhere">${t("elsewhere")} ${elsewhere.join(" ")}</p>\n` : ""}  </section>
  <section aria-labelledby="home-what">
    <h2 id="home-what">${t("whatTitle")}</h2>
    <ul class="cards">
${areas}
    </ul>
  </section>
  <section aria-labelledby="home-how">
    <h2 id="home-how">${t("howTitle")}</h2>
    <p>${t("how")}</p>
  </section>
</main>
<footer class="home-foot">
  <a href="/privacy">${t("privacy")}</a>
  <a class="staff" href="/console/login">${t("staff")}</a>
</footer>
</body>
</html>`;
}

export function registerFrontDoor(app: FastifyInstance, opts: { prompts: Prompts; links: PublicLinks }): void {
  // The page changes only with the configuration, so each language is rendered once.
  const pages: Record<Locale, string> = {
    vi: renderFrontDoor(opts.prompts, "vi", opts.links),
    en: renderFrontDoor(opts.prompts, "en", opts.links),
  };
  app.get("/", async (request, reply) => {
    const { lang } = FrontDoorQuery.parse(request.query ?? {});
    return reply
      .header("content-type", "text/html; charset=utf-8")
      .header("content-language", lang)
      .header("cache-control", "public, max-age=300")
      .send(pages[lang]);
  });
  // Browsers ask for /favicon.ico on a first visit; there is no icon, and "nothing" is not an error.
  app.get("/favicon.ico", async (_request, reply) => reply.status(204).header("cache-control", "public, max-age=86400").send());
}
