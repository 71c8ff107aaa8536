// Retrieval quality and latency: the engine in each mode (lexical, dense, hybrid) side by side with
// plain BM25 in the same run, on ALQAC when ../shared/datasets/alqac is there (a synthetic set
// otherwise), with the questions as written and with their diacritics stripped.
import { existsSync } from "node:fs";
import path from "node:path";
import { evaluate, type EvalMode, type EvalResult } from "../src/knowledge/admin/evaluate.ts";
import { writeRetrievalSet } from "./synthetic.ts";

export interface RetrievalRow extends EvalResult {
  mode: EvalMode;
  /** Questions without diacritics ("thanh nien la bao nhieu tuoi"). */
  folded: boolean;
}

export interface RetrievalResult {
  dataset: "alqac" | "synthetic";
  corpusFile: string;
  rows: RetrievalRow[];
}

export const MODES: EvalMode[] = ["bm25", "lexical", "dense", "hybrid"];
/** Article titles searched, untimed, before the timed questions. */
const WARM_UP = 300;

export async function runRetrievalBench(opts: { alqacDir: string; tempDir: string; onRow?: (row: RetrievalRow) => void }): Promise<RetrievalResult> {
  const alqac = { corpusFile: path.join(opts.alqacDir, "corpus.jsonl"), questionsFile: path.join(opts.alqacDir, "questions.jsonl") };
  const dataset = existsSync(alqac.corpusFile) && existsSync(alqac.questionsFile) ? "alqac" : "synthetic";
  const files = dataset === "alqac" ? alqac : writeRetrievalSet(path.join(opts.tempDir, "retrieval"));
  const rows: RetrievalRow[] = [];
  for (const mode of MODES) {
    for (const folded of [false, true]) {
      // Warmed up like the message benchmark: a running service has its search code compiled.
      const result = await evaluate({ ...files, mode, foldQuestions: folded, k: 10, warmUp: WARM_UP });
      const row = { mode, folded, ...result };
      opts.onRow?.(row);
      rows.push(row);
    }
  }
  return { dataset, corpusFile: files.corpusFile, rows };
}
