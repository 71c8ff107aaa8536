// Chunking of Vietnamese legal text along its own structure: Phần › Chương › Mục › Điều, then
// Khoản ("1.") and Điểm ("a)"). Works on the knowledge team's Markdown and on plain text
// extracted from PDF/DOCX alike, so every passage can be cited as "Điều 5, Khoản 2 – <law>".

import {
  CHUNK_MAX,
  CITATION_SEPARATOR,
  HEADING_SEPARATOR,
  calmCapitals,
  markdownHeading,
  packParagraphs,
  sameTitle,
  sectionPieces,
  type ChunkPiece,
} from "./chunk-text.ts";

/** An article at most this long (heading included) is one passage. */
const ARTICLE_MAX = CHUNK_MAX;
/** A khoản above this is split by its điểm. */
const CLAUSE_MAX = 1200;
/** Lead-in text short enough to repeat in front of each part it introduces. */
const CONTEXT_MAX = 300;

// Plain text needs the full stop ("Điều 5. Quyền..."), or every sentence starting with "Điều 5
// của Luật này" would open an article; a Markdown heading is explicit enough without it.
const ARTICLE_LINE = /^(?:Điều|ĐIỀU)\s+(\d+[a-zđ]?)\s*[.:]\s*(.*)$/u;
const ARTICLE_HEADING = /^(?:Điều|ĐIỀU)\s+(\d+[a-zđ]?)\b\s*[.:]?\s*(.*)$/u;
// After the number: a separator and a title, a capitalised title, or nothing (title on the next line).
const REST = String.raw`(?:\s*[.:\-–—]\s*(.*)|\s+(?=\p{Lu})(.*))?$`;
const LEVELS = [
  { word: "Phần", pattern: new RegExp(String.raw`^(?:Phần|PHẦN)\s+((?:thứ|THỨ)\s+\p{L}+|[IVXLCDM]+|\d+)${REST}`, "u") },
  { word: "Chương", pattern: new RegExp(String.raw`^(?:Chương|CHƯƠNG)\s+([IVXLCDM]+|\d+)${REST}`, "u") },
  { word: "Mục", pattern: new RegExp(String.raw`^(?:Mục|MỤC)\s+(\d+|[IVXLCDM]+)${REST}`, "u") },
] as const;
const CLAUSE = /^(\d{1,3})\.\s+\S/;
const POINT = /^([a-zđ])\)\s+\S/u;
// Vietnamese legal points skip f, j, w and z and put đ after d.
const POINT_LETTERS = "abcdđeghiklmnopqrstuvxy";
// The signature block after the last article belongs to no article.
const CLOSING =
  /^(?:Nơi nhận\s*:|(?:TM|KT|Q|TL)\.\s|CHỦ TỊCH(?: QUỐC HỘI)?$|THỦ TƯỚNG$|BỘ TRƯỞNG$|(?:Luật|Bộ luật|Pháp lệnh|Nghị quyết) này (?:đã )?được .{0,160}thông qua)/u;

// The motto, issuer, number and date that open every Vietnamese legal text: neither its name
// nor its content.
const BOILERPLATE = [
  /^cộng h(?:òa|oà) xã hội chủ nghĩa việt nam$/iu,
  /^độc lập\s*[-–—]\s*tự do\s*[-–—]\s*hạnh phúc$/iu,
  /^(quốc hội|chính phủ|thủ tướng chính phủ)$/iu,
  // Issuers are printed in capitals; "BỘ LUẬT ..." is a title, not an issuer.
  /^(ỦY BAN|UỶ BAN|HỘI ĐỒNG|VĂN PHÒNG|BAN CHẤP HÀNH|TRUNG ƯƠNG|BỘ (?!LUẬT))[^\p{Ll}]*$/u,
  /^(luật |bộ luật |pháp lệnh )?số\s*:/iu,
  /^.{1,40},\s*ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}\.?$/iu,
  /^[-–—_=*~.]+$/u,
];

export function isLegalBoilerplate(line: string): boolean {
  return BOILERPLATE.some((pattern) => pattern.test(line));
}

interface Item {
  label: "Khoản" | "Điểm";
  id: string;
  lines: string[];
  subs: Item[];
}

interface Segment {
  path: string[];
  /** Set for an article: its normalised heading line "Điều 5. Title". */
  article?: { number: string; head: string };
  lines: string[];
}

