// GET /privacy: the full privacy notice (prompts/privacy-notice.vi.md) as a small HTML page. The
// short notice shown on first contact links here and records which version the user saw.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { FastifyInstance } from "fastify";
import { escapeHtml } from "../../http/html.ts";

/** Bump when the notice changes: users see the short notice again and the new version is recorded. */
export const PRIVACY_NOTICE_VERSION = "2026-12-06";

const noticeFile = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../prompts/privacy-notice.vi.md");

/** The few Markdown forms the notice uses: headings, bullet lists, paragraphs, **bold**, `code`. */
export function renderNotice(markdown: string): string {
  const inline = (s: string) =>
    escapeHtml(s).replace(/\*\*(.+?)\*\*/g, "<strong>$1</strong>").replace(/`(.+?)`/g, "<code>$1</code>");
  const out: string[] = [];
  let list = false;
  for (const line of markdown.split("\n")) {
    const item = /^- (.*)$/.exec(line);
    if (!item && list) {
      out.push("</ul>");
      list = false;
    }
    const heading = /^(#{1,3}) (.*)$/.exec(line);
    if (heading) out.push(`<h${heading[1]!.length}>${inline(heading[2]!)}</h${heading[1]!.length}>`);
    else if (item) {
      if (!list) out.push("<ul>");
      list = true;
      out.push(`<li>${inline(item[1]!)}</li>`);
    } else if (line.trim()) out.push(`<p>${inline(line)}</p>`);
  }
  if (list) out.push("</ul>");
  return out.join("\n");
}

/**
 * Lines starting with "?remote: " are shown only when question text goes to a remote language
 * model or embedding endpoint (`remoteHosts`, from the configuration), with {remoteHosts} filled in.
 */
export function remoteLines(markdown: string, remoteHosts: readonly string[]): string {
  return markdown
    .split("\n")
    .flatMap((line) => (line.startsWith("?remote: ") ? (remoteHosts.length ? [line.slice(9).replaceAll("{remoteHosts}", remoteHosts.join(", "))] : []) : [line]))
    .join("\n");
}

export function registerPrivacyPage(app: FastifyInstance, opts: { orgName: string; retentionDays: number; remoteHosts?: readonly string[] }): void {
  const markdown = remoteLines(readFileSync(noticeFile, "utf8"), opts.remoteHosts ?? [])
    .replaceAll("{version}", PRIVACY_NOTICE_VERSION)
    .replaceAll("{orgName}", opts.orgName)
    .replaceAll("{days}", String(opts.retentionDays));
  const page = `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Thông báo về xử lý dữ liệu cá nhân</title><link rel="stylesheet" href="/chat/assets/chat.css"></head>
<body><main class="notice">${renderNotice(markdown)}</main></body></html>`;
  app.get("/privacy", async (_request, reply) => reply.header("content-type", "text/html; charset=utf-8").send(page));
}
