// The embedder contract the knowledge base depends on (a LangChain EmbeddingsInterface plus a
// fingerprint naming its vector space) and the default offline embedder: feature hashing of
// diacritics-free syllables, syllable pairs and character trigrams. Nothing to download.

import { Embeddings, type EmbeddingsInterface } from "@langchain/core/embeddings";
import { bigrams, canonicalSpelling, foldedText, syllables } from "../text.ts";


/**
 * Any embedder plus a stable name for its vector space. Vectors from two embedders with different
 * fingerprints must never share an index.
 */
export type FingerprintedEmbeddings = EmbeddingsInterface & { readonly fingerprint: string };

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
    const counts = new Map<string, { n: number; weight: number }>();
    const add = (feature: string, weight: number) => {
      const seen = counts.get(feature);
      if (seen) seen.n++;
      else counts.set(feature, { n: 1, weight });
    };
    for (const t of tokens) add(`w:${t}`, FUNCTION_WORDS.has(t) ? FUNCTION_WEIGHT : SYLLABLE_WEIGHT);
    for (const pair of bigrams(tokens)) add(`p:${pair}`, PAIR_WEIGHT);
    const spaced = ` ${tokens.join(" ")} `;
    for (let i = 0; i + 3 <= spaced.length; i++) add(`c:${spaced.slice(i, i + 3)}`, TRIGRAM_WEIGHT);

    const vector = new Float64Array(this.dimensions);
    for (const [feature, { n, weight }] of counts) {
      const h = fnv1a(feature);
      // Signed hashing: collisions cancel out on average instead of inflating similarity.
      const sign = h & 0x80000000 ? -1 : 1;
      vector[h % this.dimensions]! += sign * weight * (1 + Math.log(n));
    }
    let norm = 0;
    for (const v of vector) norm += v * v;
    norm = Math.sqrt(norm) || 1;
    return Array.from(vector, (v) => v / norm);
  }
}

/** 32-bit FNV-1a over UTF-16 code units: fast, stable across platforms and versions. */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
