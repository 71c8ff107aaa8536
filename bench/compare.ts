// Compares a run with the recorded baseline (bench/baseline.json): every tracked figure that got
// more than 20% worse is called out. Small absolute changes are ignored (a p50 going from 1.2 ms to
// 1.5 ms is noise on a shared machine, not a regression).
import type { BenchResults } from "./results.ts";

export interface Figure {
  key: string;
  value: number;
  /** Which direction is better. */
  better: "higher" | "lower";
  /** Changes smaller than this (in the figure's unit) are never called regressions. */
  minDelta: number;
}

export interface Regression {
  key: string;
  baseline: number;
  now: number;
  /** How much worse, in percent. */
  worsePercent: number;
}

export const REGRESSION_THRESHOLD = 0.2;

/** The figures a run is judged by, flattened to stable keys. */
export function figures(results: BenchResults): Figure[] {
  const out: Figure[] = [];
  const add = (key: string, value: number | undefined, better: Figure["better"], minDelta: number) => {
    if (value !== undefined && Number.isFinite(value)) out.push({ key, value, better, minDelta });
  };
  for (const r of results.retrieval?.rows ?? []) {
    const id = `retrieval.${results.retrieval!.dataset}.${r.mode}${r.folded ? ".folded" : ""}`;
    add(`${id}.recall@1`, r["recall@1"], "higher", 0.005);
    add(`${id}.mrr@10`, r["mrr@10"], "higher", 0.005);
    add(`${id}.p99_ms`, r.p99_ms, "lower", 2);
    add(`${id}.build_ms`, r.build_ms, "lower", 500);
  }
  for (const i of results.ingestion) {
    add(`ingestion.${i.set}.chunksPerSecond`, i.chunksPerSecond, "higher", 20);
    add(`ingestion.${i.set}.indexBuildMs`, i.indexBuildMs, "lower", 500);
  }
  for (const m of results.messages) {
    add(`messages.${m.scenario}.max.perSecond`, m.max.perSecond, "higher", 10);
    add(`messages.${m.scenario}.paced.perSecond`, m.paced.perSecond, "higher", 10);
    add(`messages.${m.scenario}.paced.webhook.p99`, m.paced.webhook.p99, "lower", 5);
    add(`messages.${m.scenario}.paced.reply.p99`, m.paced.reply.p99, "lower", 5);
    add(`messages.${m.scenario}.light.webhook.p99`, m.light?.webhook.p99, "lower", 5);
    add(`messages.${m.scenario}.cpuMsPerMessage`, m.cpuMsPerMessage, "lower", 0.3);
  }
  add("memory.alqacIndexRssMiB", results.memory.indexRssMiB, "lower", 20);
  add("memory.serviceAfterRunRssMiB", results.memory.serviceAfterRunRssMiB, "lower", 20);
  return out;
}

export function regressions(baseline: BenchResults, now: BenchResults): Regression[] {
  const before = new Map(figures(baseline).map((f) => [f.key, f]));
  const out: Regression[] = [];
  for (const f of figures(now)) {
    const b = before.get(f.key);
    if (!b || b.value === 0) continue;
    const worse = f.better === "higher" ? b.value - f.value : f.value - b.value;
    if (worse <= f.minDelta) continue;
    const worsePercent = (worse / Math.abs(b.value)) * 100;
    if (worsePercent > REGRESSION_THRESHOLD * 100) out.push({ key: f.key, baseline: b.value, now: f.value, worsePercent: Math.round(worsePercent) });
  }
  return out;
}
