// `chat eval FILE [--json]`: runs a labelled question set through the real conversation (see
// src/conversation/chat-eval.ts), in this process, on a throw-away SQLite database loaded with the
// knowledge folder (KNOWLEDGE_DIR) and the service's own language settings. Nothing of the
// service's own database is touched, so it runs the same in CI and on a production server.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Config } from "../config.ts";
import { Conversation } from "../conversation/conversation.ts";
import { evaluateChat, readChatEvalCases, type ChatEvalReport, type Tally } from "../conversation/chat-eval.ts";
import { openDatabase } from "../db/client.ts";
import { migrateDatabase } from "../db/migrate.ts";
import { createEmbeddings } from "../knowledge/create-embeddings.ts";
import { KnowledgeBase } from "../knowledge/knowledge-base.ts";
import { syncDirectory } from "../knowledge/sync-directory.ts";
import { createLogger } from "../logger.ts";
import { Prompts } from "../prompts.ts";
import { seedDepartments } from "../proposals/seed-departments.ts";
import { UsageError } from "./usage-error.ts";

export async function runChatCommand(config: Config, command: string | undefined, args: string[], flags: { json?: boolean | undefined }): Promise<void> {
  if (command !== "eval") throw new UsageError(`unknown chat command "${command ?? ""}" (try: chat eval FILE)`);
  const file = args[0];
  if (!file) throw new UsageError("chat eval needs a question file: chat eval eval/youth-questions.jsonl");
  let cases;
  try {
    cases = await readChatEvalCases(file);
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  const report = await runChatEval(config, cases);
  if (flags.json) {
    console.log(JSON.stringify(report));
    return;
  }
  console.log(formatReport(report));
}

/** The evaluation on a fresh in-process service built from `config`'s knowledge folder. */
export async function runChatEval(config: Pick<Config, "knowledgeDir" | "embeddings" | "confidenceThreshold" | "botName" | "orgName">, cases: Parameters<typeof evaluateChat>[0]): Promise<ChatEvalReport> {
  const dir = await mkdtemp(path.join(tmpdir(), "ya-chat-eval-"));
  const database = { provider: "sqlite" as const, url: `file:${path.join(dir, "eval.db")}` };
  const log = createLogger("warn");
  try {
    await migrateDatabase(database);
    const db = await openDatabase(database);
    try {
      await seedDepartments(db);
      const sync = await syncDirectory({ db, dir: config.knowledgeDir });
      for (const f of sync.failed) console.error(`knowledge file skipped: ${f.file}: ${f.reason}`);
      const knowledge = await KnowledgeBase.open({
        db,
        dataDir: dir,
        embeddings: createEmbeddings(config),
        log,
        persist: false,
        ...(config.confidenceThreshold !== undefined ? { threshold: config.confidenceThreshold } : {}),
      });
      const prompts = Prompts.load({ botName: config.botName, orgName: config.orgName });
      const conversation = new Conversation({ db, knowledge, prompts, log, privacy: { url: "/privacy", retentionDays: 180, version: "eval" } });
      let n = 0;
      return await evaluateChat(cases, async (user, message) => {
        const result = await conversation.handle({
          channel: "web",
          chatId: user,
          userId: user,
          messageId: `${user}:${++n}`,
          date: new Date(),
          ...("choice" in message ? { text: "", choice: message.choice } : { text: message.text }),
        });
        if (!result) throw new Error("a chat evaluation message was treated as a duplicate");
        return result;
      });
    } finally {
      await db.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
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
