// `chat eval FILE [--json]`: runs a labelled question set through the real conversation (see
// src/conversation/chat-eval.ts), in this process, on a throw-away SQLite database loaded with the
// knowledge folder (KNOWLEDGE_DIR) and the service's own language settings. Nothing of the
// service's own database is touched, so it runs the same in CI and on a production server.
import { systemClock, type Clock } from "../clock.ts";
import type { Config } from "../config.ts";
import { Conversation } from "../conversation/conversation.ts";
import { evaluateChat, readChatEvalCases, type ChatEvalReport, type Tally } from "../conversation/chat-eval.ts";
import type { Db } from "../db/client.ts";
import { createEmbeddings } from "../knowledge/index/create-embeddings.ts";
import { withThrowawayKnowledgeBase } from "../knowledge/admin/throwaway-knowledge-base.ts";
import { createLogger } from "../logger.ts";
import { Prompts } from "../prompts.ts";
import { seedDepartments } from "../proposals/seed-departments.ts";
import { usageError } from "./usage-error.ts";

export async function runChatCommand(config: Config, command: string | undefined, args: string[], flags: { json?: boolean | undefined }, clock: Clock = systemClock): Promise<void> {
  if (command !== "eval") throw usageError(`unknown chat command "${command ?? ""}" (try: chat eval FILE)`);
  const file = args[0];
  if (!file) throw usageError("chat eval needs a question file: chat eval eval/youth-questions.jsonl");
  let cases;
  try {
    cases = await readChatEvalCases(file);
  } catch (err) {
    throw usageError(err instanceof Error ? err.message : String(err));
  }
  const report = await runChatEval(config, cases, clock);
  if (flags.json) {
    console.log(JSON.stringify(report));
    return;
  }
  console.log(formatReport(report));
}

type EvalConfig = Pick<Config, "knowledgeDir" | "embeddings" | "confidenceThreshold" | "botName" | "orgName">;
type EvalCases = Parameters<typeof evaluateChat>[0];

/** The evaluation on a fresh in-process service built from `config`'s knowledge folder. */
export async function runChatEval(config: EvalConfig, cases: EvalCases, clock: Clock = systemClock): Promise<ChatEvalReport> {
  return (await runChatEvals(config, [cases], clock))[0]!;
}

/** Several question sets, one report each, on one service (the knowledge base is built once). */
export async function runChatEvals(config: EvalConfig, sets: readonly EvalCases[], clock: Clock = systemClock): Promise<ChatEvalReport[]> {
  const opts = {
    knowledgeDir: config.knowledgeDir,
    embeddings: createEmbeddings(config),
    ...(config.confidenceThreshold !== undefined ? { threshold: config.confidenceThreshold } : {}),
    prepare: async (db: Db) => void (await seedDepartments(db)),
  };
  return withThrowawayKnowledgeBase(opts, async (knowledge, db) => {
    const prompts = Prompts.load({ botName: config.botName, orgName: config.orgName });
    const conversation = new Conversation({ db, knowledge, prompts, log: createLogger("warn"), privacy: { url: "/privacy", retentionDays: 180, version: "eval" }, clock });
    let n = 0;
    const reports: ChatEvalReport[] = [];
    for (const [i, cases] of sets.entries()) {
      // Each set's users are its own, so no conversation carries over from one set to the next.
      reports.push(
        await evaluateChat(cases, async (user, message) => {
          const result = await conversation.handle({
            channel: "web",
            chatId: `${i}:${user}`,
            userId: `${i}:${user}`,
            messageId: `${i}:${user}:${++n}`,
            date: clock.now(),
            ...("choice" in message ? { text: "", choice: message.choice } : { text: message.text }),
          });
          if (!result) throw new Error("a chat evaluation message was treated as a duplicate");
          return result;
        }),
      );
    }
    return reports;
  });
}

function formatReport(r: ChatEvalReport): string {
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const row = (name: string, t: Tally) =>
    `| ${name} | ${t.inScope} | ${pct(t.rightFirst)} | ${pct(t.rightWithinTap)} | ${pct(t.confidentlyWrong)} | ${pct(t.fallbackOnFact)} | ${pct(t.clarified)} | ${t.outOfScope} | ${t.outOfScope ? pct(t.declined) : "–"} |`;
  const lines = [
    "| set | in scope | right at first reply | right within one tap | confidently wrong | fallback on a fact | asked back | out of scope | declined |",
    "|---|---|---|---|---|---|---|---|---|",
    row("all", r),
    ...Object.entries(r.byStyle).map(([style, t]) => row(`style: ${style}`, t)),
    ...Object.entries(r.byTopic).map(([topic, t]) => row(`topic: ${topic}`, t)),
  ];
  const failures = r.cases.filter((c) => !["right", "right_after_tap", "declined"].includes(c.outcome));
  if (failures.length > 0) {
    lines.push("", `Not right (${failures.length}):`);
    for (const c of failures) lines.push(`  ${c.outcome.padEnd(14)} ${c.id}: ${c.text.replace(/\s+/g, " ").slice(0, 110)}${c.source ? `  → ${c.source.slice(0, 80)}` : ""}`);
  }
  return lines.join("\n");
}