function bare(text: string): string {
  return text.replace(/^[*_]+|[*_]+$/g, "").trim();
}

export function countArticleLines(text: string): number {
  let count = 0;
  for (const line of text.split("\n")) {
    if (ARTICLE_LINE.test(bare(line.replace(/^#{1,6}\s+/, "")))) count++;
  }
  return count;
}

/** Whether a line opens a part, chapter, section or article. */
export function isStructuralLine(line: string): boolean {
  const text = bare(line.replace(/^#{1,6}\s+/, ""));
  return ARTICLE_LINE.test(text) || LEVELS.some((level) => level.pattern.test(text));
}

export function chunkLaw(body: string, title: string, docTitles: readonly string[]): ChunkPiece[] {
  return splitSegments(body, docTitles).flatMap((segment) =>
    segment.article ? articlePieces(segment, title) : sectionPieces(segment.path, segment.lines, title),
  );
}

function splitSegments(body: string, docTitles: readonly string[]): Segment[] {
  const lines = body.split("\n");
  const segments: Segment[] = [];
  const levels: (string | undefined)[] = [undefined, undefined, undefined];
  const hierarchy = () => levels.filter((label): label is string => label !== undefined);
  let current: Segment = { path: [], lines: [] };
  let lastArticle = -1;
  const start = (segment: Segment) => {
    segments.push(current);
    current = segment;
  };

  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] ?? "";
    const heading = markdownHeading(raw);
    const text = bare(heading ? heading.text : raw.trim());
    if (!text) {
      current.lines.push("");
      continue;
    }

    const levelIndex = LEVELS.findIndex((level) => level.pattern.test(text));
    const level = LEVELS[levelIndex];
    if (level) {
      const match = level.pattern.exec(text);
      let name = (match?.[2] ?? match?.[3] ?? "").trim();
      // Extracted PDFs put "Chương II" on one line and the capitalised title on the next ones.
      while (!name || /^\p{Lu}[^\p{Ll}]*$/u.test(name)) {
        let j = i + 1;
        while (j < lines.length && !lines[j]?.trim()) j++;
        const nextRaw = lines[j] ?? "";
        const next = bare(nextRaw.replace(/^#{1,6}\s+/, ""));
        if (!next || isStructuralLine(next) || CLAUSE.test(next) || name.length > 200) break;
        if (name && markdownHeading(nextRaw)) break;
        // A missing title may be in any case; continuing a capitalised one, only capitals.
        const fits = name ? !/\p{Ll}/u.test(next) && next.length <= 200 : next.length <= 150 && !/[.;:,]$/.test(next);
        if (!fits) break;
        name = name ? `${name} ${next}` : next;
        i = j;
      }
      const rawNumber = match?.[1] ?? "";
      const number = /^(?:\d+|[IVXLCDM]+)$/.test(rawNumber) ? rawNumber : rawNumber.toLocaleLowerCase("vi");
      levels[levelIndex] = name ? `${level.word} ${number}. ${calmCapitals(name)}` : `${level.word} ${number}`;
      levels.fill(undefined, levelIndex + 1);
      start({ path: hierarchy(), lines: [] });
      continue;
    }

    const article = (heading ? ARTICLE_HEADING : ARTICLE_LINE).exec(text);
    const number = article?.[1];
    // In plain text, an article numbered below the previous one is a quotation or a reference.
    if (article && number && (heading || parseInt(number, 10) >= lastArticle)) {
      lastArticle = parseInt(number, 10);
      const name = calmCapitals((article[2] ?? "").trim());
      start({ path: hierarchy(), article: { number, head: name ? `Điều ${number}. ${name}` : `Điều ${number}.` }, lines: [] });
      continue;
    }

    if (heading) {
      // An H1 before any chapter or article is the law's name, whatever its exact wording.
      const isTitle = docTitles.some((t) => sameTitle(t, text)) || (heading.level === 1 && lastArticle < 0 && !hierarchy().length);
      start({ path: isTitle ? [] : [...hierarchy(), text], lines: [] });
      continue;
    }
    if (current.article && CLOSING.test(text)) {
      start({ path: [], lines: [] });
    }
    if (!current.article && current.lines.every((l) => !l) && docTitles.some((t) => sameTitle(t, text))) continue;
    // Before the first chapter or article: the national motto, issuer, number and the title in
    // capitals are header furniture (kept in the metadata), not content worth a passage.
    const beforeStructure = lastArticle < 0 && hierarchy().length === 0;
    if (beforeStructure && (isLegalBoilerplate(text) || !/\p{Ll}/u.test(text))) continue;
    current.lines.push(raw.trim());
  }
  segments.push(current);
  return segments;
}

function structure(lines: readonly string[]): { intro: string[]; items: Item[] } {
  const intro: string[] = [];
  const items: Item[] = [];
  let clause: Item | undefined;
  let point: Item | undefined;
  let lastPoint = -1;
  for (const line of lines) {
    if (!line) continue;
    const clauseMatch = CLAUSE.exec(line);
    // Numbering must run 1, 2, 3…: a wrapped PDF line starting "2. " mid-clause is text.
    if (clauseMatch && Number(clauseMatch[1]) === (clause ? Number(clause.id) + 1 : 1)) {
      clause = { label: "Khoản", id: String(Number(clauseMatch[1])), lines: [line], subs: [] };
      items.push(clause);
      point = undefined;
      lastPoint = -1;
      continue;
    }
    const pointMatch = POINT.exec(line);
    const letter = pointMatch?.[1];
    const index = letter ? POINT_LETTERS.indexOf(letter) : -1;
    if (letter && index >= 0 && (lastPoint === -1 ? index === 0 : index > lastPoint)) {
      point = { label: "Điểm", id: letter, lines: [line], subs: [] };
      (clause ? clause.subs : items).push(point);
      lastPoint = index;
      continue;
    }
    const owner = point ?? clause;
    if (owner) owner.lines.push(line);
    else intro.push(line);
  }
  return { intro, items };
}

function render(item: Item): string {
  return [...item.lines, ...item.subs.map(render)].join("\n");
}

function articlePieces(segment: Segment, title: string): ChunkPiece[] {
  const article = segment.article;
  if (!article) return [];
  const heading = [...segment.path, article.head].join(HEADING_SEPARATOR);
  const lines = segment.lines.filter((line) => line.length > 0);
  const cite = (...parts: string[]) => `${[`Điều ${article.number}`, ...parts].join(", ")}${CITATION_SEPARATOR}${title}`;
  // "Điều 26. Tiền lương thử việc" → the label "Tiền lương thử việc".
  const label = article.head.replace(/^Điều\s+\S+?[.:]?\s+/u, "").trim();
  const piece = (citation: string, text: string): ChunkPiece => ({ citation, heading, text, phrasings: [], label });
  // Every passage opens with the article heading (and any lead-in) so it reads on its own.
  const pack = (prefix: string, body: readonly string[], citation: string, limit = CLAUSE_MAX): ChunkPiece[] => {
    if (body.length === 0) return [];
    const whole = [prefix, ...body].join("\n");
    if (whole.length <= limit) return [piece(citation, whole)];
    const max = Math.max(CHUNK_MAX - prefix.length - 1, 300);
    return packParagraphs(body, { max, joiner: "\n" }).map((text) => piece(citation, `${prefix}\n${text}`));
  };

  if ([article.head, ...lines].join("\n").length <= ARTICLE_MAX) return [piece(cite(), [article.head, ...lines].join("\n"))];
  const { intro, items } = structure(lines);
  if (items.length === 0) return pack(article.head, lines, cite(), ARTICLE_MAX);

  const out: ChunkPiece[] = [];
  let prefix = article.head;
  if (intro.length > 0) {
    const withIntro = [article.head, ...intro].join("\n");
    if (withIntro.length <= CONTEXT_MAX) prefix = withIntro;
    else out.push(...pack(article.head, intro, cite()));
  }
  for (const item of items) {
    const citation = cite(`${item.label} ${item.id}`);
    const text = render(item);
    if (item.subs.length === 0 || prefix.length + 1 + text.length <= CLAUSE_MAX) {
      out.push(...pack(prefix, text.split("\n"), citation));
      continue;
    }
    // A huge khoản: one passage per điểm, each after the khoản's lead-in ("2. Nhà nước ... sau đây:").
    let pointPrefix = [prefix, ...item.lines].join("\n");
    if (pointPrefix.length > prefix.length + 1 + CONTEXT_MAX) {
      out.push(...pack(prefix, item.lines, citation));
      pointPrefix = prefix;
    }
    for (const point of item.subs) {
      out.push(...pack(pointPrefix, render(point).split("\n"), cite(`${item.label} ${item.id}`, `Điểm ${point.id}`)));
    }
  }
  return out;
}
