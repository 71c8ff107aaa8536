// The dictionary of one segment being built: numbers for the terms lexical-terms.ts spells, found
// from the syllables by number. A syllable is looked up once per occurrence; its folded twin and
// its pairs are then numbers away, so a term's string is made and hashed once per segment rather
// than at every occurrence (which was most of the time a first start spent indexing).
import { BREAK } from "../text.ts";
import { analyzeText, FOLDED_PREFIX, foldedSyllable, type TermChannels } from "./lexical-terms.ts";

/** A field's term ids (with repetition, as documentTerms lists its terms) and its length in syllables. */
export interface FieldTermIds {
  ids: number[];
  syllables: number;
}

export class TermVocabulary {
  /** Term → id, ids dense from 0: what the segment's `terms` becomes. */
  readonly terms = new Map<string, number>();
  private readonly exact = new Grams("");
  private readonly folded = new Grams(FOLDED_PREFIX);
  /** Exact syllable id → folded syllable id. */
  private foldedOf: number[] = [];

  constructor(private readonly channels: TermChannels) {}

  /** The terms of raw text: the same terms, in the same order, as documentTerms(raw, channels). */
  field(raw: string): FieldTermIds {
    const tokens = analyzeText(raw, this.channels.numbers !== false);
    const ids: number[] = [];
    let syllables = 0;
    const exact = tokens.map((t) => {
      if (t === BREAK) return -1;
      syllables++;
      return this.exact.syllable(t);
    });
    const { bigrams } = this.channels;
    if (this.channels.exact) this.exact.terms(exact, bigrams, this.terms, ids);
    if (this.channels.folded) {
      const folded = exact.map((s) => (s < 0 ? -1 : (this.foldedOf[s] ??= this.folded.syllable(foldedSyllable(this.exact.spelling(s))))));
      this.folded.terms(folded, bigrams, this.terms, ids);
    }
    return { ids, syllables };
  }
}

/** The syllables of one channel (exact or folded) and the term ids of their unigrams and pairs. */
class Grams {
  private readonly ids = new Map<string, number>();
  private readonly spellings: string[] = [];
  private readonly unigrams: number[] = [];
  private readonly pairs = new PairTable();

  constructor(private readonly prefix: string) {}

  syllable(spelling: string): number {
    let id = this.ids.get(spelling);
    if (id === undefined) {
      this.ids.set(spelling, (id = this.spellings.length));
      this.spellings.push(spelling);
    }
    return id;
  }

  spelling(id: number): string {
    return this.spellings[id]!;
  }

  /** Appends the unigrams, then the pairs within phrases (-1 is a phrase break), as pushGrams does. */
  terms(syllables: readonly number[], bigrams: boolean, dictionary: Map<string, number>, out: number[]): void {
    for (const s of syllables) {
      if (s >= 0) out.push((this.unigrams[s] ??= termId(dictionary, this.prefix + this.spellings[s]!)));
    }
    if (!bigrams) return;
    for (let i = 1; i < syllables.length; i++) {
      const a = syllables[i - 1]!;
      const b = syllables[i]!;
      if (a < 0 || b < 0) continue;
      let id = this.pairs.get(a, b);
      if (id < 0) this.pairs.set(a, b, (id = termId(dictionary, `${this.prefix}${this.spellings[a]!} ${this.spellings[b]!}`)));
      out.push(id);
    }
  }
}

function termId(dictionary: Map<string, number>, term: string): number {
  let id = dictionary.get(term);
  if (id === undefined) dictionary.set(term, (id = dictionary.size));
  return id;
}

/** (syllable, syllable) → term id, open addressing over typed arrays: no key objects, no strings. */
class PairTable {
  private firsts = new Int32Array(1 << 12).fill(-1);
  private seconds = new Int32Array(1 << 12);
  private values = new Int32Array(1 << 12);
  private count = 0;

  get(a: number, b: number): number {
    const mask = this.firsts.length - 1;
    for (let i = hash(a, b) & mask; ; i = (i + 1) & mask) {
      const first = this.firsts[i]!;
      if (first < 0) return -1;
      if (first === a && this.seconds[i] === b) return this.values[i]!;
    }
  }

  /** Adds a pair that is not in the table. */
  set(a: number, b: number, value: number): void {
    if ((this.count + 1) * 2 > this.firsts.length) this.grow();
    this.place(a, b, value);
    this.count++;
  }

  private place(a: number, b: number, value: number): void {
    const mask = this.firsts.length - 1;
    let i = hash(a, b) & mask;
    while (this.firsts[i]! >= 0) i = (i + 1) & mask;
    this.firsts[i] = a;
    this.seconds[i] = b;
    this.values[i] = value;
  }

  private grow(): void {
    const { firsts, seconds, values } = this;
    this.firsts = new Int32Array(firsts.length * 2).fill(-1);
    this.seconds = new Int32Array(firsts.length * 2);
    this.values = new Int32Array(firsts.length * 2);
    for (let i = 0; i < firsts.length; i++) if (firsts[i]! >= 0) this.place(firsts[i]!, seconds[i]!, values[i]!);
  }
}

function hash(a: number, b: number): number {
  const h = Math.imul(a, 0x9e3779b1) ^ Math.imul(b + 0x7f4a7c15, 0x85ebca77);
  return (h ^ (h >>> 15)) >>> 0;
}
