// How the answer-decision parameters (src/knowledge/answer/answer-decision.ts) were chosen, and a
// diagnosis of where answers go wrong: for every question of the given chat-eval sets it records
// the ranked passages and which of them would state the expected facts, then
//   1. reports retrieval alone: where the first right passage ranks (1, 2–3, 4–8, not found);
//   2. fits the confidence model (logistic weights over the candidates' evidence, then the answer /
//      ask-back / fall-back thresholds by grid search) with k-fold cross-validation: fitted on k−1
//      folds and measured on the fold left out, so the figure reported is not the one tuned on;
//   3. fits it on all the data and, with --write, stores it in src/knowledge/answer/answer-model.json.
//
//   npx tsx scripts/tune-decision.ts eval/youth-questions.jsonl [more.jsonl …] [--folds 5] [--write] [--show-misses]
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { readChatEvalCases, statesFacts, type ChatEvalCase } from "../src/conversation/chat-eval.ts";
import {
  calibrationInputs,
  CALIBRATION,
  choose,
  isVague,
  decide,
  DEFAULT_DECISION,
  featuresOf,
  FEATURES,
  rankScore,
  rescore,
  SIGNS,
  type CalibrationFeature,
  type DecisionParams,
  type Feature,
  type Scored,
} from "../src/knowledge/answer/answer-decision.ts";
import { composeAnswer } from "../src/knowledge/answer/compose-answer.ts";
import type { Passage } from "../src/knowledge/passage.ts";
import type { Question } from "../src/knowledge/search/question.ts";
import { withThrowawayKnowledgeBase } from "../src/knowledge/admin/throwaway-knowledge-base.ts";
import { Prompts } from "../src/prompts.ts";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    folds: { type: "string", default: "5" },
    "show-misses": { type: "boolean", default: false },
    write: { type: "boolean", default: false },
    knowledge: { type: "string", default: "knowledge" },
  },
});
const MODEL_FILE = path.resolve(import.meta.dirname, "../src/knowledge/answer/answer-model.json");

interface Recorded {
  c: ChatEvalCase;
  question: Question;
  passages: Passage[];
  /** chunkId → whether answering from that passage states the facts. */
  right: Map<string, boolean>;
}

const prompts = Prompts.load({ botName: "Bot", orgName: "Org" });
const recorded: Recorded[] = [];
await withThrowawayKnowledgeBase({ knowledgeDir: values.knowledge }, async (kb) => {
  for (const file of positionals) {
    for (const c of await readChatEvalCases(file)) {
      if (!c.text.trim()) continue;
      const { question, passages } = await kb.candidates(c.text);
      const right = new Map<string, boolean>();
      const facts = "all" in c ? (c.all as string[][]) : null;
      if (facts) {
        for (const p of passages) {
          const text = composeAnswer({ question: c.text, type: question.type, passage: p, prompts, locale: "vi" }).text;
          right.set(p.chunkId, statesFacts(text, facts));
        }
      }
      recorded.push({ c, question, passages, right });
    }
  }
});

// 1. Retrieval alone: the engine's own ranking.
const inScope = recorded.filter((r) => "all" in r.c);
const rankOfRight = (r: Recorded) => r.passages.findIndex((p) => r.right.get(p.chunkId));
const ranks = { 1: 0, "2-3": 0, "4-8": 0, none: 0 };
for (const r of inScope) {
  const at = rankOfRight(r);
  if (at === 0) ranks[1]++;
  else if (at >= 1 && at <= 2) ranks["2-3"]++;
  else if (at >= 3) ranks["4-8"]++;
  else ranks.none++;
}
console.log(`retrieval, first right passage at rank: ${JSON.stringify(ranks)} of ${inScope.length}`);
const styles = [...new Set(inScope.map((r) => String(r.c.style ?? "-")))].sort();
const firstRight = (rs: Recorded[], order: (r: Recorded) => readonly Passage[]) => rs.filter((r) => r.right.get(order(r)[0]?.chunkId ?? "")).length;
console.log(
  `  right at rank 1 by style: ${styles.map((st) => { const rs = inScope.filter((r) => String(r.c.style ?? "-") === st); return `${st} ${firstRight(rs, (r) => r.passages)}/${rs.length}`; }).join(", ")}`,
);

