// The retrieval engine behind the knowledge base: documents' chunks in a two-level lexical index
// and a dense index, fused into one ranking whose scores are comparable across questions, so
// the conversation can tell "I know" from "I don't know". Owns document bookkeeping and the
// on-disk layout of both indexes.

import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import { DenseIndex } from "../index/dense-index.ts";
import type { FingerprintedEmbeddings } from "../index/embedder.ts";
import { defaultLexicon, type AnalyzedQuery, type Lexicon, type WeightedTokens } from "./lexicon.ts";
import { LexicalRetriever, type LexicalRetrieverOptions } from "./lexical-retriever.ts";
import { LooseSynonyms } from "./loose-synonyms.ts";
import { ANALYZER_VERSION } from "../index/lexical-terms.ts";
import { confidenceOf, DEFAULT_CONFIDENCE_THRESHOLD, DEFAULT_FUSION, fuse, type FusionWeights, type SearchMode } from "./fusion.ts";
import { prepareQuery, type PreparedQuery, type QueryOptions } from "./question.ts";
import { isEnglishPhrasing } from "./english-phrasing.ts";
import { BREAK, normalizeText, phraseTokens, wordsOf } from "../text.ts";

export { DEFAULT_CONFIDENCE_THRESHOLD, type SearchMode };

export interface IndexedChunk {
  id: string;
  documentId: string;
  title: string;
  citation: string;
  text: string;
  /** Other ways people ask what this chunk answers (FAQ "Cách hỏi khác"). */
  phrasings?: string[];
}

export interface SearchHit {
  id: string;
  documentId: string;
  /** In [0, 1], comparable across questions: compare with the confidence threshold. */
  score: number;
  /** Share of the question this chunk matches word for word, in [0, 1]. */
  lexical: number;
  /** Cosine similarity of question and chunk vectors (0 when dense search is off). */
  dense: number;
  /** score ≥ the engine's confidence threshold: safe to answer from. */
  confident: boolean;
}

export interface SearchEngineOptions {
  embeddings: FingerprintedEmbeddings;
  mode?: SearchMode;
  lexicon?: Lexicon;
  /** Defaults to DEFAULT_CONFIDENCE_THRESHOLD. */
  threshold?: number;
  retriever?: Partial<LexicalRetrieverOptions>;
  fusion?: Partial<FusionWeights>;
  /** How questions are read into weighted terms (question.ts). */
  query?: Partial<QueryOptions>;
  /**
   * The synonym groups matched loosely (loose-synonyms.ts, retriever option looseSynonyms); by
   * default those of knowledge/lexicon.json when the lexicon is the default one, else none.
   */
  synonymGroups?: ReadonlyArray<readonly string[]>;
}

export type EngineLoadResult =
  | { status: "ok"; engine: SearchEngine }
  | { status: "missing" }
  | { status: "mismatch"; reason: string };

const FILE_ENGINE = "engine.json";
const DIR_LEXICAL = "lexical";
const FORMAT = 1;

export class SearchEngine {
  readonly mode: SearchMode;
  readonly threshold: number;
  private readonly embeddings: FingerprintedEmbeddings;
  readonly lexicon: Lexicon;
  private readonly fusion: FusionWeights;
  private readonly queryOptions: Partial<QueryOptions>;
  private readonly loose: LooseSynonyms | undefined;
  private lexical: LexicalRetriever;
  private dense: DenseIndex | undefined;
  private readonly chunksOf = new Map<string, string[]>();
  private readonly documentOf = new Map<string, string>();

  constructor(opts: SearchEngineOptions) {
    this.embeddings = opts.embeddings;
    this.mode = opts.mode ?? "hybrid";
    this.threshold = opts.threshold ?? DEFAULT_CONFIDENCE_THRESHOLD;
    this.lexicon = opts.lexicon ?? defaultLexicon();
    this.fusion = { ...DEFAULT_FUSION, ...opts.fusion };
    this.queryOptions = opts.query ?? {};
    this.lexical = LexicalRetriever.create(opts.retriever);
    // The lexicon owns the groups; a lexicon passed in (tests) gets loose matching only when asked.
    this.loose = opts.synonymGroups ? LooseSynonyms.fromGroups(opts.synonymGroups) : opts.lexicon ? undefined : LooseSynonyms.fromGroups(this.lexicon.synonymGroups());
  }

  get size(): { documents: number; chunks: number } {
    return { documents: this.chunksOf.size, chunks: this.documentOf.size };
  }

