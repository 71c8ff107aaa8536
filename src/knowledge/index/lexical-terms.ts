// Turns text into the terms the lexical index stores and looks up. Four channels share one
// dictionary: exact unigrams/bigrams ("bán hàng") and their folded twins, prefixed "~"
// ("~ban hang"), so an unaccented query can match accented text without conflating the two.

import { BREAK, bigrams, canonicalSpelling, foldDiacritics, normalizeNumbers, normalizeText, phraseTokens } from "../text.ts";

export const FOLDED_PREFIX = "~";

/**
 * Version of how text becomes terms (here and in the embedder); an index built by another
 * version is rebuilt. 2: i/y spelling variants are one term ("kí" = "ký"). 3: no syllable pair
 * across punctuation; spelled numbers before a unit are digits ("mười sáu tuổi" = "16 tuổi").
 * 4: a passage's vector leaves out its English phrasings (search-engine.ts denseText).
 */
export const ANALYZER_VERSION = 4;

export interface TermChannels {
  /** Index and query syllable pairs as well as single syllables. */
  bigrams: boolean;
  /** Index the accented form (needed to tell bán / bạn / ban apart). */
  exact: boolean;
  /** Index the diacritics-free form (needed for queries typed without marks). */
  folded: boolean;
  /** Spelled numbers as digits (text.ts normalizeNumbers); off only for the plain BM25 baseline. */
  numbers?: boolean;
}

export const ALL_CHANNELS: TermChannels = { bigrams: true, exact: true, folded: true };

export interface DocumentTerms {
  /** Every channel term, with repetition (term frequency counts them). */
  terms: string[];
  /** Length in syllables, the unit of BM25 length normalisation. */
  syllables: number;
}

export function documentTerms(raw: string, channels: TermChannels): DocumentTerms {
  const tokens = analyzeText(raw, channels.numbers !== false);
  const terms: string[] = [];
  if (channels.exact) pushGrams(terms, tokens, "", channels);
  if (channels.folded) pushGrams(terms, tokens.map(foldedSyllable), FOLDED_PREFIX, channels);
  return { terms, syllables: tokens.filter((t) => t !== BREAK).length };
}

/** Raw text → the canonical tokens both the index and the query analysis start from (BREAK between phrases). */
export function analyzeText(raw: string, numbers = true): string[] {
  const tokens = phraseTokens(normalizeText(raw));
  return (numbers ? normalizeNumbers(tokens) : tokens).map(canonicalSyllable);
}

// The same few thousand syllables make up every text: each is folded and respelled once, not at
// every occurrence (indexing a whole base meets each of them thousands of times). Bounded,
// because questions bring words of their own.
const SYLLABLE_CACHE = 50_000;
const canonical = new Map<string, string>();
const folded = new Map<string, string>();

function canonicalSyllable(token: string): string {
  return cached(canonical, token, canonicalSpelling);
}

/** The folded channel's spelling of a syllable ("bán" → "ban"), without its prefix. */
export function foldedSyllable(token: string): string {
  return cached(folded, token, foldDiacritics);
}

function cached(cache: Map<string, string>, token: string, compute: (token: string) => string): string {
  let out = cache.get(token);
  if (out === undefined) {
    if (cache.size >= SYLLABLE_CACHE) cache.clear();
    cache.set(token, (out = compute(token)));
  }
  return out;
}

function pushGrams(out: string[], tokens: readonly string[], prefix: string, channels: TermChannels): void {
  for (const t of tokens) if (t !== BREAK) out.push(prefix + t);
  if (channels.bigrams) for (const b of bigrams(tokens)) out.push(prefix + b);
}

export interface QueryWeights {
  /** Weight of bigram terms relative to unigrams. */
  bigram: number;
  /** Weight of the folded channel when the query itself carries diacritics. */
  foldedWhenAccented: number;
}

export const DEFAULT_QUERY_WEIGHTS: QueryWeights = { bigram: 1, foldedWhenAccented: 0.25 };

/**
 * Adds the weighted terms of one piece of query text. Text typed with marks searches the exact
 * channel; its folded twin only backs up syllables the index has never seen with those marks
 * (a mistyped mark), plus folded pairs at a low weight. Text typed without marks can only match
 * through the folded channel. A term keeps the highest weight it is given, so repeating a word
 * does not count it twice.
 */
export function addQueryTerms(
  into: Map<string, number>,
  part: QueryPart,
  channels: TermChannels,
  weights: QueryWeights = DEFAULT_QUERY_WEIGHTS,
  known: (term: string) => boolean = () => false,
): void {
  const { weight } = part;
  const tokens = part.tokens.map(canonicalSpelling);
  const tw = (i: number) => part.tokenWeights?.[i] ?? 1;
  if (tokens.length === 0 || weight <= 0) return;
  const accented = part.accented && channels.exact;
  const set = (term: string, w: number) => {
    if (w > (into.get(term) ?? 0)) into.set(term, w);
  };
  const grams = (toks: readonly string[], prefix: string, scale: number, unigram: (i: number) => boolean) => {
    toks.forEach((t, i) => {
      if (t !== BREAK && unigram(i)) set(prefix + t, weight * scale * tw(i));
    });
    if (!channels.bigrams) return;
    for (let i = 1; i < toks.length; i++) {
      if (toks[i] === BREAK || toks[i - 1] === BREAK) continue;
      set(`${prefix}${toks[i - 1]} ${toks[i]}`, weight * weights.bigram * scale * Math.min(tw(i - 1), tw(i)));
    }
  };
  if (accented || !channels.folded) grams(tokens, "", 1, () => true);
  if (!channels.folded) return;
  const folded = tokens.map(foldDiacritics);
  if (!accented) return grams(folded, FOLDED_PREFIX, 1, () => true);
  // Folded single syllables are the longest posting lists in the index: only walk them when
  // the accented spelling is unknown.
  grams(folded, FOLDED_PREFIX, weights.foldedWhenAccented, (i) => !known(tokens[i]!));
}

export interface QueryPart {
  tokens: readonly string[];
  weight: number;
  accented: boolean;
  /** Per-token factors (function words count less); a pair takes the smaller of its two. */
  tokenWeights?: readonly number[];
}
