// The embedder contract the knowledge base depends on (a LangChain EmbeddingsInterface plus a
// fingerprint naming its vector space) and the default offline embedder: feature hashing of
// diacritics-free syllables, syllable pairs and character trigrams. Nothing to download.

import { Embeddings, type EmbeddingsInterface } from "@langchain/core/embeddings";
import { bigrams, canonicalSpelling, foldedText, syllables } from "../text.ts";


/**
 * Any embedder plus a stable name for its vector space. Vectors from two embedders with different
 * fingerprints must never share an index.
 */
export type FingerprintedEmbeddings = EmbeddingsInterface & {
  readonly fingerprint: string;
  /**
   * False when the vectors only reflect the words written, so text in another language dilutes a
   * passage's vector instead of adding to its meaning (search-engine.ts leaves English phrasings
   * out). Unset: a model that reads meaning across languages.
   */
  readonly crossLingual?: boolean;
};

export interface HashingEmbeddingsOptions {
  /** Vector length; also part of the fingerprint. */
  dimensions?: number;
}

// 2: i/y spelling variants are one syllable (text.ts canonicalSpelling).
const VERSION = 2;

// Function words carry little topic; at full weight they would dominate every short vector.
const FUNCTION_WORDS = new Set(
  ("cua va la cac co duoc trong cho theo voi nay do nhung mot thi khi khong ve tu den de tai bi " +
    "hoac ma nhu da se dang cung nao gi ai sao bao nhieu the minh ban oi a nhe vay")
    .split(" ")
    .map(canonicalSpelling),
);
const FUNCTION_WEIGHT = 0.3;
const SYLLABLE_WEIGHT = 1;
const PAIR_WEIGHT = 1;
// Character trigrams make "thanh nein" land near "thanh nien"; lighter, since there are many.
const TRIGRAM_WEIGHT = 0.35;

/**
 * Offline embedder: deterministic, fast, tolerant of missing marks and small typos, but purely
 * lexical (it knows no synonyms). Example: `await new HashingEmbeddings().embedQuery("di lam")`.
 */
export class HashingEmbeddings extends Embeddings implements FingerprintedEmbeddings {
  readonly dimensions: number;
  readonly fingerprint: string;
  /** Hashed syllables: an English line shares nothing with a Vietnamese question. */
  readonly crossLingual = false;

  constructor(opts: HashingEmbeddingsOptions = {}) {
    super({});
    this.dimensions = opts.dimensions ?? 512;
    this.fingerprint = `hashing:v${VERSION}:${this.dimensions}`;
  }

  async embedDocuments(documents: string[]): Promise<number[][]> {
    return documents.map((d) => this.embed(d));
  }

  async embedQuery(document: string): Promise<number[]> {
    return this.embed(document);
  }

  /** Synchronous core, usable where batching through promises is pointless. */
  embed(text: string): number[] {
    const tokens = syllables(foldedText(text)).map(canonicalSpelling);
    // Features are syllables ("w:"), syllable pairs ("p:") and character trigrams ("c:"), each
    // counted once per distinct value and added in that order (the order fixes the float sums, so
    // a vector never changes). The prefix is folded into the hash rather than spelled out: this
    // runs for every passage on a first start.
    const vector = new Float64Array(this.dimensions);
    const add = <F>(counts: Map<F, number>, hash: (feature: F) => number, weight: (feature: F) => number) => {
      for (const [feature, n] of counts) {
        const h = hash(feature);
        // Signed hashing: collisions cancel out on average instead of inflating similarity.
        const sign = h & 0x80000000 ? -1 : 1;
        vector[h % this.dimensions]! += sign * weight(feature) * (1 + Math.log(n));
      }
    };
    add(countOf(tokens), (t) => fnv1a(t, WORD_SEED), (t) => (FUNCTION_WORDS.has(t) ? FUNCTION_WEIGHT : SYLLABLE_WEIGHT));
    add(countOf(bigrams(tokens)), (pair) => fnv1a(pair, PAIR_SEED), () => PAIR_WEIGHT);
    add(trigramCounts(` ${tokens.join(" ")} `), trigramHash, () => TRIGRAM_WEIGHT);
    let norm = 0;
    for (const v of vector) norm += v * v;
    norm = Math.sqrt(norm) || 1;
    return Array.from(vector, (v) => v / norm);
  }
}

function countOf(values: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return counts;
}

/**
 * Character trigrams of folded text and how often each occurs, in order of first occurrence. A
 * trigram of code units below 1024 (all of folded Vietnamese) is counted under a small integer
 * made of its three units, which costs no string; any other under its text.
 */
function trigramCounts(spaced: string): Map<number | string, number> {
  const counts = new Map<number | string, number>();
  for (let i = 0; i + 3 <= spaced.length; i++) {
    const a = spaced.charCodeAt(i);
    const b = spaced.charCodeAt(i + 1);
    const c = spaced.charCodeAt(i + 2);
    const key = (a | b | c) < 1024 ? (a << 20) | (b << 10) | c : spaced.slice(i, i + 3);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/** fnv1a("c:" + the trigram), from either form of trigramCounts' keys. */
function trigramHash(key: number | string): number {
  if (typeof key === "string") return fnv1a(key, TRIGRAM_SEED);
  const h = Math.imul(TRIGRAM_SEED ^ (key >>> 20), 0x01000193);
  return (Math.imul(Math.imul(h ^ ((key >>> 10) & 1023), 0x01000193) ^ (key & 1023), 0x01000193)) >>> 0;
}

/**
 * 32-bit FNV-1a over UTF-16 code units: fast, stable across platforms and versions. Continuing
 * from `seed`, the hash of a prefix, gives the hash of prefix + s.
 */
function fnv1a(s: string, seed = 0x811c9dc5): number {
  let h = seed;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

const WORD_SEED = fnv1a("w:");
const PAIR_SEED = fnv1a("p:");
const TRIGRAM_SEED = fnv1a("c:");
