// Turns the chosen passage into the reply a young person reads on a phone: first the sentences
// that answer (those holding the kind of answer asked for, then those sharing most words with the
// question), then "Nguồn: <document>, <citation>", and a warning when the document is no longer in
// force, naming what replaced it. An FAQ answer is already written that way and is quoted whole; a
// law article is cut to its answering sentences, never dumped whole. No language model needed.
import type { Locale, Prompts } from "../../prompts.ts";
import { holdsAnswerType } from "./answer-decision.ts";
import type { DocumentFacts, Passage } from "../passage.ts";
import type { AnswerType } from "../search/question.ts";
import { foldDiacritics, syllables } from "../text.ts";

/** Longest excerpt of a passage. */
export const MAX_ANSWER_CHARS = 800;
/** A law excerpt stops growing once it holds this much and the answering sentence. */
const ENOUGH_CHARS = 450;

/** Where an answer's facts come from, as the reply names it. */
export interface Source {
  title: string;
  citation: string;
  url?: string;
}

export interface ComposedAnswer {
  text: string;
  sources: Source[];
}

export function composeAnswer(opts: {
  question: string;
  type?: AnswerType;
  passage: Passage;
  prompts: Prompts;
  locale: Locale;
  /** The answer text when a language model wrote it from this passage; else an excerpt. */
  body?: string;
}): ComposedAnswer {
  const best = opts.passage;
  const t = (key: string, vars?: Record<string, string | number>) => opts.prompts.t(opts.locale, key, vars);
  const excerpt = opts.body ?? excerptFor(opts.question, best.text, MAX_ANSWER_CHARS, opts.type);
  const source: Source = { title: best.title, citation: best.citation, ...(best.url ? { url: best.url } : {}) };
  const sourceLine = t(best.url ? "answer.sourceWithLink" : "answer.source", { title: best.title, citation: best.citation, url: best.url ?? "" });
  // Quoted passages stay in Vietnamese; an English reply says so before quoting.
  const parts = opts.locale === "en" && !opts.body ? [t("answer.quotedInVietnamese"), excerpt, sourceLine] : [excerpt, sourceLine];
  const example = opts.type === "money" ? workedExample(opts.question, excerpt) : null;
  if (example) parts.splice(parts.length - 1, 0, t("answer.workedExample", example));
  if (best.status !== "in_force") {
    const replacedBy = best.replacedBy ? t("answer.replacedBy", { replacement: best.replacedBy }) : "";
    parts.push(t("answer.notInForce", { replacedBy }));
  }
  return { text: parts.join("\n\n"), sources: [source] };
}

/**
 * "Is it still in force?" answered from a document's metadata: in force since its effective date,
 * naming the documents it replaced, or replaced by the document named in replaced_by and from
 * when that one applies.
 */
export function composeStatus(doc: DocumentFacts, prompts: Prompts, locale: Locale): string {
  const t = (key: string, vars?: Record<string, string | number>) => prompts.t(locale, key, vars);
  const named = (d: { title: string; number?: string }) => (d.number && !d.title.includes(d.number) ? `${d.title} (${d.number})` : d.title);
  const name = named(doc);
  if (doc.status === "in_force") {
    const status = t(doc.effective ? "docStatus.inForceSince" : "docStatus.inForce", { document: name, effective: formatIsoDate(doc.effective) });
    return doc.replaces ? `${status} ${t("docStatus.replaces", { replaced: doc.replaces.map(named).join(", ") })}` : status;
  }
  const replacement = doc.replacement;
  if (!replacement) return t(doc.status === "replaced" ? "docStatus.replaced" : "docStatus.expired", { document: name });
  if (typeof replacement === "string") return t("docStatus.replacedBy", { document: name, replacement, since: "" });
  const by = named(replacement);
  const since = replacement.effective ? t("docStatus.since", { effective: formatIsoDate(replacement.effective) }) : "";
  return t("docStatus.replacedBy", { document: name, replacement: by, since });
}

/**
 * A law's date as people and the knowledge base write it, "1/7/2026" rather than "01/07/2026":
 * someone who asks "có hiệu lực từ 1/7/2026 không?" or searches the reply for that date finds it.
 */
function formatIsoDate(iso: string | undefined): string {
  const m = iso ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso) : null;
  return m ? `${Number(m[3])}/${Number(m[2])}/${m[1]}` : (iso ?? "");
}

const terms = (text: string) => new Set(syllables(foldDiacritics(text.toLowerCase())));

/**
 * Splits into sentences and list lines, keeping each piece's trailing punctuation. A stop only ends
 * a sentence before a space or the line's end ("50.000 đồng", "1.5" and "v.v" stay inside theirs),
 * and never inside brackets: a citation "(khoản 1 Điều 12 …; Điều 50 …)" stays with its sentence.
 */
