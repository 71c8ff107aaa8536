// Renders the web chat page. Every text comes from prompts/ and is HTML-escaped; the page's
// script and styles are served from /chat/assets, never from a CDN.
import type { Prompts } from "../../prompts.ts";
import { escapeHtml } from "../../http/html.ts";

/**
 * JSON inside a <script> element is not HTML-decoded, so it must not be entity-escaped; escaping
 * "<" as \u003c is what keeps a "</script>" in a label from closing the element.
 */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

export function renderChatPage(prompts: Prompts): string {
  const t = (key: string) => escapeHtml(prompts.t("vi", key));
  const labels = {
    you: prompts.t("vi", "web.you"),
    bot: prompts.t("vi", "web.bot"),
    sending: prompts.t("vi", "web.sending"),
    networkError: prompts.t("vi", "web.networkError"),
  };
  return `<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${t("web.title")}</title>
<link rel="stylesheet" href="/chat/assets/chat.css">
</head>
<body>
<main class="chat">
  <header class="chat-header">
    <h1>${t("web.title")}</h1>
    <p>${t("web.intro")}</p>
  </header>
  <section id="log" class="chat-log" role="log" aria-live="polite" aria-label="${t("web.title")}"></section>
  <form id="composer" class="composer" autocomplete="off">
    <label for="text" class="visually-hidden">${t("web.placeholder")}</label>
    <textarea id="text" name="text" rows="1" maxlength="4000" placeholder="${t("web.placeholder")}" required></textarea>
    <button type="submit">${t("web.send")}</button>
  </form>
</main>
<script type="application/json" id="labels">${scriptJson(labels)}</script>
<script src="/chat/assets/chat.js" defer></script>
</body>
</html>`;
}
