// The lexicon's synonym groups, matched loosely. A group fires in lexicon.ts only when the question
// holds one of its phrases word for word; people telling what happened rarely do ("trước lúc mất có
// dặn lại" is not "dặn lại trước khi mất", "đi nhờ qua đất" not "đường đi nhờ"). Here a phrase also
// fires when the question holds enough of its evidence: its words and word pairs, each counted by
// how rare it is in the index, so a phrase that shares only "công ty" or "hợp đồng" with the
// question stays silent while one that shares its rare words speaks. A loose match adds the group's
// phrases like an exact synonym, in proportion to how much of the phrase was said.

import { SYNONYM_WEIGHT, type AnalyzedQuery, type WeightedTokens } from "./lexicon.ts";
import { FOLDED_PREFIX } from "../index/lexical-terms.ts";
import { BREAK, canonicalSpelling, foldDiacritics, normalizeText, syllables } from "../text.ts";

export interface LooseSynonymOptions {
  /** Share of a phrase's rarity-weighted words and pairs the question must hold to fire it; above 1: off. */
  threshold: number;
  /** Weight of a loosely matched group's phrases relative to an exact synonym's, times the share matched. */
  weight: number;
  /** Least rarity (summed idf) the matched content words and pairs must carry: a share of common words says nothing. */
  evidence: number;
}

export const NO_LOOSE_SYNONYMS: LooseSynonymOptions = { threshold: 2, weight: 0, evidence: 0 };

// Chosen with scripts/tune-retrieval.ts on the odd and even halves of the natural legal questions
// and on ALQAC (both forms) together, then checked on the youth chat sets: a third of a phrase's
// evidence, and more than one rare word's worth of it (on ALQAC's 2,894 articles a word found in one
// article has idf 7.6), at the weight of an exact synonym. Evidence 8 and 9 did as well on the
// natural questions but moved two or three youth answers out of reach.
export const DEFAULT_LOOSE_SYNONYMS: LooseSynonymOptions = { threshold: 0.3, weight: 1, evidence: 10 };

/** What loose matching reads of the index it expands queries for. */
export interface IndexView {
  /** Rarity of an index term (its idf): how much matching it says. */
  rarity(term: string): number;
  /** Whether any chunk holds the word: a phrase made of words no document uses is not searched for. */
  knows(word: string): boolean;
}

interface Phrase {
  /** Its group, by position. */
  group: number;
  /** Canonical syllables, with marks: how a question typed with marks matches it. */
  exact: Spelling;
  /** Without marks, for a question typed without. */
  folded: Spelling;
}

interface Spelling {
  words: string[];
  /** Adjacent pairs, "a b". */
  pairs: string[];
  /** The index terms of the words, then of the pairs: what their rarity is read on. */
  terms: string[];
  /** Their rarity in the index, as of `read` (LooseSynonyms' index version). */
  rarity?: Float64Array;
  /** The most the pairs can add to a match. */
  pairRarity?: number;
  read?: number;
}

function spelling(words: string[], prefix: string): Spelling {
  const pairs = words.slice(1).map((w, i) => `${words[i]} ${w}`);
  return { words, pairs, terms: [...words, ...pairs].map((t) => prefix + t) };
}

export class LooseSynonyms {
  /**
   * Phrases by each of their words, with marks and folded (a question looks up only its own
   * words), with the word's position in the phrase.
   */
  private readonly byWord = new Map<string, Array<[phrase: number, at: number]>>();
  private readonly byFolded = new Map<string, Array<[phrase: number, at: number]>>();
  /** Bumped by forget(): rarities read before are stale. */
  private version = 0;
  /**
   * Scratch space for `expand`, one slot per phrase, reused across questions: the content rarity
   * a part holds of each phrase, and the phrases touched in the order first touched (a Map did the
   * same at several times the cost; the order decides ties between phrases of equal strength).
   */
  private readonly held: Float64Array;
  private readonly touched: Int32Array;
  private readonly seen: Uint8Array;
  private searchable = new Map<Phrase, boolean>();

