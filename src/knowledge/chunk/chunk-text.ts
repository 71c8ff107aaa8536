// Size-driven chunking shared by every kind: Vietnamese-aware sentence boundaries, packing of
// paragraphs into passages of roughly CHUNK_MIN..CHUNK_MAX characters without cutting a sentence,
// and the heading-based chunker used for guides and for any text outside a law's articles.

import type { ChunkDraft } from "../document.ts";

export type ChunkPiece = Omit<ChunkDraft, "ordinal">;

export const CHUNK_MIN = 300;
export const CHUNK_MAX = 900;
// A single sentence longer than this (a table flattened into one line, a PDF without full stops)
// has to be cut somewhere; below it, a long sentence stays whole even above CHUNK_MAX.
const SENTENCE_HARD_MAX = 1600;

export const HEADING_SEPARATOR = " › ";
export const CITATION_SEPARATOR = " – ";

interface Unit {
  text: string;
  /** What joins this unit to the one before it inside a chunk. */
  sep: string;
}

// Words whose trailing full stop does not end a sentence: "TP. Hồ Chí Minh", "ThS. Nguyễn...".
const ABBREVIATIONS = new Set([
  "TP", "Tp", "tp", "TS", "ThS", "PGS", "GS", "BS", "KS", "CN", "Q", "P", "TT", "Th", "St", "Mr", "Mrs", "Dr",
  "v.v", "vv", "tr", "Tr", "ĐT", "Đt", "đt", "Sđt", "SĐT", "No", "Fax", "Tel", "e.g", "i.e", "etc",
]);
// "Điều 5. Quyền..." and "khoản 2. Nếu..." are references, not sentence ends.
const REFERENCE_WORD = /(?:^|\s)(?:Điều|điều|ĐIỀU|Khoản|khoản|Mục|mục|Chương|chương|Phần|phần|số|Số)\s+\d+[a-zđ]?$/u;

