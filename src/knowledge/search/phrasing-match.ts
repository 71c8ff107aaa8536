// How closely a question matches the ways a passage is asked: its FAQ question and "Cách hỏi
// khác" phrasings, or a law article's heading. Where BM25 adds up evidence over the whole chunk,
// this compares the question with one phrasing at a time, in both directions: how much of the
// question the phrasing covers (recall) and how much of the phrasing the question says
// (precision), each word weighted by its rarity. A paraphrase scores high on both; a passage that
// only shares a common word with a long story does not.
import { FOLDED_PREFIX, documentTerms } from "../index/lexical-terms.ts";
import type { AnalyzedQuery } from "./lexicon.ts";
import { BREAK, canonicalSpelling, foldDiacritics, hasDiacritics } from "../text.ts";

export interface PhrasingMatch {
  /** Share of the question's weight that the best phrasing says. */
  recall: number;
  /** Share of the best phrasing's weight that the question says. */
  precision: number;
  /** Their harmonic mean, for the best phrasing. */
  f1: number;
}

export const NO_MATCH: PhrasingMatch = { recall: 0, precision: 0, f1: 0 };

const FOLDED_ONLY = { bigrams: true, exact: false, folded: true } as const;

/** The folded terms of one phrasing (unigrams and in-phrase bigrams), analysed once. */
export function phrasingTerms(phrasing: string): Set<string> {
  return new Set(documentTerms(phrasing, FOLDED_ONLY).terms);
}

/** The question's folded terms with their weights (function words and the story weigh less). */
export function questionTerms(query: AnalyzedQuery): Map<string, number> {
  const terms = new Map<string, number>();
  const set = (t: string, w: number) => {
    if (w > (terms.get(t) ?? 0)) terms.set(t, w);
  };
  for (const part of query.parts ?? [{ tokens: query.tokens, weight: 1, accented: query.accented }]) {
    const tokens = part.tokens.map((t) => (t === BREAK ? t : foldDiacritics(t)));
    const tw = (i: number) => part.weight * (part.tokenWeights?.[i] ?? 1);
    tokens.forEach((t, i) => {
      if (t !== BREAK) set(FOLDED_PREFIX + t, tw(i));
    });
    for (let i = 1; i < tokens.length; i++) {
      if (tokens[i] === BREAK || tokens[i - 1] === BREAK) continue;
      set(`${FOLDED_PREFIX}${tokens[i - 1]} ${tokens[i]}`, Math.min(tw(i - 1), tw(i)));
    }
  }
  return terms;
}

/**
 * The question said with its synonyms instead of its own words, one synonym at a time ("đi lính
 * mấy năm" → "nghĩa vụ quân sự mấy năm"), so a phrasing that uses the other word still matches.
 */
export function synonymVariants(query: AnalyzedQuery, max = 6): AnalyzedQuery[] {
  const variants: AnalyzedQuery[] = [];
  for (const e of query.expansions) {
    if (variants.length >= max) break;
    const said = (e.for ?? []).map((w) => foldDiacritics(w));
    if (said.length === 0) continue;
    let replaced = false;
    const parts = (query.parts ?? []).map((part) => {
      const folded = part.tokens.map((t) => foldDiacritics(t));
      const at = folded.findIndex((_, i) => said.every((w, j) => folded[i + j] === w));
      if (at < 0) return part;
      replaced = true;
      const tokens = [...part.tokens.slice(0, at), ...e.tokens, ...part.tokens.slice(at + said.length)];
      const tokenWeights = part.tokenWeights
        ? [...part.tokenWeights.slice(0, at), ...e.tokens.map(() => 1), ...part.tokenWeights.slice(at + said.length)]
        : undefined;
      return { ...part, tokens, accented: true, ...(tokenWeights ? { tokenWeights } : {}) };
    });
    if (replaced) variants.push({ ...query, parts, expansions: [] });
  }
  return variants;
}

/** The best match among a passage's phrasings. `idf` weighs terms; `light` marks function words. */
export function bestPhrasingMatch(
  question: ReadonlyMap<string, number>,
  phrasings: readonly ReadonlySet<string>[],
  idf: (term: string) => number,
  light: (term: string) => number,
): PhrasingMatch {
  let total = 0;
  for (const [t, w] of question) total += w * idf(t);
  if (total <= 0) return NO_MATCH;
  let best = NO_MATCH;
  for (const p of phrasings) {
    let said = 0;
    let covered = 0;
    let size = 0;
    for (const t of p) {
      const weight = idf(t) * light(t);
      size += weight;
      const q = question.get(t);
      if (q === undefined) continue;
      covered += weight;
      said += q * idf(t);
    }
    if (size <= 0) continue;
    const recall = said / total;
    const precision = covered / size;
    const f1 = recall + precision > 0 ? (2 * recall * precision) / (recall + precision) : 0;
    if (f1 > best.f1) best = { recall, precision, f1 };
  }
  return best;
}