  private constructor(
    private readonly phrases: readonly Phrase[],
    /** Each group's phrases, by position in `phrases`. */
    private readonly groups: ReadonlyArray<readonly number[]>,
  ) {
    this.held = new Float64Array(phrases.length);
    this.touched = new Int32Array(phrases.length);
    this.seen = new Uint8Array(phrases.length);
    phrases.forEach((phrase, i) => {
      for (const [index, { words }] of [[this.byWord, phrase.exact], [this.byFolded, phrase.folded]] as const) {
        words.forEach((w, at) => {
          let list = index.get(w);
          if (!list) index.set(w, (list = []));
          list.push([i, at]);
        });
      }
    });
  }

  static fromGroups(groups: ReadonlyArray<readonly string[]>): LooseSynonyms {
    const phrases: Phrase[] = [];
    const members = groups.map((g, group) =>
      g
        .map((p) => syllables(normalizeText(p)).map(canonicalSpelling))
        .filter((exact) => exact.length > 0)
        .map((exact) => phrases.push({ group, exact: spelling(exact, ""), folded: spelling(exact.map(foldDiacritics), FOLDED_PREFIX) }) - 1),
    );
    return new LooseSynonyms(phrases, members);
  }

  get size(): number {
    return this.groups.length;
  }

  /** Drops what was read of the index: call when its chunks change. */
  forget(): void {
    this.version++;
    this.searchable = new Map();
  }

  /**
   * Expansions for the groups the question matches loosely and the lexicon did not already expand:
   * each phrase of such a group that the documents can hold, weighted by the share of the best
   * matching phrase the question holds and by the weight of the part of the question (asking
   * sentence or story) that holds it.
   */
  expand(query: AnalyzedQuery, index: IndexView, opts: LooseSynonymOptions): WeightedTokens[] {
    if (opts.threshold > 1 || opts.weight <= 0) return [];
    const parts = (query.parts ?? [{ tokens: query.tokens, weight: 1, accented: query.accented }]).map((p) => readPart(p.tokens, p.accented, p.weight, p.tokenWeights));
    // Words the lexicon already read as a synonym phrase are no evidence of another one: "nghĩa vụ
    // quân sự" said is not "trốn nghĩa vụ quân sự" half said.
    const said = query.expansions.flatMap((e) => e.for ?? []).map(canonicalSpelling);
    for (const part of parts) for (const w of said) part.light.add(part.accented ? w : foldDiacritics(w));
    const best = new Map<number, { strength: number; said: string[] }>();
    for (const part of parts) {
      const byWord = part.accented ? this.byWord : this.byFolded;
      // Only phrases sharing a content word with the part are read, and of those only the ones
      // whose content words held, with every pair they could add, can reach the evidence asked.
      const { held: content, touched, seen } = this;
      let count = 0;
      for (const w of part.words) {
        if (part.light.has(w)) continue;
        for (const [i, at] of byWord.get(w) ?? []) {
          const form = part.accented ? this.phrases[i]!.exact : this.phrases[i]!.folded;
          if (seen[i] === 0) {
            seen[i] = 1;
            content[i] = 0;
            touched[count++] = i;
          }
          content[i]! += this.rarityOf(form, index)[at]!;
        }
      }
      for (let t = 0; t < count; t++) {
        const i = touched[t]!;
        seen[i] = 0;
        const phrase = this.phrases[i]!;
        const form = part.accented ? phrase.exact : phrase.folded;
        if (content[i]! + form.pairRarity! < opts.evidence) continue;
        // A share of 1 is a phrase the lexicon did not match for its spelling ("kí" for "ký"): it counts in full.
        const { share, held } = matchedShare(form, form.rarity!, part);
        const strength = share * part.weight;
        if (share < opts.threshold || held < opts.evidence || strength <= (best.get(phrase.group)?.strength ?? 0)) continue;
        best.set(phrase.group, { strength, said: form.words.filter((w) => part.words.has(w)) });
      }
    }
    const expanded = new Set(query.expansions.map((e) => e.tokens.map(canonicalSpelling).join(" ")));
    const out: WeightedTokens[] = [];
    for (const [group, { strength, said }] of [...best].sort((a, b) => a[0] - b[0])) {
      const members = this.groups[group]!.map((i) => this.phrases[i]!);
      if (members.some((p) => expanded.has(p.exact.words.join(" ")))) continue;
      for (const phrase of members) {
        if (this.isSearchable(phrase, index)) out.push({ tokens: phrase.exact.words, weight: SYNONYM_WEIGHT * opts.weight * strength, for: said });
      }
    }
    return out;
  }