  /** How rare a term of the lexical index is (see lexical-terms.ts for term spellings). */
  idf(term: string): number {
    return this.lexical.idf(term);
  }

  /** Whether a score is high enough to answer from rather than fall back. */
  isConfident(score: number): boolean {
    return score >= this.threshold;
  }

  /** Replaces every chunk of the document with these. */
  async upsertDocument(documentId: string, chunks: IndexedChunk[]): Promise<void> {
    // Embed first, mutate after: a failing embedder leaves the old chunks searchable.
    const english = this.embeddings.crossLingual !== false;
    const vectors = this.usesDense() ? await this.embeddings.embedDocuments(chunks.map((c) => denseText(c, english))) : [];
    this.removeDocument(documentId);
    this.loose?.forget();
    for (const c of chunks) {
      const previous = this.documentOf.get(c.id);
      if (previous !== undefined) this.forgetChunk(previous, c.id);
      this.documentOf.set(c.id, documentId);
    }
    this.chunksOf.set(documentId, chunks.map((c) => c.id));
    this.lexical.add(
      chunks.map((c) => ({
        id: c.id,
        title: `${c.title}\n${c.citation}`,
        text: c.text,
        phrasings: (c.phrasings ?? []).map((p) => this.lexicon.expandAbbreviations(phraseTokens(normalizeText(p))).join(" ")),
      })),
    );
    if (vectors.length > 0) {
      const dense = this.denseIndex(vectors[0]!.length);
      dense.add(chunks.map((c, i) => ({ id: c.id, vector: vectors[i]! })));
    }
  }

  removeDocument(documentId: string): void {
    const ids = this.chunksOf.get(documentId);
    if (!ids) return;
    this.loose?.forget();
    this.lexical.remove(ids);
    this.dense?.remove(ids);
    for (const id of ids) this.documentOf.delete(id);
    this.chunksOf.delete(documentId);
  }

  /** The question read as a whole (question.ts) and the weighted terms to search it with. */
  prepare(text: string): PreparedQuery {
    return prepareQuery(text, this.lexicon, this.queryOptions);
  }

  async search(query: string | PreparedQuery, opts: { k?: number } = {}): Promise<SearchHit[]> {
    const k = opts.k ?? 5;
    const { analyzed, question } = typeof query === "string" ? this.prepare(query) : query;
    if (!analyzed.tokens.some((t) => t !== BREAK)) return [];
    const depth = Math.max(k, this.fusion.depth);
    const lexical = this.mode === "dense" ? [] : this.lexical.search(analyzed, depth, question.language === "vi" ? this.looseSynonyms(analyzed) : []);
    let dense: Array<{ id: string; similarity: number }> = [];
    if (this.usesDense() && this.dense && this.dense.size > 0) {
      const text = [wordsOf(analyzed.tokens).join(" "), ...analyzed.expansions.map((e) => wordsOf(e.tokens).join(" "))].join(" ");
      const vector = await this.embeddings.embedQuery(text);
      dense = this.dense.search(vector, Math.max(k, this.fusion.denseDepth));
      // Lexical candidates the graph did not return still get their exact similarity.
      const found = new Set(dense.map((d) => d.id));
      const unseen = lexical.slice(0, this.fusion.rescore).map((m) => m.id).filter((id) => !found.has(id));
      dense.push(...this.dense.similarities(vector, unseen));
    }
    const fused = fuse(lexical, dense, this.mode, this.fusion);
    const top = fused[0];
    if (!top) return [];
    const confidence = confidenceOf(top, this.mode, this.fusion);
    return fused.slice(0, k).map((f) => {
      const score = (confidence * f.fused) / top.fused;
      return {
        id: f.id,
        documentId: this.documentOf.get(f.id) ?? "",
        score,
        lexical: f.coverage,
        dense: f.similarity,
        confident: this.isConfident(score),
      };
    });
  }

  /**
   * The synonym groups the question matches only in part (loose-synonyms.ts), as expansions. Only
   * for Vietnamese: an English question reaches the documents' words through the English table,
   * phrase by phrase, and its translated words matched loosely only add noise.
   */
  private looseSynonyms(analyzed: AnalyzedQuery): WeightedTokens[] {
    const lexical = this.lexical;
    return this.loose?.expand(analyzed, { rarity: (term) => lexical.idf(term), knows: (word) => lexical.knows(word) }, lexical.options.looseSynonyms) ?? [];
  }

