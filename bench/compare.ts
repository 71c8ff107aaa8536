// Judges figures against each other. Two ways: a run against the recorded baseline
// (bench/baseline.json, only when it was measured on the same kind of machine), where every tracked
// figure more than 20% worse is called out; and rounds of two trees run alternately on this machine
// (`--against <ref>`), reported as ratios with their spread. Small absolute changes are ignored
// either way (a p50 going from 1.2 ms to 1.5 ms is noise on a shared machine, not a regression).
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
  for (const v of results.voting ?? []) {
    add(`voting.${v.scenario}.perSecond`, v.perSecond, "higher", 10);
    add(`voting.${v.scenario}.p99`, v.p99, "lower", 5);
    add(`voting.${v.scenario}.cpuMsPerVote`, v.cpuMsPerVote, "lower", 0.3);
  }
  for (const b of results.broadcastReplies ?? []) {
    add(`broadcastReplies.${b.scenario}.during.webhook.p99`, b.during.webhook.p99, "lower", 5);
    add(`broadcastReplies.${b.scenario}.during.reply.p99`, b.during.reply.p99, "lower", 50);
  }
  for (const s of results.startup ?? []) add(`startup.${s.run}.ms`, s.ms, "lower", 500);
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

/** One figure of a side-by-side run: per-round values of both trees and how they compare. */
export interface SideBySideRow {
  key: string;
  better: Figure["better"];
  ours: number[];
  theirs: number[];
  /** median(ours) / median(theirs). */
  ratio: number;
  /** Lowest and highest ours/theirs of the rounds, each round's two runs paired. */
  spread: [number, number];
  verdict: "better" | "worse" | "same";
}

/** A difference smaller than this (as a ratio) is never called better or worse. */
export const SIDE_BY_SIDE_THRESHOLD = 0.1;

/**
 * Pairs the rounds of two trees figure by figure. A figure is called better or worse only when the
 * medians differ by more than 10% and by more than the figure's noise floor, every round points the
 * same way and the two trees' ranges do not overlap: one unlucky round on a shared machine must not
 * decide it.
 */
export function sideBySide(ours: BenchResults[], theirs: BenchResults[]): SideBySideRow[] {
  const perRound = (runs: BenchResults[]) => runs.map((r) => new Map(figures(r).map((f) => [f.key, f])));
  const a = perRound(ours);
  const b = perRound(theirs);
  const keys = [...(a[0]?.keys() ?? [])].filter((k) => b.some((round) => round.has(k)));
  const rows: SideBySideRow[] = [];
  for (const key of keys) {
    const rounds = a.flatMap((round, i) => {
      const x = round.get(key);
      const y = b[i]?.get(key);
      return x && y ? [{ x, y }] : [];
    });
    if (rounds.length === 0) continue;
    const better = rounds[0]!.x.better;
    const minDelta = rounds[0]!.x.minDelta;
    const oursValues = rounds.map((r) => r.x.value);
    const theirsValues = rounds.map((r) => r.y.value);
    const mo = median(oursValues);
    const mt = median(theirsValues);
    const ratio = mt === 0 ? (mo === 0 ? 1 : Infinity) : mo / mt;
    const paired = rounds.map((r) => (r.y.value === 0 ? (r.x.value === 0 ? 1 : Infinity) : r.x.value / r.y.value));
    const up = ratio > 1 + SIDE_BY_SIDE_THRESHOLD && paired.every((p) => p > 1);
    const down = ratio < 1 - SIDE_BY_SIDE_THRESHOLD && paired.every((p) => p < 1);
    const apart = Math.min(...oursValues) > Math.max(...theirsValues) || Math.max(...oursValues) < Math.min(...theirsValues);
    const clear = Math.abs(mo - mt) > minDelta && apart && (up || down);
    const verdict = !clear ? "same" : up === (better === "higher") ? "better" : "worse";
    rows.push({ key, better, ours: oursValues, theirs: theirsValues, ratio, spread: [Math.min(...paired), Math.max(...paired)], verdict });
  }
  return rows;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const s = [...values].sort((x, y) => x - y);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** The side-by-side rows as a Markdown table: medians with their range, the ratio and its spread. */
export function sideBySideTable(rows: SideBySideRow[], theirName: string): string {
  const fmt = (x: number) => (Number.isFinite(x) ? String(Math.round(x * 1000) / 1000) : "∞");
  const range = (xs: number[]) => (xs.length > 1 ? ` (${fmt(Math.min(...xs))}–${fmt(Math.max(...xs))})` : "");
  const lines = [
    `| figure | better | this tree | ${theirName} | ratio | ratio per round | verdict |`,
    "|---|---|---|---|---|---|---|",
  ];
  for (const r of rows) {
    const verdict = r.verdict === "same" ? "same (within noise)" : r.verdict === "worse" ? "**WORSE**" : "better";
    lines.push(
      `| ${r.key} | ${r.better} | ${fmt(median(r.ours))}${range(r.ours)} | ${fmt(median(r.theirs))}${range(r.theirs)} | ${fmt(r.ratio)} | ${fmt(r.spread[0])}–${fmt(r.spread[1])} | ${verdict} |`,
    );
  }
  return lines.join("\n");
}
