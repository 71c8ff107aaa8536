// Two-level lexical retrieval: BM25F over whole chunks plus BM25F over their passages
// (paragraphs and FAQ phrasings), so a long chunk whose one paragraph answers the question is
// not drowned by its own length. Owns query → term weighting and both indexes' persistence.

import { join } from "node:path";
import type { AnalyzedQuery, WeightedTokens } from "./lexicon.ts";
import { LexicalIndex, type LexicalChunk, type LexicalOptions } from "../index/lexical-index.ts";
import { addQueryTerms, DEFAULT_QUERY_WEIGHTS, type QueryWeights } from "../index/lexical-terms.ts";
import { idf } from "../index/bm25f.ts";
import { DEFAULT_LOOSE_SYNONYMS, type LooseSynonymOptions } from "./loose-synonyms.ts";

export interface LexicalRetrieverOptions {
  chunk: Partial<LexicalOptions>;
  passage: Partial<LexicalOptions>;
  /** Share of the whole-chunk score in the mix; the best passage gets the rest. */
  chunkShare: number;
  query: QueryWeights;
  /** Candidates read from each index before mixing. */
  depth: number;
  /** Synonym groups the question matches in part (loose-synonyms.ts); applied by the search engine. */
  looseSynonyms: LooseSynonymOptions;
}

// Tuned on ALQAC (see scripts/eval-alqac.ts): titles matter (questions echo article headings),
// mild length normalisation, words in over a third of the chunks ignored, and a best passage
// that outweighs the whole chunk. Syllable pairs weigh as much as single syllables: 1.5 suited
// ALQAC's exam questions, but on natural questions and the youth set (scripts/tune-retrieval.ts)
// pairs formed across word boundaries ("định pháp" in "quy định pháp luật") then outweighed the
// content words.
export const DEFAULT_RETRIEVER_OPTIONS: LexicalRetrieverOptions = {
  chunk: { k1: 0.7, maxDocumentShare: 0.35, fields: { title: { weight: 3, b: 0.75 }, text: { weight: 1, b: 0.3 }, phrasings: { weight: 2, b: 0.5 } } },
  passage: { k1: 0.7, maxDocumentShare: 0.35, fields: { title: { weight: 1, b: 0.75 }, text: { weight: 1, b: 0.5 }, phrasings: { weight: 1, b: 0.5 } } },
  chunkShare: 0.35,
  query: { ...DEFAULT_QUERY_WEIGHTS, bigram: 1 },
  depth: 100,
  looseSynonyms: DEFAULT_LOOSE_SYNONYMS,
};

export interface LexicalMatch {
  id: string;
  /** Relative to the best match of this query, in (0, 1]: for ranking. */
  score: number;
  /** Share of the question's term weight this chunk matches, in [0, 1]: comparable across queries. */
  coverage: number;
}

const SEP = "\u0000";
// "Điều 6" in a question names the article it is about: far stronger evidence than any word.
const CITATION = /^~?(?:điều|dieu) \d+$/u;
const CITATION_WEIGHT = 8;
const CHUNKS_DIR = "chunks";
const PASSAGES_DIR = "passages";

export class LexicalRetriever {
  readonly options: LexicalRetrieverOptions;

  private constructor(
    private readonly chunks: LexicalIndex,
    private readonly passages: LexicalIndex,
    private readonly passageCount: Map<string, number>,
    options: LexicalRetrieverOptions,
  ) {
    this.options = options;
  }

  static create(options: Partial<LexicalRetrieverOptions> = {}): LexicalRetriever {
    const o = { ...DEFAULT_RETRIEVER_OPTIONS, ...options };
    return new LexicalRetriever(new LexicalIndex(o.chunk), new LexicalIndex(o.passage), new Map(), o);
  }

  get size(): number {
    return this.chunks.size;
  }

  /** How rare a term is among the chunks: the idf the chunk index scores it with. */
  idf(term: string): number {
    return idf(this.chunks.size, this.chunks.df(term));
  }

  /** Whether any chunk holds this term. */
  knows(term: string): boolean {
    return this.chunks.df(term) > 0;
  }

  add(chunks: readonly LexicalChunk[]): void {
    this.remove(chunks.map((c) => c.id));
    this.chunks.add(chunks);
    const passages: LexicalChunk[] = [];
    for (const chunk of chunks) {
      const pieces = passagesOf(chunk);
      pieces.forEach((p, i) => passages.push({ ...p, id: `${chunk.id}${SEP}${i}` }));
      this.passageCount.set(chunk.id, pieces.length);
    }
    this.passages.add(passages);
  }

  remove(ids: Iterable<string>): void {
    const chunkIds = [...ids];
    this.chunks.remove(chunkIds);
    for (const id of chunkIds) {
      const n = this.passageCount.get(id) ?? 0;
      this.passages.remove(Array.from({ length: n }, (_, i) => `${id}${SEP}${i}`));
      this.passageCount.delete(id);
    }
  }

