// `kb` commands of the CLI: ingest the knowledge folder, search it, and evaluate retrieval on a
// question set (see ../shared/datasets/alqac/README.md for the formats).
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { systemClock, type Clock } from "../clock.ts";
import type { Config } from "../config.ts";
import { openDatabase } from "../db/client.ts";
import { migrateDatabase } from "../db/migrate.ts";
import { createEmbeddings } from "../knowledge/index/create-embeddings.ts";
import { evaluate, type EvalMode } from "../knowledge/admin/evaluate.ts";
import { checkKnowledge } from "../knowledge/admin/check-knowledge.ts";
import { lawDocument, readCorpus, readLawManifest } from "../knowledge/admin/import-law-texts.ts";
import { KnowledgeBase } from "../knowledge/knowledge-base.ts";
import { isDirectory, syncDirectory } from "../knowledge/admin/sync-directory.ts";
import { TopicCatalog } from "../knowledge/topics.ts";
import { createLogger } from "../logger.ts";
import { progressBar } from "./progress.ts";
import { usageError } from "./usage-error.ts";

interface KbFlags {
  k?: string | undefined;
  json?: boolean | undefined;
  corpus?: string | undefined;
  questions?: string | undefined;
  "fold-questions"?: boolean | undefined;
  mode?: string | undefined;
  manifest?: string | undefined;
}

function parseK(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const k = Number(value);
  if (!Number.isInteger(k) || k < 1 || k > 100) throw usageError(`--k must be a whole number from 1 to 100 (got "${value}")`);
  return k;
}

export async function runKbCommand(config: Config, command: string | undefined, args: string[], flags: KbFlags, clock: Clock = systemClock): Promise<void> {
  if (command === "eval") return evalCommand(flags);
  if (command === "import") return importCommand(config, flags);
  if (command === "check") return checkCommand(config, flags, clock);
  if (command !== "ingest" && command !== "search") {
    throw usageError(`unknown kb command "${command ?? ""}" (try: kb ingest, kb search, kb eval, kb import, kb check)`);
  }
  await migrateDatabase(config.database);
  const db = await openDatabase(config.database);
  try {
    if (command === "ingest") await ingestCommand(config, db, args[0]);
    else await searchCommand(config, db, args.join(" "), flags);
  } finally {
    await db.close();
  }
}

async function ingestCommand(config: Config, db: Awaited<ReturnType<typeof openDatabase>>, target: string | undefined) {
  let only: string | undefined;
  if (target) {
    const rel = path.relative(config.knowledgeDir, path.resolve(target));
    if (rel.startsWith("..") || path.isAbsolute(rel)) {
      throw usageError(`${target} is outside the knowledge folder ${config.knowledgeDir} (set KNOWLEDGE_DIR to ingest another folder)`);
    }
    only = rel === "" ? undefined : rel.split(path.sep).join("/");
  }
  if (!(await isDirectory(config.knowledgeDir))) throw usageError(`knowledge folder ${config.knowledgeDir} does not exist`);
  const report = await syncDirectory({ db, dir: config.knowledgeDir, ...(only ? { only } : {}), updatedBy: "cli", onProgress: progressBar("Ingesting") });
  console.log(
    `Documents: ${report.created} added, ${report.updated} updated, ${report.unchanged} unchanged, ${report.removed} removed, ${report.failed.length} failed.`,
  );
  for (const f of report.failed) console.log(`  ✗ ${f.file}: ${f.reason}`);
  if (report.failed.length > 0) process.exitCode = 1;
}

async function searchCommand(config: Config, db: Awaited<ReturnType<typeof openDatabase>>, question: string, flags: KbFlags) {
  if (!question.trim()) throw usageError('kb search needs a question: kb search "thanh niên là bao nhiêu tuổi"');
  const log = createLogger("warn");
  const kb = await KnowledgeBase.open({
    db,
    dataDir: config.dataDir,
    embeddings: createEmbeddings(config),
    log,
    persist: false,
    ...(config.confidenceThreshold !== undefined ? { threshold: config.confidenceThreshold } : {}),
  });
  // The passages as the bot weighs them: scored by the answer decision's confidence, with its outcome.
  const { decision } = await kb.ask(question);
  const passages = decision.passages.slice(0, parseK(flags.k, 5));
  if (flags.json) {
    console.log(JSON.stringify({ question, outcome: decision.outcome, passages }));
    return;
  }
  console.log(`The bot would: ${decision.outcome === "clarify" ? "ask back" : decision.outcome === "fallback" ? "say it is not sure" : "answer"}`);
  if (passages.length === 0) console.log("No passages found.");
  passages.forEach((p, i) => {
    console.log(`${i + 1}. [${p.score.toFixed(3)}${p.confident ? "" : ", not confident"}] ${p.title} – ${p.citation}`);
    console.log(`   ${p.text.replace(/\s+/g, " ").slice(0, 200)}`);
  });
}