  async save(dir: string): Promise<void> {
    await mkdir(dir, { recursive: true });
    await this.lexical.save(join(dir, DIR_LEXICAL));
    if (this.dense) await this.dense.save(dir);
    const meta: EngineMeta = {
      format: FORMAT,
      analyzer: ANALYZER_VERSION,
      lexicon: this.lexicon.indexFingerprint,
      fingerprint: this.embeddings.fingerprint,
      dense: this.dense !== undefined,
      documents: Object.fromEntries(this.chunksOf),
    };
    // Written last: its presence means the rest is complete.
    await writeFile(join(dir, FILE_ENGINE), JSON.stringify(meta));
  }

  /** The saved engine, or null when there is none or it must be rebuilt (see loadResult). */
  static async load(dir: string, opts: SearchEngineOptions): Promise<SearchEngine | null> {
    const result = await SearchEngine.loadResult(dir, opts);
    return result.status === "ok" ? result.engine : null;
  }

  /** Like load, but says why nothing was loaded: a different embedder means "rebuild". */
  static async loadResult(dir: string, opts: SearchEngineOptions): Promise<EngineLoadResult> {
    const raw = await readFile(join(dir, FILE_ENGINE), "utf8").catch(() => null);
    if (raw === null) return { status: "missing" };
    const meta = EngineMeta.parse(JSON.parse(raw));
    if (meta.analyzer !== ANALYZER_VERSION) {
      return { status: "mismatch", reason: `index built with text analyzer v${meta.analyzer}, current is v${ANALYZER_VERSION}` };
    }
    const engine = new SearchEngine(opts);
    if (meta.lexicon !== engine.lexicon.indexFingerprint) {
      return { status: "mismatch", reason: "index built with another lexicon (knowledge/lexicon.json changed)" };
    }
    if (engine.usesDense() && meta.fingerprint !== opts.embeddings.fingerprint) {
      return { status: "mismatch", reason: `index built with embedder ${meta.fingerprint}, current embedder is ${opts.embeddings.fingerprint}` };
    }
    if (engine.usesDense() && !meta.dense && Object.keys(meta.documents).length > 0) {
      return { status: "mismatch", reason: "index was built without dense vectors" };
    }
    const lexical = await LexicalRetriever.load(join(dir, DIR_LEXICAL), opts.retriever);
    if (!lexical) return { status: "missing" };
    engine.lexical = lexical;
    if (engine.usesDense() && meta.dense) {
      const dense = await DenseIndex.load(dir, { fingerprint: opts.embeddings.fingerprint });
      if (dense.status === "mismatch") return { status: "mismatch", reason: `dense index built with ${dense.found}` };
      if (dense.status === "missing") return { status: "missing" };
      engine.dense = dense.index;
    }
    for (const [documentId, ids] of Object.entries(meta.documents)) {
      engine.chunksOf.set(documentId, ids);
      for (const id of ids) engine.documentOf.set(id, documentId);
    }
    return { status: "ok", engine };
  }

  private usesDense(): boolean {
    return this.mode !== "lexical";
  }

  private denseIndex(dimensions: number): DenseIndex {
    this.dense ??= DenseIndex.create({ dimensions, fingerprint: this.embeddings.fingerprint });
    return this.dense;
  }

  private forgetChunk(documentId: string, chunkId: string): void {
    const ids = this.chunksOf.get(documentId)?.filter((id) => id !== chunkId) ?? [];
    this.chunksOf.set(documentId, ids);
    this.lexical.remove([chunkId]);
    this.dense?.remove([chunkId]);
  }
}

/**
 * What a passage's vector is made of. For an embedder that is not cross-lingual, like the built-in
 * one, English phrasings are left out: it hashes syllables, so an FAQ entry's English lines took a
 * share of its vector from its Vietnamese words, and every Vietnamese question found it less
 * similar than a law article without them (they are matched in English by english-phrasing.ts
 * instead). Measured on all question sets: right at the first reply +0.5 to +2 points on most,
 * English sets included. A model behind an endpoint reads meaning across languages: it keeps them.
 */
function denseText(c: IndexedChunk, english: boolean): string {
  const phrasings = english ? (c.phrasings ?? []) : (c.phrasings ?? []).filter((p) => !isEnglishPhrasing(p));
  return [c.title, c.citation, ...phrasings, c.text].join("\n");
}

const EngineMeta = z.object({
  format: z.literal(FORMAT),
  // Indexes saved before the analyzer had a version were built by version 1.
  analyzer: z.number().int().default(1),
  lexicon: z.string().optional(),
  fingerprint: z.string(),
  dense: z.boolean(),
  documents: z.record(z.string(), z.array(z.string())),
});
type EngineMeta = z.infer<typeof EngineMeta>;