/** A content word of the question, folded, with its weight and the synonyms that may stand in for it. */
export interface ContentWord {
  weight: number;
  /** Each synonym phrase (folded words) that, all present, counts as the word being said. */
  synonyms: string[][];
}

/**
 * How much the story around a long message's question counts in what a passage leaves unsaid: a
 * little, so that "…mở rộng chuồng heo mà thiếu vốn, vay ưu đãi. Em nộp hồ sơ ở đâu?" is not
 * answered with where to file a residence registration, which says every word of the question
 * sentence. Chosen on the read sets (0.05: fewer wrong answers on five of them, right-first
 * unchanged or up; 0.1 and more cost answers).
 */
const STORY_MISSING = 0.05;

/**
 * A "story" of a few words is a condition of the question, not a story ("Anh em bị khuyết tật
 * nặng, công ty xếp làm ca đêm có đúng luật không?"): a passage that leaves it unsaid (night work
 * while pregnant) misses what is asked, so it counts in full.
 */
const CONDITION_WORDS = 8;

/**
 * The content words (not grammar) of what the question asks, with their weights and synonyms. The
 * story around a long question counts at STORY_MISSING of its weight: a passage need not repeat it.
 */
export function contentWords(query: AnalyzedQuery): Map<string, ContentWord> {
  const words = new Map<string, ContentWord>();
  const parts = query.parts ?? [{ tokens: query.tokens, weight: 1, accented: query.accented }];
  // Without an asking part (all story), the story is what is asked.
  const asks = parts.some((p) => !p.story);
  for (const part of parts) {
    const length = part.tokens.filter((t) => t !== BREAK).length;
    const w = asks && part.story && length > CONDITION_WORDS ? part.weight * STORY_MISSING : part.weight;
    part.tokens.forEach((t, i) => {
      if (t === BREAK || (part.tokenWeights?.[i] ?? 1) < 1) return;
      // Typed with marks, a word must be said with them ("tối" is not "tội"); typed without, folded.
      const f = part.accented ? canonicalSpelling(t) : foldDiacritics(canonicalSpelling(t));
      const known = words.get(f);
      if (!known) words.set(f, { weight: w, synonyms: [] });
      else if (w > known.weight) known.weight = w;
    });
  }
  for (const e of query.expansions) {
    const phrase = e.tokens.map((t) => canonicalSpelling(t));
    for (const w of e.for ?? []) {
      // A word typed with marks is looked for with marks; typed without, folded.
      words.get(canonicalSpelling(w))?.synonyms.push(hasDiacritics(w) ? phrase : phrase.map(foldDiacritics));
    }
  }
  return words;
}

/** The words of a passage (title, text and phrasings), with and without marks, for `missingShare`. */
export function passageWords(texts: readonly string[]): Set<string> {
  const words = new Set<string>();
  for (const text of texts) {
    for (const t of documentTerms(text, { bigrams: false, exact: true, folded: true }).terms) {
      words.add(t.startsWith(FOLDED_PREFIX) ? t.slice(FOLDED_PREFIX.length) : t);
    }
  }
  return words;
}

/**
 * Share of the question's content that the passage does not mention at all, each word weighted
 * by its rarity: a question about "thẻ thư viện" is not answered by a passage about jobs however
 * well "làm … ở đâu" matches. A word counts as mentioned when one of its synonyms is ("đi lính"
 * is said by "nghĩa vụ quân sự"). Words the index has never seen weigh most.
 */
export function missingShare(words: ReadonlyMap<string, ContentWord>, passage: ReadonlySet<string>, idf: (term: string) => number): number {
  let total = 0;
  let missing = 0;
  for (const [w, { weight, synonyms }] of words) {
    const x = weight * idf(FOLDED_PREFIX + foldDiacritics(w));
    total += x;
    if (!passage.has(w) && !synonyms.some((s) => s.every((sw) => passage.has(sw)))) missing += x;
  }
  return total > 0 ? missing / total : 0;
}