export function sentences(text: string): string[] {
  return text.split(/\n+/).flatMap(lineSentences).filter((s) => s.length > 0);
}

function lineSentences(line: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (ch === "(" || ch === "[") depth++;
    else if ((ch === ")" || ch === "]") && depth > 0) depth--;
    else if (depth === 0 && /[.!?;]/.test(ch) && (i + 1 === line.length || /\s/.test(line[i + 1]!))) {
      out.push(line.slice(start, i + 1).trim());
      start = i + 1;
    }
  }
  out.push(line.slice(start).trim());
  return out;
}

/**
 * The passage itself when it is short; otherwise the sentences that answer best, in their original
 * order: a sentence holding the kind of answer asked for (an age, an amount, a duration, an office)
 * counts most, then the words it shares with the question. A leading article heading ("Điều 5. …")
 * is dropped because the source line cites it.
 */
export function excerptFor(question: string, text: string, limit: number, type: AnswerType = "open"): string {
  const lines = text.split("\n");
  const body = /^(Điều|Dieu)\s+\d+/i.test(lines[0] ?? "") && lines.length > 1 ? lines.slice(1).join("\n").trim() : text.trim();
  if (body.length <= Math.min(limit, 600)) return body;
  const q = terms(question);
  const pieces = sentences(body).map((s, index) => {
    const words = terms(s);
    let overlap = 0;
    for (const w of words) if (q.has(w)) overlap++;
    const typed = holdsAnswerType(s, type) ? 1 : 0;
    return { s, index, score: typed + overlap / Math.sqrt(words.size + 1) };
  });
  const chosen = new Set<number>();
  let used = 0;
  for (const p of [...pieces].sort((a, b) => b.score - a.score || a.index - b.index)) {
    if (used >= ENOUGH_CHARS) break;
    if (used + p.s.length + 1 > limit) continue;
    chosen.add(p.index);
    used += p.s.length + 1;
    // A list item needs the sentence that introduces its list ("… bao gồm:").
    const lead = pieces.slice(0, p.index).reverse().find((x) => x.s.endsWith(":"));
    if (lead && !chosen.has(lead.index) && used + lead.s.length + 1 <= limit) {
      chosen.add(lead.index);
      used += lead.s.length + 1;
    }
  }
  if (chosen.size === 0) return pieces[0]!.s.slice(0, limit - 1).trimEnd() + "…";
  return pieces
    .filter((p) => chosen.has(p.index))
    .map((p) => p.s)
    .join(" ");
}

/**
 * "lương 8tr thì trợ cấp được bao nhiêu?": the rule says a share of the pay ("60% bình quân tiền
 * lương"), the person gave their pay, so the reply also works it out for them. Only when the
 * message names exactly one amount and the answer one percentage of a pay; anything less clear is
 * left to the rule as written.
 */
export function workedExample(question: string, answer: string): { amount: string; percent: string; result: string } | null {
  const text = question.toLowerCase().normalize("NFC");
  const amounts = [
    ...[...text.matchAll(/(?<![\d.,])(\d{1,3}(?:[.,]\d{1,3})?) ?(?:tr|triệu|trieu|củ|cu)(?![\p{L}\d])/gu)].map((m) => Number(m[1]!.replace(",", ".")) * 1_000_000),
    ...[...text.matchAll(/(?<![\d.,])\d{1,3}(?:\.\d{3}){2,}(?![\d.,]*\d)/g)].map((m) => Number(m[0].replace(/\./g, ""))),
  ];
  if (amounts.length !== 1 || !(amounts[0]! >= 500_000 && amounts[0]! <= 500_000_000)) return null;
  const amount = amounts[0]!;
  for (const m of answer.matchAll(/(\d{1,3}(?:,\d+)?) ?%/g)) {
    const around = answer.slice(Math.max(0, m.index - 40), m.index + m[0].length + 50).toLowerCase();
    if (!/lương|thu nhập|tiền công/.test(around)) continue;
    // Overtime and night-work rates are shares of an hour's pay, not of the month's the person gave.
    if (/giờ|làm thêm|ban đêm|ngày lễ|ngày nghỉ/.test(around)) continue;
    const percent = Number(m[1]!.replace(",", "."));
    if (!(percent > 0 && percent <= 400)) continue;
    return { amount: money(amount), percent: m[1]!, result: money((amount * percent) / 100) };
  }
  return null;
}

/** 4800000 → "4,8 triệu đồng", 750000 → "750.000 đồng": as the answers write amounts. */
function money(value: number): string {
  if (value >= 1_000_000) return `${(Math.round(value / 10_000) / 100).toLocaleString("vi-VN", { maximumFractionDigits: 2 })} triệu đồng`;
  return `${Math.round(value).toLocaleString("vi-VN")} đồng`;
}