  private rarityOf(form: Spelling, index: IndexView): Float64Array {
    if (form.read !== this.version || !form.rarity) {
      form.rarity = Float64Array.from(form.terms, (t) => index.rarity(t));
      form.pairRarity = form.rarity.subarray(form.words.length).reduce((a, b) => a + b, 0);
      form.read = this.version;
    }
    return form.rarity;
  }

  /** Everyday phrases no document uses ("bị chó cắn") only trigger; the documents' own words are searched. */
  private isSearchable(phrase: Phrase, index: IndexView): boolean {
    let known = this.searchable.get(phrase);
    if (known === undefined) this.searchable.set(phrase, (known = phrase.exact.words.every((w) => index.knows(w))));
    return known;
  }
}

interface ReadPart {
  words: Set<string>;
  /** Adjacent pairs of words, within phrases. */
  pairs: Set<string>;
  /**
   * Words that match but are no evidence: those the question reading weighed as grammar ("bao
   * nhiêu", "không", "được") and those the lexicon already read as a synonym phrase.
   */
  light: Set<string>;
  accented: boolean;
  weight: number;
}

function readPart(tokens: readonly string[], accented: boolean, weight: number, tokenWeights?: readonly number[]): ReadPart {
  const spelled = tokens.map((t) => (t === BREAK ? t : accented ? canonicalSpelling(t) : foldDiacritics(canonicalSpelling(t))));
  const words = new Set(spelled.filter((t) => t !== BREAK));
  const light = new Set(spelled.filter((t, i) => t !== BREAK && (tokenWeights?.[i] ?? 1) < 1));
  const pairs = new Set<string>();
  for (let i = 1; i < spelled.length; i++) {
    if (spelled[i] !== BREAK && spelled[i - 1] !== BREAK) pairs.add(`${spelled[i - 1]} ${spelled[i]}`);
  }
  return { words, pairs, light, accented, weight };
}

/**
 * The rarity-weighted share of a phrase's words (anywhere in the part) and adjacent word pairs
 * (adjacent in the part too) that the part holds, each weighted by the rarity of the spelling
 * matched (folded when the question was typed without marks: "ban" may be bán, bạn or ban), and
 * the rarity held in content words.
 */
function matchedShare(form: Spelling, rarity: Float64Array, part: ReadPart): { share: number; held: number } {
  const { words, pairs } = form;
  let total = 0;
  let matched = 0;
  let held = 0;
  for (let i = 0; i < words.length; i++) {
    const r = rarity[i]!;
    total += r;
    if (!part.words.has(words[i]!)) continue;
    matched += r;
    if (!part.light.has(words[i]!)) held += r;
  }
  for (let i = 0; i < pairs.length; i++) {
    const r = rarity[words.length + i]!;
    total += r;
    if (!part.pairs.has(pairs[i]!)) continue;
    matched += r;
    if (!part.light.has(words[i]!) || !part.light.has(words[i + 1]!)) held += r;
  }
  return { share: total > 0 ? matched / total : 0, held };
}
