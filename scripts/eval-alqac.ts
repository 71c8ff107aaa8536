// Benchmark runner for the retrieval engine on ALQAC (../shared/datasets/alqac): the ablation
// table (BM25 baseline, lexical, dense, hybrid; with and without diacritics), memory, and query
// latency on a synthetic 100,000-chunk corpus built from the same legal text.
//
//   npx tsx scripts/eval-alqac.ts [--data DIR] [--modes bm25,lexical,dense,hybrid] [--synthetic N]
//                                 [--synthetic-mode lexical|hybrid] [--json]

import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { HashingEmbeddings } from "../src/knowledge/index/embedder.ts";
import { CorpusLine, evaluate, QuestionLine, readJsonl, type EvalMode, type EvalResult } from "../src/knowledge/admin/evaluate.ts";
import { SearchEngine, type IndexedChunk } from "../src/knowledge/search/search-engine.ts";

const { values } = parseArgs({
  options: {
    data: { type: "string", default: resolve(import.meta.dirname, "../../shared/datasets/alqac") },
    modes: { type: "string", default: "bm25,lexical,dense,hybrid" },
    synthetic: { type: "string", default: "100000" },
    "synthetic-mode": { type: "string", default: "lexical" },
    json: { type: "boolean", default: false },
  },
});

const corpusFile = join(values.data, "corpus.jsonl");
const questionsFile = join(values.data, "questions.jsonl");
if (!existsSync(corpusFile) || !existsSync(questionsFile)) {
  console.error(`ALQAC not found in ${values.data} (expected corpus.jsonl and questions.jsonl); pass --data DIR.`);
  process.exit(2);
}

const mb = (bytes: number) => Math.round(bytes / 2 ** 20);
const rows: Array<{ mode: EvalMode; fold: boolean; rss_mb: number } & EvalResult> = [];
for (const mode of values.modes.split(",") as EvalMode[]) {
  for (const fold of [false, true]) {
    const result = await evaluate({ corpusFile, questionsFile, mode, foldQuestions: fold, k: 10 });
    rows.push({ mode, fold, ...result, rss_mb: mb(process.memoryUsage().rss) });
    if (!values.json) printRow(rows.at(-1)!);
  }
}

const syntheticSize = Number(values.synthetic);
const synthetic = syntheticSize > 0 ? await syntheticLatency(syntheticSize, values["synthetic-mode"] as "lexical" | "hybrid") : undefined;
const peak_rss_mb = Math.round(process.resourceUsage().maxRSS / 1024);
if (values.json) console.log(JSON.stringify({ rows, synthetic, peak_rss_mb }));
else {
  if (synthetic) console.log(`\nsynthetic ${synthetic.chunks} chunks (${synthetic.mode}): build ${synthetic.build_s} s, query p50 ${synthetic.p50_ms} ms, p99 ${synthetic.p99_ms} ms, rss ${synthetic.rss_mb} MB`);
  // Peak over the whole run: run one mode with --synthetic 0 to read one configuration's peak.
  console.log(`peak rss ${peak_rss_mb} MB`);
}

function printRow(r: (typeof rows)[number]): void {
  if (rows.length === 1) console.log("mode      questions   R@1    R@5    R@10   MRR@10  p50 ms  p99 ms  build ms  rss MB");
  const cells = [r["recall@1"], r["recall@5"], r["recall@10"], r["mrr@10"]].map((x) => x.toFixed(3).padEnd(6));
  console.log(`${r.mode.padEnd(9)} ${(r.fold ? "folded" : "accented").padEnd(11)} ${cells.join(" ")}  ${String(r.p50_ms).padEnd(7)} ${String(r.p99_ms).padEnd(7)} ${String(r.build_ms).padEnd(9)} ${r.rss_mb}`);
}

/**
 * Chunks made of two random paragraphs of the real corpus under a random real title: the
 * vocabulary and document frequencies of legal text, at a size the real set does not reach.
 */
async function syntheticLatency(size: number, mode: "lexical" | "hybrid") {
  const corpus = await readJsonl(corpusFile, CorpusLine);
  const questions = await readJsonl(questionsFile, QuestionLine);
  const paragraphs = corpus.flatMap((c) => c.text.split(/\n+/).filter((p) => p.trim().length > 0));
  let seed = 42;
  const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const engine = new SearchEngine({ embeddings: new HashingEmbeddings(), mode });
  const started = performance.now();
  const perDocument = 100;
  for (let d = 0; d < size / perDocument; d++) {
    const chunks: IndexedChunk[] = Array.from({ length: perDocument }, (_, i) => ({
      id: `s${d}-${i}`,
      documentId: `doc${d}`,
      title: pick(corpus).title,
      citation: "",
      text: `${pick(paragraphs)}\n${pick(paragraphs)}`,
    }));
    await engine.upsertDocument(`doc${d}`, chunks);
  }
  await engine.search("khởi động");
  const build_s = Math.round((performance.now() - started) / 100) / 10;
  const latencies: number[] = [];
  for (const q of questions.slice(0, 500)) {
    const t0 = performance.now();
    await engine.search(q.question, { k: 10 });
    latencies.push(performance.now() - t0);
  }
  latencies.sort((a, b) => a - b);
  const at = (p: number) => Math.round(latencies[Math.floor(p * latencies.length)]! * 100) / 100;
  return { chunks: engine.size.chunks, mode, build_s, p50_ms: at(0.5), p99_ms: at(0.99), rss_mb: mb(process.memoryUsage().rss) };
}