// 2. The model: logistic weights fitted on candidates (right or not), thresholds by grid search.
interface Score {
  rightFirst: number;
  withinTap: number;
  wrong: number;
  fallback: number;
  clarified: number;
  oosDeclined: number;
  objective: number;
}
type Thresholds = Omit<DecisionParams, "ranker" | "calibration">;

function score(rs: readonly Recorded[], params: DecisionParams): Score {
  return scoreScored(rs, rs.map((r) => rescore(r.question, r.passages, params)), params);
}

/** The outcome counts over candidates already ranked and scored, for one set of thresholds. */
function scoreScored(rs: readonly Recorded[], scored: readonly Scored[][], thresholds: Thresholds): Score {
  let right = 0, tap = 0, wrong = 0, fallback = 0, clarified = 0, n = 0, oos = 0, declined = 0;
  rs.forEach((r, i) => {
    const d = choose(scored[i]!, thresholds, { vague: isVague(r.question), story: r.question.context !== "" || r.question.pointsBack, asks: r.question.asks });
    if (!("all" in r.c)) {
      oos++;
      if (d.outcome === "fallback") declined++;
      return;
    }
    n++;
    if (d.outcome === "answer") {
      if (r.right.get(d.best.chunkId)) right++;
      else wrong++;
    } else if (d.outcome === "clarify") {
      clarified++;
      if (d.options.some((p) => r.right.get(p.chunkId))) tap++;
    } else fallback++;
  });
  const s = { rightFirst: right / n, withinTap: (right + tap) / n, wrong: wrong / n, fallback: fallback / n, clarified: clarified / n, oosDeclined: oos ? declined / oos : 1 };
  // A confident wrong answer costs most; a clarify that leads to the answer is worth a third of a
  // right first reply; answering out-of-scope questions is not allowed below 95% declined.
  const objective = s.rightFirst + 0.3 * (s.withinTap - s.rightFirst) - 2 * s.wrong - 4 * Math.max(0, 0.95 - s.oosDeclined);
  return { ...s, objective };
}

/**
 * The ranker: a linear score trained listwise (softmax over each question's candidates, so the
 * right passage is pushed above the others of the same question), with a little L2.
 */
function fitRanker(rs: readonly Recorded[]): Record<Feature, number> {
  const lists: Array<{ xs: number[][]; right: boolean[] }> = [];
  for (const r of rs) {
    if (!("all" in r.c) || !r.passages.some((p) => r.right.get(p.chunkId))) continue;
    const top = r.passages[0]?.score ?? 0;
    lists.push({ xs: r.passages.map((p) => vector(featuresOf(p, r.question, top))), right: r.passages.map((p) => !!r.right.get(p.chunkId)) });
  }
  const w = new Array<number>(FEATURES.length).fill(0);
  w[FEATURES.indexOf("score")] = 5;
  const rate = 0.5, l2 = 1e-3;
  for (let epoch = 0; epoch < 1500; epoch++) {
    const g = new Array<number>(w.length).fill(0);
    for (const { xs, right } of lists) {
      const s = xs.map((x) => dot(w, x));
      const max = Math.max(...s);
      const e = s.map((v) => Math.exp(v - max));
      const all = e.reduce((a, b) => a + b, 0);
      const good = e.reduce((a, v, i) => a + (right[i] ? v : 0), 0);
      // d(-log(good/all))/dw = Σ p_i x_i − Σ_right q_i x_i
      xs.forEach((x, i) => {
        const coef = e[i]! / all - (right[i] ? e[i]! / good : 0);
        x.forEach((xi, k) => (g[k]! += coef * xi));
      });
    }
    w.forEach((wi, k) => (w[k] = keepSign(FEATURES[k]!, wi - rate * (g[k]! / lists.length + l2 * wi))));
  }
  return Object.fromEntries(FEATURES.map((k, i) => [k, round(w[i]!)])) as Record<Feature, number>;
}