async function evalCommand(flags: KbFlags) {
  if (!flags.corpus || !flags.questions) throw usageError("kb eval needs --corpus <file.jsonl> and --questions <file.jsonl>");
  const mode = (flags.mode ?? "hybrid") as EvalMode;
  if (!["hybrid", "lexical", "dense", "bm25"].includes(mode)) throw usageError(`--mode must be hybrid, lexical, dense or bm25`);
  if (!flags.json) process.stderr.write("Indexing the corpus and running the questions…\n");
  const result = await evaluate({
    corpusFile: flags.corpus,
    questionsFile: flags.questions,
    foldQuestions: flags["fold-questions"] ?? false,
    k: parseK(flags.k, 10),
    mode,
  });
  const metrics = {
    n: result.n,
    "recall@1": result["recall@1"],
    "recall@5": result["recall@5"],
    "recall@10": result["recall@10"],
    "mrr@10": result["mrr@10"],
    p50_ms: result.p50_ms,
    p99_ms: result.p99_ms,
  };
  if (flags.json) {
    console.log(JSON.stringify(metrics));
    return;
  }
  for (const [name, value] of Object.entries(metrics)) console.log(`${name.padEnd(10)} ${typeof value === "number" && !Number.isInteger(value) ? value.toFixed(3) : value}`);
}

/**
 * `kb import --corpus <corpus.jsonl> --manifest <laws.yaml>`: writes each law of the manifest as a
 * knowledge document (import-law-texts.ts) into the knowledge folder; `kb ingest` then loads them.
 */
async function importCommand(config: Config, flags: KbFlags) {
  if (!flags.corpus || !flags.manifest) throw usageError("kb import needs --corpus <corpus.jsonl> and --manifest <laws.yaml>");
  let manifest;
  let corpus;
  try {
    manifest = await readLawManifest(flags.manifest);
    corpus = await readCorpus(flags.corpus);
  } catch (err) {
    throw usageError(err instanceof Error ? err.message : String(err));
  }
  for (const law of manifest.laws) {
    const target = path.join(config.knowledgeDir, law.file);
    let text;
    try {
      text = lawDocument(law, corpus);
    } catch (err) {
      throw usageError(`${law.file}: ${err instanceof Error ? err.message : String(err)}`);
    }
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, text);
    console.log(`${law.file}: ${(text.match(/^### Điều /gm) ?? []).length} articles (${law.status})`);
  }
  console.log("Run `npm run cli -- kb check` and `npm run cli -- kb ingest` to publish them.");
}

/** `kb check [--json]`: validates the knowledge folder (check-knowledge.ts); exits 1 on any error. */
async function checkCommand(config: Config, flags: KbFlags, clock: Clock) {
  if (!(await isDirectory(config.knowledgeDir))) throw usageError(`knowledge folder ${config.knowledgeDir} does not exist`);
  let topics;
  try {
    topics = TopicCatalog.load(path.join(config.knowledgeDir, "topics.json"));
  } catch (err) {
    throw usageError(err instanceof Error ? err.message : String(err));
  }
  const report = await checkKnowledge({ dir: config.knowledgeDir, topics, today: clock.now() });
  const count = (level: string) => report.issues.filter((i) => i.level === level).length;
  if (flags.json) console.log(JSON.stringify(report));
  else {
    const titles = { error: "Errors (not published until fixed)", warning: "Warnings", gap: "Local facts to fill in (the text says where to ask meanwhile)" };
    for (const level of ["error", "warning", "gap"] as const) {
      const issues = report.issues.filter((i) => i.level === level);
      if (issues.length === 0) continue;
      console.log(`\n${titles[level]}:`);
      for (const i of issues) console.log(`  ${i.file}${i.line ? `:${i.line}` : ""}: ${i.message}`);
    }
    console.log(`\n${report.documents} documents, ${report.faqEntries} FAQ entries: ${count("error")} errors, ${count("warning")} warnings, ${count("gap")} local facts to fill in.`);
  }
  if (count("error") > 0) process.exitCode = 1;
}
