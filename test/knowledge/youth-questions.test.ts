// Answer quality as a floor: the youth question set (eval/youth-questions.jsonl, 320 questions in
// five styles — accented, unaccented, teencode, long messages with a story, English — and 60 it
// must decline) and the held-out set written separately and never tuned on
// (eval/youth-questions-holdout.jsonl), each run through the real conversation by `chat eval`.
// The floors sit a little below today's figures (README, "Answer quality"): a change that loses
// answers, answers wrongly more often or stops declining fails here.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runChatEval } from "../../src/cli/chat-commands.ts";
import { readChatEvalCases, type ChatEvalReport } from "../../src/conversation/chat-eval.ts";
import { repoRoot } from "../support/env.ts";

const config = { knowledgeDir: path.join(repoRoot, "knowledge"), embeddings: undefined, confidenceThreshold: undefined, botName: "Trợ lý", orgName: "Tỉnh đoàn" };

async function run(file: string): Promise<ChatEvalReport> {
  const report = await runChatEval(config, await readChatEvalCases(path.join(repoRoot, file)));
  const misses = report.cases.filter((c) => !["right", "right_after_tap", "declined"].includes(c.outcome));
  console.log(
    `${file}: right ${report.rightFirst}, within a tap ${report.rightWithinTap}, wrong ${report.confidentlyWrong}, ` +
      `fallback ${report.fallbackOnFact}, asked back ${report.clarified}, declined ${report.declined}\n` +
      misses.map((c) => `  ${c.outcome} ${c.id}: ${c.text.slice(0, 80)}`).join("\n"),
  );
  return report;
}

describe("answer quality on young people's questions", () => {
  it("the youth question set: most answered right at the first reply, few wrong, out-of-scope declined", async () => {
    const r = await run("eval/youth-questions.jsonl");
    expect(r.inScope).toBeGreaterThanOrEqual(300);
    expect(r.outOfScope).toBeGreaterThanOrEqual(40);
    expect(r.rightFirst).toBeGreaterThanOrEqual(FLOORS.youth.rightFirst);
    expect(r.rightWithinTap).toBeGreaterThanOrEqual(FLOORS.youth.rightWithinTap);
    expect(r.confidentlyWrong).toBeLessThanOrEqual(FLOORS.youth.wrong);
    expect(r.declined).toBeGreaterThanOrEqual(FLOORS.youth.declined);
    for (const style of ["accented", "unaccented", "teencode", "long", "english"]) expect(r.byStyle[style]?.inScope).toBeGreaterThanOrEqual(60);
  }, 120_000);

  it("the held-out set, never tuned on: the same kind of result", async () => {
    const r = await run("eval/youth-questions-holdout.jsonl");
    expect(r.rightFirst).toBeGreaterThanOrEqual(FLOORS.holdout.rightFirst);
    expect(r.rightWithinTap).toBeGreaterThanOrEqual(FLOORS.holdout.rightWithinTap);
    expect(r.confidentlyWrong).toBeLessThanOrEqual(FLOORS.holdout.wrong);
    expect(r.declined).toBeGreaterThanOrEqual(FLOORS.holdout.declined);
  }, 120_000);
});

const FLOORS = {
  youth: { rightFirst: 0.8, rightWithinTap: 0.92, wrong: 0.04, declined: 0.9 },
  holdout: { rightFirst: 0.8, rightWithinTap: 0.87, wrong: 0.07, declined: 0.85 },
};