/**
 * The calibration: logistic regression of "answering from this candidate is right" on every
 * candidate, fitted on standardised inputs (for a well-conditioned descent) and returned as
 * weights on the raw inputs.
 */
function fitCalibration(rs: readonly Recorded[], ranker: Record<Feature, number>): DecisionParams["calibration"] {
  // The candidates the decision looks at: the ranker's first three of every question.
  const rows: Array<{ x: number[]; y: number }> = [];
  const params = { ranker } as DecisionParams;
  for (const r of rs) {
    const top = r.passages[0]?.score ?? 0;
    const xs = r.passages.map((p, i) => ({ p, x: featuresOf(p, r.question, top), i }));
    xs.sort((a, b) => rankScore(params, b.x) - rankScore(params, a.x));
    for (const { p, x } of xs.slice(0, 3)) {
      const inputs = calibrationInputs(x);
      rows.push({ x: CALIBRATION.map((k) => inputs[k]), y: r.right.get(p.chunkId) ? 1 : 0 });
    }
  }
  const mean = CALIBRATION.map((_, i) => rows.reduce((s, r) => s + r.x[i]!, 0) / rows.length);
  const std = CALIBRATION.map((_, i) => Math.sqrt(rows.reduce((s, r) => s + (r.x[i]! - mean[i]!) ** 2, 0) / rows.length) || 1);
  const z = rows.map((r) => ({ x: r.x.map((v, i) => (v - mean[i]!) / std[i]!), y: r.y }));
  const w = new Array<number>(CALIBRATION.length).fill(0);
  let b = 0;
  const rate = 0.5, l2 = 1e-3;
  for (let epoch = 0; epoch < 3000; epoch++) {
    const g = new Array<number>(w.length).fill(0);
    let gb = 0;
    for (const { x, y } of z) {
      const err = 1 / (1 + Math.exp(-(b + dot(w, x)))) - y;
      x.forEach((xi, i) => (g[i]! += err * xi));
      gb += err;
    }
    w.forEach((wi, i) => (w[i] = keepSign(CALIBRATION[i]!, wi - rate * (g[i]! / z.length + l2 * wi))));
    b -= (rate * gb) / z.length;
  }
  const raw = w.map((wi, i) => wi / std[i]!);
  const bias = b - raw.reduce((s, wi, i) => s + wi * mean[i]!, 0);
  return { bias: round(bias), ...(Object.fromEntries(CALIBRATION.map((k, i) => [k, round(raw[i]!)])) as Record<CalibrationFeature, number>) };
}

/** Projected gradient descent: a weight that would change sign stops at 0 (see SIGNS). */
const keepSign = (feature: Feature | CalibrationFeature, w: number) => (SIGNS[feature] === 0 ? w : SIGNS[feature] > 0 ? Math.max(0, w) : Math.min(0, w));
const dot = (w: readonly number[], x: readonly number[]) => x.reduce((s, xi, i) => s + xi * w[i]!, 0);
const vector = (f: Record<Feature, number>) => FEATURES.map((k) => f[k]);
const round = (x: number) => Math.round(x * 1000) / 1000;

/**
 * Not tuned but decided: an answer must mention most of what the question is about. The youth set
 * alone would accept passages that leave most of the asking sentence unsaid, because its
 * out-of-scope questions are far from the base; a question about something else that shares
 * "làm … ở đâu" with a passage must not be answered from it.
 */
const MAX_MISSING = 0.7;

/**
 * Also decided: the least engine score a passage needs to be answered or offered at all. Fitted,
 * it drifts to 0 on the youth set (its out-of-scope questions share few words with the base),
 * which would leave a weather or football question answerable by the nearest passage in a set
 * written another way; the held-out set declined fewer out-of-scope questions when it did.
 */
const MIN_EVIDENCE = 0.2;