const BOUNDARY =
  /([.!?…]+[”"’)\]]*)(\s+)(?=[“"‘(\[]?[\p{Lu}\p{N}])|(\n+)(?=[ \t]*(?:[-*+•]\s|\d{1,3}[.)]\s|[a-zđ]\)\s|#{1,6}\s))/gu;

/** Splits a paragraph into sentences (and list items), each with the whitespace that preceded it. */
export function splitSentences(paragraph: string): Unit[] {
  const units: Unit[] = [];
  let start = 0;
  let sep = "";
  for (const match of paragraph.matchAll(BOUNDARY)) {
    const at = match.index;
    let end: number;
    if (match[1] !== undefined) {
      // Only the last words matter; a bounded window keeps long unpunctuated text linear.
      const from = Math.max(start, at - 60);
      const before = paragraph.slice(from, at);
      const word = /([\p{L}\p{N}.]+)$/u.exec(before)?.[1] ?? "";
      if (ABBREVIATIONS.has(word) || /^\p{Lu}$/u.test(word)) continue;
      const listMarker = /\n\s*\d+$/u.test(before) || (from === start && /^\s*\d+$/u.test(before));
      if (/^\d+[a-zđ]?$/u.test(word) && (REFERENCE_WORD.test(before) || listMarker)) continue;
      end = at + match[1].length;
    } else {
      end = at;
    }
    const text = paragraph.slice(start, end).trim();
    if (text) units.push({ text, sep });
    sep = match[0].slice(end - at).includes("\n") ? "\n" : " ";
    start = at + match[0].length;
  }
  const rest = paragraph.slice(start).trim();
  if (rest) units.push({ text: rest, sep });
  return units.flatMap(cutOverlong);
}

function cutOverlong(unit: Unit): Unit[] {
  if (unit.text.length <= SENTENCE_HARD_MAX) return [unit];
  const out: Unit[] = [];
  let rest = unit.text;
  let sep = unit.sep;
  while (rest.length > CHUNK_MAX) {
    const window = rest.slice(0, CHUNK_MAX);
    const cut = Math.max(window.lastIndexOf(" "), window.lastIndexOf("\n"));
    const at = cut > CHUNK_MAX / 2 ? cut : CHUNK_MAX;
    out.push({ text: rest.slice(0, at).trim(), sep });
    rest = rest.slice(at).trim();
    sep = " ";
  }
  if (rest) out.push({ text: rest, sep });
  return out;
}

/** Paragraphs of a run of lines: blank lines separate them, line breaks inside are kept. */
export function paragraphs(lines: readonly string[]): string[] {
  const out: string[] = [];
  let current: string[] = [];
  for (const line of lines) {
    if (line.trim() === "") {
      if (current.length) out.push(current.join("\n"));
      current = [];
    } else {
      current.push(line.trimEnd());
    }
  }
  if (current.length) out.push(current.join("\n"));
  return out.map((p) => p.trim()).filter((p) => p.length > 0);
}

/**
 * Packs paragraphs into passages of at most `max` characters where possible, as even as possible
 * (so a section does not end in a scrap). Paragraphs stay whole unless one alone is too long,
 * which is then split between sentences.
 */
export function packParagraphs(
  blocks: readonly string[],
  { max = CHUNK_MAX, min = CHUNK_MIN, joiner = "\n\n" }: { max?: number; min?: number; joiner?: string } = {},
): string[] {
  const units: Unit[] = [];
  for (const block of blocks) {
    const pieces = block.length <= max ? [{ text: block, sep: "" }] : splitSentences(block);
    pieces.forEach((piece, i) => units.push({ text: piece.text, sep: i === 0 ? joiner : piece.sep }));
  }
  if (units.length === 0) return [];
  const total = units.reduce((sum, u, i) => sum + u.text.length + (i > 0 ? u.sep.length : 0), 0);
  if (total <= max) return [join(units)];

  // Shortest path over cut points: each passage costs its squared distance from the ideal size,
  // with passages under `min` costing extra; a passage may exceed `max` only as a single unit.
  const ideal = total / Math.ceil(total / max);
  const best: number[] = [0];
  const from: number[] = [0];
  for (let i = 1; i <= units.length; i++) {
    best[i] = Infinity;
    let length = 0;
    for (let j = i - 1; j >= 0; j--) {
      length += (units[j]?.text.length ?? 0) + (j < i - 1 ? (units[j + 1]?.sep.length ?? 0) : 0);
      if (length > max && j < i - 1) break;
      const short = length < min ? (min - length) ** 2 * 4 : 0;
      const cost = (best[j] ?? Infinity) + (length - ideal) ** 2 + short;
      if (cost < (best[i] ?? Infinity)) {
        best[i] = cost;
        from[i] = j;
      }
    }
  }
  const chunks: string[] = [];
  for (let i = units.length; i > 0; i = from[i] ?? 0) chunks.unshift(join(units.slice(from[i] ?? 0, i)));
  return chunks;
}

function join(units: readonly Unit[]): string {
  return units.map((u, i) => (i === 0 ? u.text : u.sep + u.text)).join("").trim();
}

const MD_HEADING = /^(#{1,6})\s+(.*?)(?:\s+#+)?\s*$/;

/** A Markdown ATX heading line, or undefined. */
export function markdownHeading(line: string): { level: number; text: string } | undefined {
  const match = MD_HEADING.exec(line);
  if (!match?.[1] || match[2] === undefined) return undefined;
  const text = match[2].trim();
  return text ? { level: match[1].length, text } : undefined;
}

// Names that keep their capitals when an all-caps legal heading is lowered.
const PROPER_NAMES = [
  "Nhà nước", "Việt Nam", "Quốc hội", "Chính phủ", "Thủ tướng Chính phủ", "Hiến pháp", "Tổ quốc",
  "Mặt trận Tổ quốc", "Đoàn Thanh niên Cộng sản Hồ Chí Minh", "Hồ Chí Minh", "Hội Liên hiệp Thanh niên",
  "Ủy ban nhân dân", "Hội đồng nhân dân",
].map((name) => ({ name, pattern: new RegExp(`(?<!\\p{L})${name.toLocaleLowerCase("vi")}(?!\\p{L})`, "gu") }));

/** "CHÍNH SÁCH CỦA NHÀ NƯỚC" → "Chính sách của Nhà nước"; mixed case is left alone. */
export function calmCapitals(s: string): string {
  if (!/\p{Lu}/u.test(s) || /\p{Ll}/u.test(s)) return s;
  let out = s.toLocaleLowerCase("vi");
  for (const { name, pattern } of PROPER_NAMES) out = out.replace(pattern, name);
  return out.charAt(0).toLocaleUpperCase("vi") + out.slice(1);
}

export function sameTitle(a: string, b: string): boolean {
  const canon = (s: string) => s.normalize("NFC").toLocaleLowerCase("vi").replace(/\s+/g, " ").trim();
  return canon(a) === canon(b);
}

/** A passage under a heading path; the citation names the nearest heading and the document. */
export function sectionPieces(path: readonly string[], lines: readonly string[], title: string): ChunkPiece[] {
  const heading = path.join(HEADING_SEPARATOR);
  const nearest = path[path.length - 1];
  const citation = nearest && !sameTitle(nearest, title) ? `${nearest}${CITATION_SEPARATOR}${title}` : title;
  return packParagraphs(paragraphs(lines)).map((text) => ({ citation, heading, text, phrasings: [], label: nearest && !sameTitle(nearest, title) ? nearest : "" }));
}

/** Guides (and anything unrecognised): a section per #, ## or ### heading, packed by size. */
export function chunkGuide(body: string, title: string, docTitles: readonly string[]): ChunkPiece[] {
  const pieces: ChunkPiece[] = [];
  let path: { level: number; text: string }[] = [];
  let lines: string[] = [];
  const flush = () => {
    pieces.push(...sectionPieces(path.map((h) => h.text), lines, title));
    lines = [];
  };
  for (const line of body.split("\n")) {
    const heading = markdownHeading(line);
    if (heading && heading.level <= 3) {
      flush();
      // The document's own title as an H1 adds nothing to every passage's heading.
      if (docTitles.some((t) => sameTitle(t, heading.text))) {
        path = [];
        continue;
      }
      path = [...path.filter((h) => h.level < heading.level), heading];
    } else {
      lines.push(line);
    }
  }
  flush();
  return pieces;
}