  /**
   * `loose`: synonyms the question matches only in part (loose-synonyms.ts). They are the
   * documents' own words, so only their exact spelling is searched.
   */
  search(query: AnalyzedQuery, k: number, loose: readonly WeightedTokens[] = []): LexicalMatch[] {
    const { query: weights, chunkShare, depth } = this.options;
    const channels = this.chunks.options.channels;
    const known = (term: string) => this.chunks.df(term) > 0;
    const own = new Map<string, number>();
    for (const part of query.parts ?? [{ tokens: query.tokens, weight: 1, accented: query.accented }]) {
      addQueryTerms(own, part, channels, weights, known);
    }
    for (const [term, w] of own) if (CITATION.test(term)) own.set(term, w * CITATION_WEIGHT);
    const terms = new Map(own);
    for (const e of query.expansions) addQueryTerms(terms, { ...e, accented: true }, channels, weights, known);
    const exactOnly = channels.exact ? { ...channels, folded: false } : channels;
    for (const e of loose) addQueryTerms(terms, { ...e, accented: true }, exactOnly, weights, known);

    const whole = this.chunks.search(terms, Math.max(k, depth));
    const parts = this.passages.search(terms, Math.max(k, depth) * 4);
    const best = new Map<string, number>();
    for (const hit of parts.hits) {
      const id = hit.id.slice(0, hit.id.indexOf(SEP));
      if (!best.has(id)) best.set(id, hit.score);
    }
    const topWhole = whole.hits[0]?.score || 1;
    const topPart = parts.hits[0]?.score || 1;
    const ownBound = this.chunks.bound(own) || 1;
    const ownPartBound = this.passages.bound(own) || 1;
    const wholeScore = new Map(whole.hits.map((h) => [h.id, h.score]));
    const ids = new Set([...wholeScore.keys(), ...best.keys()]);
    const matches: LexicalMatch[] = [];
    for (const id of ids) {
      const w = wholeScore.get(id) ?? 0;
      const p = best.get(id) ?? 0;
      matches.push({
        id,
        score: chunkShare * (w / topWhole) + (1 - chunkShare) * (p / topPart),
        coverage: Math.min(1, chunkShare * (w / ownBound) + (1 - chunkShare) * (p / ownPartBound)),
      });
    }
    matches.sort((a, b) => b.score - a.score);
    const top = matches[0]?.score || 1;
    return matches.slice(0, k).map((m) => ({ ...m, score: m.score / top }));
  }

  async save(dir: string): Promise<void> {
    await this.chunks.save(join(dir, CHUNKS_DIR));
    await this.passages.save(join(dir, PASSAGES_DIR));
  }

  static async load(dir: string, options: Partial<LexicalRetrieverOptions> = {}): Promise<LexicalRetriever | null> {
    const o = { ...DEFAULT_RETRIEVER_OPTIONS, ...options };
    const chunks = await LexicalIndex.load(join(dir, CHUNKS_DIR), o.chunk);
    const passages = await LexicalIndex.load(join(dir, PASSAGES_DIR), o.passage);
    if (!chunks || !passages) return null;
    const passageCount = new Map<string, number>();
    for (const id of passages.chunkIds()) {
      const chunkId = id.slice(0, id.indexOf(SEP));
      passageCount.set(chunkId, (passageCount.get(chunkId) ?? 0) + 1);
    }
    return new LexicalRetriever(chunks, passages, passageCount, o);
  }
}

const MARKERS: ReadonlyArray<readonly [string, RegExp]> = [
  ["letter", /^[a-zđ]\)\s/u],
  ["number", /^\d{1,3}[.)]\s/u],
  ["bullet", /^[-–•+*]\s/u],
];

function markerOf(paragraph: string): string | null {
  return MARKERS.find(([, pattern]) => pattern.test(paragraph))?.[0] ?? null;
}

/**
 * The pieces a chunk is scored by besides its whole text: each paragraph (under the chunk's
 * title, so the heading still counts) and each FAQ phrasing on its own. A list item keeps the
 * sentences that introduce its list and enclosing lists ("... bao gồm:"), without which it
 * rarely makes sense.
 */
function passagesOf(chunk: LexicalChunk): LexicalChunk[] {
  const paragraphs = chunk.text.split(/\n+/).map((p) => p.trim()).filter((p) => p.length > 0);
  let leadIns: Array<{ marker: string | null; text: string }> = [];
  const texts = paragraphs.map((p) => {
    const marker = markerOf(p);
    if (marker === null) leadIns = [];
    // A sibling item closes its predecessor's sub-list.
    const sibling = leadIns.findIndex((l) => l.marker === marker);
    if (sibling >= 0) leadIns = leadIns.slice(0, sibling);
    const text = [...leadIns.map((l) => l.text), p].join("\n");
    if (p.endsWith(":")) leadIns.push({ marker, text: p });
    return text;
  });
  return [
    ...texts.map((text) => ({ id: chunk.id, title: chunk.title, text })),
    ...(chunk.phrasings ?? []).map((p) => ({ id: chunk.id, title: chunk.title, text: "", phrasings: [p] })),
  ];
}