function fit(rs: readonly Recorded[]): DecisionParams {
  const ranker = fitRanker(rs);
  const calibration = fitCalibration(rs, ranker);
  const scored = rs.map((r) => rescore(r.question, r.passages, { ranker, calibration } as DecisionParams));
  let best: DecisionParams | undefined;
  let bestScore = -Infinity;
  for (const answer of [0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6])
    for (const sure of [0.6, 0.7, 0.8, 1.01])
      for (const close of [0.25, 0.5, 1])
        for (const clarify of [0.15, 0.2, 0.25, 0.3])
          for (const evidence of [MIN_EVIDENCE])
            for (const missing of [MAX_MISSING])
              for (const confirm of [0.2, 0.25, 0.3, 0.35, 1.01]) {
                if (clarify > answer || sure < answer || confirm < clarify) continue;
                const thresholds = { answer, sure, close, clarify, confirm, evidence, missing };
                const s = scoreScored(rs, scored, thresholds).objective;
                if (s > bestScore) [best, bestScore] = [{ ranker, calibration, ...thresholds }, s];
              }
  return best!;
}

const fmt = (s: Score) =>
  `right ${pct(s.rightFirst)}, within a tap ${pct(s.withinTap)}, wrong ${pct(s.wrong)}, fallback ${pct(s.fallback)}, asked back ${pct(s.clarified)}, out of scope declined ${pct(s.oosDeclined)}`;
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

const folds = Number(values.folds);
const held: Recorded[][] = Array.from({ length: folds }, () => []);
recorded.forEach((r, i) => held[i % folds]!.push(r));
const cv: Score[] = [];
for (let f = 0; f < folds; f++) {
  const train = held.flatMap((rs, i) => (i === f ? [] : rs));
  cv.push(score(held[f]!, fit(train)));
}
const mean = (key: keyof Score) => cv.reduce((s, x) => s + x[key], 0) / cv.length;
console.log(`current model:            ${fmt(score(recorded, DEFAULT_DECISION))}`);
console.log(`${folds}-fold cross-validated: ${fmt({ rightFirst: mean("rightFirst"), withinTap: mean("withinTap"), wrong: mean("wrong"), fallback: mean("fallback"), clarified: mean("clarified"), oosDeclined: mean("oosDeclined"), objective: mean("objective") })}`);
const chosen = fit(recorded);
console.log(`fitted on all data:       ${fmt(score(recorded, chosen))}\n  ${JSON.stringify(chosen)}`);
console.log(`  right at rank 1 after re-scoring: ${firstRight(inScope, (r) => rescore(r.question, r.passages, chosen))}/${inScope.length}`);
if (values.write) {
  await writeFile(MODEL_FILE, `${JSON.stringify(chosen, null, 2)}\n`);
  console.log(`written to ${MODEL_FILE}`);
}

if (values["show-misses"]) {
  for (const r of recorded) {
    if (!("all" in r.c)) continue;
    const d = decide(r.question, r.passages, chosen);
    const at = d.passages.findIndex((p) => r.right.get(p.chunkId));
    if (d.outcome === "answer" && r.right.get(d.best.chunkId)) continue;
    const top = d.passages.slice(0, 3).map((p) => `${p.score.toFixed(2)}${r.right.get(p.chunkId) ? "✓" : ""} ${p.label || p.heading}`.slice(0, 50));
    console.log(`${d.outcome.padEnd(8)} right@${at < 0 ? "-" : at + 1} [${r.question.type}] ${r.c.id}: ${r.c.text.slice(0, 90)}\n           ${top.join(" | ")}`);
  }
}

if (process.env.SHOW_RANK_MISSES) {
  for (const r of inScope) {
    if (r.right.get(r.passages[0]?.chunkId ?? "")) continue;
    const at = r.passages.findIndex((p) => r.right.get(p.chunkId));
    const show = (p: Passage | undefined) => (p ? `${p.score.toFixed(2)} ${(p.label || p.heading).slice(0, 40)} [f1 ${p.evidence?.phrasing.f1.toFixed(2)} r ${p.evidence?.phrasing.recall.toFixed(2)} p ${p.evidence?.phrasing.precision.toFixed(2)}]` : "-");
    console.log(`${String(r.c.style).padEnd(10)} right@${at < 0 ? "-" : at + 1} ${r.c.id}: ${r.c.text.slice(0, 100)}\n    top: ${show(r.passages[0])}\n    ok:  ${show(r.passages[at])}`);
  }
}
