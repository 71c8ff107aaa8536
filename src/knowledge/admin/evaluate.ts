// Retrieval evaluation on a question set with known answers (format of
// ../shared/datasets/alqac/README.md): indexes the corpus one chunk per article, runs every
// question and reports recall@k, MRR@10 and latency. Also offers plain BM25 as a baseline.

import { readFile } from "node:fs/promises";
import { z } from "zod";
import { HashingEmbeddings, type FingerprintedEmbeddings } from "../index/embedder.ts";
import { LexicalIndex } from "../index/lexical-index.ts";
import { addQueryTerms } from "../index/lexical-terms.ts";
import { SearchEngine, type IndexedChunk, type SearchEngineOptions } from "../search/search-engine.ts";
import { foldDiacritics, normalizeText, syllables } from "../text.ts";

export type EvalMode = "hybrid" | "lexical" | "dense" | "bm25";

export interface EvalOptions {
  corpusFile: string;
  questionsFile: string;
  /** Strip diacritics from each question first, as people typing on a phone often do. */
  foldQuestions?: boolean;
  /** Hits retrieved per question (recall@10 and MRR@10 need k ≥ 10). */
  k?: number;
  mode?: EvalMode;
  embeddings?: FingerprintedEmbeddings;
  /** Extra engine settings, for tuning experiments. */
  engine?: Omit<SearchEngineOptions, "embeddings" | "mode">;
  /**
   * Untimed searches for this many article titles before the questions, so latency is that of a
   * running service, not of code still being compiled (the benchmark warms up; `kb eval` does not).
   */
  warmUp?: number;
}

export interface EvalResult {
  n: number;
  "recall@1": number;
  "recall@5": number;
  "recall@10": number;
  "mrr@10": number;
  p50_ms: number;
  p99_ms: number;
  build_ms: number;
}

export const CorpusLine = z.looseObject({ id: z.string().min(1), title: z.string(), text: z.string(), law_id: z.string().optional() });
export const QuestionLine = z.looseObject({ qid: z.string(), question: z.string().min(1), relevant: z.array(z.string()).min(1) });
export type CorpusLine = z.infer<typeof CorpusLine>;
export type QuestionLine = z.infer<typeof QuestionLine>;

/** A retriever under evaluation: question in, chunk ids best first. */
type Retrieve = (question: string, k: number) => Promise<string[]>;

export async function evaluate(opts: EvalOptions): Promise<EvalResult> {
  const corpus = await readJsonl(opts.corpusFile, CorpusLine);
  const started = performance.now();
  const retrieve = await buildRetriever(corpus, opts.mode ?? "hybrid", opts);
  const build_ms = performance.now() - started;
  // Titles, not the questions: nothing the timed questions search is looked at first.
  for (const line of corpus.slice(0, opts.warmUp ?? 0)) await retrieve(line.title, opts.k ?? 10);
  return { ...(await runQuestions(retrieve, opts)), build_ms: round(build_ms, 0) };
}

/** Several question sets (and forms) against one index of the corpus, built once. */
export async function evaluateSets(
  opts: Omit<EvalOptions, "questionsFile" | "foldQuestions">,
  sets: ReadonlyArray<{ questionsFile: string; foldQuestions?: boolean }>,
): Promise<Array<Omit<EvalResult, "build_ms">>> {
  const corpus = await readJsonl(opts.corpusFile, CorpusLine);
  const retrieve = await buildRetriever(corpus, opts.mode ?? "hybrid", opts);
  const out: Array<Omit<EvalResult, "build_ms">> = [];
  for (const set of sets) out.push(await runQuestions(retrieve, { ...opts, ...set }));
  return out;
}

