// HTML to readable text for the index, used for .html uploads and for .docx (which mammoth turns
// into HTML): page furniture and scripts dropped, headings kept as Markdown "#" lines so the
// chunker can follow them. Pure string work: nothing the page references is ever fetched.

import { convert, type FormatCallback, type HtmlToTextOptions } from "html-to-text";

const heading =
  (level: number): FormatCallback =>
  (elem, walk, builder) => {
    builder.openBlock({ leadingLineBreaks: 2 });
    walk(elem.children ?? [], builder);
    builder.closeBlock({
      trailingLineBreaks: 2,
      blockTransform: (text) => {
        const line = text.replace(/\s+/g, " ").trim();
        return line ? `${"#".repeat(level)} ${line}` : "";
      },
    });
  };

const SKIPPED = [
  "script", "style", "noscript", "template", "nav", "iframe", "frame", "object", "embed", "svg", "canvas",
  "img", "picture", "video", "audio", "source", "track", "map", "form", "button", "select", "input", "textarea",
];

const OPTIONS: HtmlToTextOptions = {
  wordwrap: false,
  formatters: {
    heading1: heading(1),
    heading2: heading(2),
    heading3: heading(3),
    heading4: heading(4),
    heading5: heading(5),
    heading6: heading(6),
  },
  selectors: [
    ...SKIPPED.map((selector) => ({ selector, format: "skip" })),
    { selector: "a", options: { ignoreHref: true } },
    { selector: "h1", format: "heading1" },
    { selector: "h2", format: "heading2" },
    { selector: "h3", format: "heading3" },
    { selector: "h4", format: "heading4" },
    { selector: "h5", format: "heading5" },
    { selector: "h6", format: "heading6" },
    { selector: "ul", options: { itemPrefix: "- " } },
    { selector: "hr", format: "skip" },
    // Layout tables are common on government sites; render every table as rows of cells.
    { selector: "table", format: "dataTable", options: { uppercaseHeaderCells: false, maxColumnWidth: 200, colSpacing: 3 } },
  ],
};

export function htmlToText(html: string): string {
  return convert(html, OPTIONS);
}

/** The page's <title>, entities decoded, if it has a non-empty one. */
export function htmlTitle(html: string): string | undefined {
  const inner = /<title[^>]*>([\s\S]*?)<\/title\s*>/i.exec(html)?.[1];
  if (!inner) return undefined;
  const title = convert(inner, { wordwrap: false }).replace(/\s+/g, " ").trim();
  return title || undefined;
}

/** The charset an HTML page declares in a <meta> tag, to decode pages that are not UTF-8. */
export function declaredCharset(bytes: Uint8Array): string | undefined {
  const head = new TextDecoder("latin1").decode(bytes.subarray(0, 4096));
  return /<meta[^>]+charset\s*=\s*["']?([\w-]+)/i.exec(head)?.[1]?.toLowerCase();
}
