// Chooses retrieval settings on several kinds of questions at once, never on one alone: ALQAC's
// exam questions (with and without diacritics), our natural legal questions over the same corpus
// (eval/alqac-natural-questions.jsonl) and the youth question set over knowledge/. For every
// candidate setting it prints R@1 and MRR@10 on each (the natural questions also on their odd and
// even halves), and how often the passage that answers a youth question ranks first (also on its
// two halves), to show that a gain is not an accident of one half.
//
//   npx tsx scripts/tune-retrieval.ts [--youth eval/youth-questions.jsonl] [--only name,name]
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { readChatEvalCases, statesFacts } from "../src/conversation/chat-eval.ts";
import { rescore } from "../src/knowledge/answer/answer-decision.ts";
import { composeAnswer } from "../src/knowledge/answer/compose-answer.ts";
import { evaluateSets } from "../src/knowledge/admin/evaluate.ts";
import { DEFAULT_RETRIEVER_OPTIONS } from "../src/knowledge/search/lexical-retriever.ts";
import { DEFAULT_LOOSE_SYNONYMS, NO_LOOSE_SYNONYMS, type LooseSynonymOptions } from "../src/knowledge/search/loose-synonyms.ts";
import type { SearchEngineOptions } from "../src/knowledge/search/search-engine.ts";
import { withThrowawayKnowledgeBase } from "../src/knowledge/admin/throwaway-knowledge-base.ts";
import { Prompts } from "../src/prompts.ts";

const { values } = parseArgs({
  options: {
    youth: { type: "string", default: "eval/youth-questions.jsonl" },
    alqac: { type: "string", default: path.resolve(import.meta.dirname, "../../shared/datasets/alqac") },
    only: { type: "string" },
  },
});

type Setting = Pick<SearchEngineOptions, "query" | "retriever">;
const chunk = DEFAULT_RETRIEVER_OPTIONS.chunk;
const bigram = (b: number) => ({ query: { ...DEFAULT_RETRIEVER_OPTIONS.query, bigram: b } });
const loose = (o: Partial<LooseSynonymOptions>) => ({ retriever: { looseSynonyms: { ...DEFAULT_LOOSE_SYNONYMS, ...o } } });
const SETTINGS: Record<string, Setting> = {
  default: {},
  "function words 1": { query: { functionWordWeight: 1 } },
  "function words 0.5": { query: { functionWordWeight: 0.5 } },
  "context 0.8": { query: { contextWeight: 0.8 } },
  "bigram 1": { retriever: bigram(1) },
  "title 1.5": { retriever: { chunk: { ...chunk, fields: { ...chunk.fields!, title: { weight: 1.5, b: 0.75 } } } } },
  "fw 0.5 + bigram 1": { query: { functionWordWeight: 0.5 }, retriever: bigram(1) },
  "fw 0.7 + bigram 1": { query: { functionWordWeight: 0.7 }, retriever: bigram(1) },
  "fw 0.5 + bigram 1.2": { query: { functionWordWeight: 0.5 }, retriever: bigram(1.2) },
  "fw 0.5 + bigram 1 + context 0.4": { query: { functionWordWeight: 0.5, contextWeight: 0.4 }, retriever: bigram(1) },
  // Synonym groups matched in part (loose-synonyms.ts); the default is threshold 0.3, evidence 10, weight 1.
  "loose synonyms off": { retriever: { looseSynonyms: NO_LOOSE_SYNONYMS } },
  "loose threshold 0.2": loose({ threshold: 0.2 }),
  "loose threshold 0.4": loose({ threshold: 0.4 }),
  "loose evidence 8": loose({ evidence: 8 }),
  "loose evidence 12": loose({ evidence: 12 }),
  "loose weight 0.75": loose({ weight: 0.75 }),
  "loose weight 1.5": loose({ weight: 1.5 }),
};

const corpusFile = path.join(values.alqac, "corpus.jsonl");
const prompts = Prompts.load({ botName: "Bot", orgName: "Org" });
const youth = await readChatEvalCases(values.youth);
const fmt = (x: number) => x.toFixed(3);
const halves = <T>(xs: T[]) => [xs.filter((_, i) => i % 2 === 0), xs.filter((_, i) => i % 2 === 1)];

// The natural questions' odd and even halves, as question files of their own.
const NATURAL = "eval/alqac-natural-questions.jsonl";
const naturalHalves = halves(readFileSync(NATURAL, "utf8").split("\n").filter((l) => l.trim())).map((lines, i) => {
  const file = path.join(mkdtempSync(path.join(tmpdir(), "tune-retrieval-")), `natural-${i}.jsonl`);
  writeFileSync(file, `${lines.join("\n")}\n`);
  return file;
});

console.log("| setting | ALQAC R@1 / MRR | ALQAC folded R@1 / MRR | natural R@1 / MRR (odd; even) | youth first (engine) | youth first (re-ranked) |");
console.log("|---|---|---|---|---|---|");
for (const [name, setting] of Object.entries(SETTINGS)) {
  if (values.only && !values.only.split(",").includes(name)) continue;
  const [a, f, n, odd, even] = await evaluateSets({ corpusFile, k: 10, engine: setting }, [
    { questionsFile: path.join(values.alqac, "questions.jsonl") },
    { questionsFile: path.join(values.alqac, "questions.jsonl"), foldQuestions: true },
    { questionsFile: NATURAL },
    ...naturalHalves.map((questionsFile) => ({ questionsFile })),
  ]);
  const y = await youthRankOne(setting);
  const pair = (r: { "recall@1": number; "mrr@10": number }) => `${fmt(r["recall@1"])} / ${fmt(r["mrr@10"])}`;
  console.log(`| ${name} | ${pair(a!)} | ${pair(f!)} | ${pair(n!)} (${pair(odd!)}; ${pair(even!)}) | ${y.engine} | ${y.reranked} |`);
}

/** How often the first passage states the facts of a youth question, by the engine and after re-ranking. */
async function youthRankOne(setting: Setting): Promise<{ engine: string; reranked: string }> {
  return withThrowawayKnowledgeBase({ knowledgeDir: "knowledge", retrieval: setting }, async (kb) => {
    const engine: boolean[] = [];
    const reranked: boolean[] = [];
    for (const c of youth) {
      if (!("all" in c)) continue;
      const facts = c.all as string[][];
      const { question, passages } = await kb.candidates(c.text);
      const right = (p: (typeof passages)[number] | undefined) =>
        !!p && statesFacts(composeAnswer({ question: c.text, type: question.type, passage: p, prompts, locale: "vi" }).text, facts);
      engine.push(right(passages[0]));
      reranked.push(right(rescore(question, passages)[0]));
    }
    const show = (xs: boolean[]) => `${xs.filter(Boolean).length}/${xs.length} (${halves(xs).map((h) => h.filter(Boolean).length).join("+")})`;
    return { engine: show(engine), reranked: show(reranked) };
  });
}
