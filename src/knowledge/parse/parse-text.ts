// Text-level work shared by every format: decoding uploaded bytes (refusing binary data),
// normalising to NFC with clean line breaks, and guessing the metadata a plain upload does not
// state (title, kind, legal number) from the text itself.

import type { DocumentKind } from "../document.ts";
import { countArticleLines, isLegalBoilerplate, isStructuralLine } from "../chunk/chunk-law.ts";
import { calmCapitals } from "../chunk/chunk-text.ts";

/** The reason the bytes are not text, or the decoded string. */
export type Decoded = { ok: true; text: string } | { ok: false; reason: string };

export function decodeText(bytes: Uint8Array, fallbackCharset?: string): Decoded {
  // Notepad's "Unicode" is UTF-16 with a byte-order mark; its NUL bytes are not garbage.
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return decodeWith("utf-16le", bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return decodeWith("utf-16be", bytes.subarray(2));
  if (bytes.includes(0)) return { ok: false, reason: "the file contains binary data (NUL bytes), not text" };
  const utf8 = decodeWith("utf-8", bytes);
  if (utf8.ok || !fallbackCharset) return utf8;
  return decodeWith(fallbackCharset, bytes);
}

function decodeWith(label: string, bytes: Uint8Array): Decoded {
  let decoder: { decode(input: Uint8Array): string };
  try {
    decoder = new TextDecoder(label, { fatal: true });
  } catch {
    return { ok: false, reason: `the text encoding "${label}" is not supported; save the file as UTF-8` };
  }
  try {
    return { ok: true, text: decoder.decode(bytes) };
  } catch {
    const name = label === "utf-8" ? "UTF-8" : label;
    return { ok: false, reason: `the file is not valid ${name} text (binary data or another encoding); save it as UTF-8` };
  }
}

const INVISIBLE = /[\u200B\uFEFF\u00AD]/g;
const CONTROL = /[\u0000-\u0008\u000B\u000E-\u001F\u007F]/g;

function normalizeCommon(text: string): string {
  return text
    .normalize("NFC")
    .replace(/\r\n?|[\u2028\u2029\u0085]/g, "\n")
    .replace(/\f/g, "\n\n")
    .replace(INVISIBLE, "")
    .replace(CONTROL, "");
}

/** Markdown keeps its indentation (lists, code); only line ends and blank runs are tidied. */
export function normalizeMarkdown(text: string): string {
  return normalizeCommon(text)
    .replace(/[ \t\u00A0]+$/gm, "")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

/** Extracted text: indentation and runs of spaces carry no meaning, blank lines separate paragraphs. */
export function normalizePlainText(text: string): string {
  return normalizeCommon(text)
    .replace(/[\t\u00A0\u2000-\u200A\u202F\u205F\u3000]/g, " ")
    .split("\n")
    .map((line) => line.replace(/ {2,}/g, " ").trim())
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

// A legal title is split over two lines: the document type alone, then its name.
const DOCUMENT_TYPE_LINE = /^(luật|bộ luật|nghị định|nghị quyết|thông tư|thông tư liên tịch|quyết định|chỉ thị|pháp lệnh|hiến pháp)$/iu;

export function titleFromText(text: string, fileName: string): string {
  const lines = text
    .split("\n")
    .map((line) => line.replace(/^#{1,6}\s+/, "").trim())
    .filter((line) => line.length > 0)
    .slice(0, 30);
  const meaningful = lines.filter((line) => !isLegalBoilerplate(line));
  const first = meaningful[0];
  // A text that starts straight with "Chương I" or "Điều 1." names itself nowhere.
  if (first === undefined || isStructuralLine(first)) return titleFromFileName(fileName);
  const second = meaningful[1];
  if (DOCUMENT_TYPE_LINE.test(first) && second !== undefined) {
    return clip(`${calmCapitals(first)} ${calmCapitals(second)}`);
  }
  return clip(calmCapitals(first));
}

export function titleFromFileName(fileName: string): string {
  const base = fileName.replace(/^.*[\\/]/, "").replace(/\.[^.]*$/, "");
  return base.replace(/[_-]+/g, " ").replace(/\s+/g, " ").trim() || "Tài liệu";
}

function clip(title: string): string {
  return title.length <= 200 ? title : `${title.slice(0, 199).replace(/\s+\S*$/, "")}…`;
}

/** "Luật số: 57/2020/QH14" or "Số: 13/2021/NĐ-CP" near the top of a legal text. */
export function legalNumberFromText(text: string): string | undefined {
  const head = text.slice(0, 3000);
  const match = /^(?:luật |bộ luật |pháp lệnh )?số\s*:\s*([0-9][\p{L}\p{N}./-]*[\p{L}\p{N}])/imu.exec(head);
  return match?.[1];
}

const QUESTION_LINE = /^(?:#{1,6}\s+)?(?:\*\*)?Hỏi(?:\*\*)?\s*:/gmu;

/** Recognises law and FAQ texts by their structure; undefined when nothing stands out. */
export function inferKind(text: string): DocumentKind | undefined {
  const questions = text.match(QUESTION_LINE)?.length ?? 0;
  const articles = countArticleLines(text);
  if (questions >= 2 && questions >= articles) return "faq";
  if (articles >= 3) return "law";
  return undefined;
}
