// HTML escaping for server-rendered pages: every piece of user or configuration text goes through it.
const entities: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => entities[c]!);
}

/**
 * The shell of a public page (dialogue rounds, opportunities): the chat's stylesheet, a link to the
 * same page in the other language, `head` for anything more. `title` and `body` are HTML already escaped.
 */
export function publicPage(o: { locale: "vi" | "en"; title: string; body: string; alternate: string; head?: string }): string {
  const other = o.locale === "vi" ? "en" : "vi";
  return `<!doctype html>
<html lang="${o.locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${o.title}</title>
<link rel="stylesheet" href="/chat/assets/chat.css">${o.head ?? ""}
<link rel="alternate" hreflang="${other}" href="${o.alternate}">
</head>
<body class="home-page">
<main class="home">
${o.body}
</main>
</body>
</html>`;
}