async function runQuestions(retrieve: Retrieve, opts: Pick<EvalOptions, "questionsFile" | "foldQuestions" | "k">): Promise<Omit<EvalResult, "build_ms">> {
  const questions = await readJsonl(opts.questionsFile, QuestionLine);
  const k = opts.k ?? 10;

  const ranks: number[] = [];
  const latencies: number[] = [];
  for (const q of questions) {
    const question = opts.foldQuestions ? foldDiacritics(q.question) : q.question;
    const t0 = performance.now();
    const ids = await retrieve(question, k);
    latencies.push(performance.now() - t0);
    ranks.push(ids.findIndex((id) => q.relevant.includes(id)));
  }
  return { ...metrics(ranks), ...latency(latencies) };
}

/** Recall@1/5/10 and MRR@10 from the 0-based rank of each question's first relevant hit (-1: none). */
export function metrics(ranks: readonly number[]): Pick<EvalResult, "n" | "recall@1" | "recall@5" | "recall@10" | "mrr@10"> {
  const n = ranks.length;
  const within = (k: number) => ranks.filter((r) => r >= 0 && r < k).length / (n || 1);
  const mrr = ranks.reduce((sum, r) => sum + (r >= 0 && r < 10 ? 1 / (r + 1) : 0), 0) / (n || 1);
  return { n, "recall@1": round(within(1)), "recall@5": round(within(5)), "recall@10": round(within(10)), "mrr@10": round(mrr) };
}

function latency(ms: number[]): Pick<EvalResult, "p50_ms" | "p99_ms"> {
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return { p50_ms: round(at(0.5), 2), p99_ms: round(at(0.99), 2) };
}

async function buildRetriever(corpus: CorpusLine[], mode: EvalMode, opts: Pick<EvalOptions, "engine" | "embeddings">): Promise<Retrieve> {
  if (mode === "bm25") return buildBm25(corpus);
  const engine = new SearchEngine({ ...opts.engine, embeddings: opts.embeddings ?? new HashingEmbeddings(), mode });
  const byDocument = new Map<string, IndexedChunk[]>();
  for (const line of corpus) {
    const documentId = line.law_id ?? line.id;
    const chunk: IndexedChunk = { id: line.id, documentId, title: line.title, citation: "", text: line.text };
    const chunks = byDocument.get(documentId);
    if (chunks) chunks.push(chunk);
    else byDocument.set(documentId, [chunk]);
  }
  for (const [documentId, chunks] of byDocument) await engine.upsertDocument(documentId, chunks);
  return async (question, k) => (await engine.search(question, { k })).map((h) => h.id);
}

/**
 * The reference retriever of docs/answering.md: BM25 (k1 = 1.2, b = 0.75) over syllable unigrams
 * of title and text, no folding, each distinct query syllable counted once.
 */
function buildBm25(corpus: CorpusLine[]): Retrieve {
  const channels = { bigrams: false, exact: true, folded: false, numbers: false };
  const index = new LexicalIndex({
    k1: 1.2,
    channels,
    fields: { title: { weight: 0, b: 0.75 }, text: { weight: 1, b: 0.75 }, phrasings: { weight: 0, b: 0.75 } },
  });
  index.add(corpus.map((c) => ({ id: c.id, title: "", text: `${c.title}\n${c.text}` })));
  return async (question, k) => {
    const terms = new Map<string, number>();
    addQueryTerms(terms, { tokens: syllables(normalizeText(question)), weight: 1, accented: true }, channels);
    return index.search(terms, k).hits.map((h) => h.id);
  };
}

export async function readJsonl<T>(file: string, schema: z.ZodType<T>): Promise<T[]> {
  const text = await readFile(file, "utf8");
  const out: T[] = [];
  text.split("\n").forEach((line, i) => {
    if (!line.trim()) return;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      throw new Error(`${file}:${i + 1}: not valid JSON`);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw new Error(`${file}:${i + 1}: ${parsed.error.issues.map((e) => `${e.path.join(".")} ${e.message}`).join("; ")}`);
    out.push(parsed.data);
  });
  return out;
}

function round(x: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
