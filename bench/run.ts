// `npm run bench`: retrieval quality and latency (ALQAC, side by side with plain BM25), ingestion
// throughput, start-up time (spawn to the first /healthz 200), end-to-end message throughput and
// reply latency through the Telegram webhook on SQLite and PostgreSQL (one and two instances), and
// resident memory, and voting on a dialogue round at 200 votes/s (bench/voting.ts), and chat replies
// while a 10,000-recipient broadcast goes out (bench/broadcast-replies.ts). Prints Markdown tables,
// writes bench/results.json. Figures only compare on the same machine: bench/baseline.json is
// compared only when its machine fingerprint (CPU model, cores, memory, Node) matches this one, and
// --against measures another commit side by side here (bench/against.ts, docs/benchmarks.md).
//
//   npm run bench                              everything (about 5 minutes on 2 cores)
//   npm run bench -- --against main            this tree and `main` alternately, ratios per figure
//   npm run bench -- --against HEAD~3 --rounds 5 --only retrieval
//   npm run bench -- --only messages           retrieval | ingestion | startup | memory | messages | voting | broadcast-replies (comma-separated)
//   npm run bench -- --only voting --voting-seconds 30   votes at 200/s for 30 s (default 10)
//   npm run bench -- --messages 1000           messages per run (default 3000)
//   npm run bench -- --write-baseline          also record this run as bench/baseline.json
//
// PostgreSQL scenarios run when BENCH_POSTGRES_URL or TEST_POSTGRES_URL names a server where the
// bench may create and drop databases (e.g. postgresql://postgres@127.0.0.1:5432/test).
// BENCH_KNOWLEDGE_DIR=<folder> runs the message scenarios on that knowledge base instead of knowledge/.
// BENCH_CPU_PROF=<dir> writes a CPU profile of each service instance there (Chrome DevTools).
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs, promisify } from "node:util";
import { runAgainst } from "./against.ts";
import { regressions } from "./compare.ts";
import { runIngestion, type IngestionRow } from "./ingestion.ts";
import { describeMachine, fingerprint, machineDifferences } from "./machine.ts";
import { runMessageBench, type MessageBenchResult, type MessageScenario } from "./messages.ts";
import type { BenchResults } from "./results.ts";
import { runRetrievalBench, type RetrievalRow } from "./retrieval.ts";
import { runStartupBench, STARTUP_TARGET_MS, type StartupRow } from "./startup.ts";
import { runVotingBench, type VotingBenchResult } from "./voting.ts";
import { runBroadcastRepliesBench, type BroadcastRepliesResult } from "./broadcast-replies.ts";
import { writeKnowledgeFolder } from "./synthetic.ts";

const benchDir = import.meta.dirname;
const repoRoot = path.resolve(benchDir, "..");
const TARGETS = { messagesPerSecond: 300, p99ServerMs: 50, votesPerSecond: 200, p99VoteMs: 50 };
const PARTS = ["retrieval", "memory", "ingestion", "startup", "messages", "voting", "broadcast-replies"] as const;
/** Chat replies during a broadcast: its recipients, and the chat load (messages a second, messages per run). */
const BROADCAST_REPLIES = { recipients: 10_000, rate: 10, messages: 300 };
type Part = (typeof PARTS)[number];

const { values } = parseArgs({
  options: {
    only: { type: "string" },
    messages: { type: "string" },
    rate: { type: "string" },
    "voting-seconds": { type: "string" },
    "write-baseline": { type: "boolean", default: false },
    against: { type: "string" },
    rounds: { type: "string", default: "3" },
  },
});
const only = new Set((values.only?.split(",") ?? PARTS).map((p) => p.trim()) as Part[]);
const messageCount = Number(values.messages ?? 3000);
const rate = Number(values.rate ?? TARGETS.messagesPerSecond);
const votingSeconds = Number(values["voting-seconds"] ?? 10);
const postgresUrl = process.env.BENCH_POSTGRES_URL?.trim() || process.env.TEST_POSTGRES_URL?.trim() || undefined;
const work = mkdtempSync(path.join(tmpdir(), "ya-bench-"));

const log = (line = "") => console.log(line);

async function main(): Promise<void> {
  const machine = describeMachine();
  log(`# Benchmark — ${new Date().toISOString()}`);
  log(`${machine.cpus} CPUs (${machine.cpuModel}), ${machine.ramGiB} GiB RAM, Node ${machine.node}, load average ${machine.loadAverage}`);
  if (machine.loadAverage > machine.cpus * 0.5) log(`Note: the machine is busy (load ${machine.loadAverage}); latency and throughput figures will be lower than on an idle machine.`);
  if (values.against !== undefined) {
    const rounds = Number(values.rounds);
    if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`--rounds ${values.rounds}: a whole number of rounds, at least 1`);
    // Only what was given is passed on, so a ref from before an option was added still runs.
    const args = (["only", "messages", "rate", "voting-seconds"] as const).flatMap((o) => {
      const given = values[o];
      return given === undefined ? [] : [`--${o}`, given];
    });
    await runAgainst({ repoRoot, ref: values.against, rounds, args, log });
    return;
  }
  const results: BenchResults = {
    generatedAt: new Date().toISOString(),
    machine,
    retrieval: undefined,
    ingestion: [],
    messages: [],
    voting: [],
    broadcastReplies: [],
    startup: [],
    skipped: [],
    memory: { indexRssMiB: undefined, indexChunks: undefined, serviceStartRssMiB: undefined, serviceAfterRunRssMiB: undefined },
    targets: TARGETS,
  };

  if (only.has("retrieval") || only.has("memory")) {
    log("\n## Retrieval");
    results.retrieval = await runRetrievalBench({
      alqacDir: path.resolve(repoRoot, "../shared/datasets/alqac"),
      tempDir: work,
      onRow: (r) => log(`  ${r.mode}${r.folded ? " (no diacritics)" : ""}: MRR@10 ${r["mrr@10"]}, p99 ${r.p99_ms} ms`),
    });
    if (results.retrieval.dataset === "synthetic") log("  ../shared/datasets/alqac not found: measured on a generated corpus instead.");
    log(retrievalTable(results.retrieval.rows));
  }
  if (only.has("memory") && results.retrieval) {
    const memory = await indexMemory(results.retrieval.corpusFile);
    results.memory.indexRssMiB = memory.rssMiB;
    results.memory.indexChunks = memory.chunks;
    log(`\nIndex memory: ${memory.rssMiB} MiB resident holding the hybrid index of ${memory.chunks} chunks (${memory.baseRssMiB} MiB before).`);
  }

  if (only.has("ingestion")) {
    log("\n## Ingestion");
    const synthetic = path.join(work, "synthetic-knowledge");
    writeKnowledgeFolder(synthetic);
    results.ingestion.push(await runIngestion("knowledge/", path.join(repoRoot, "knowledge")));
    results.ingestion.push(await runIngestion("synthetic (200 laws)", synthetic));
    log(ingestionTable(results.ingestion));
  }

  if (only.has("startup")) {
    log("\n## Start-up (tsx src/main.ts → first /healthz 200, SQLite, knowledge/)");
    results.startup = await runStartupBench({ repoRoot, ...(process.env.BENCH_KNOWLEDGE_DIR ? { knowledgeDir: process.env.BENCH_KNOWLEDGE_DIR } : {}) });
    log(startupTable(results.startup));
  }

  if (only.has("messages")) {
    log("\n## Messages (Telegram webhook → reply at the fake Bot API)");
    const scenarios: MessageScenario[] = [{ name: "SQLite, 1 instance", provider: "sqlite", instances: 1 }];
    if (postgresUrl) {
      scenarios.push({ name: "PostgreSQL, 1 instance", provider: "postgresql", instances: 1 });
      scenarios.push({ name: "PostgreSQL, 2 instances", provider: "postgresql", instances: 2 });
    } else {
      results.skipped.push("PostgreSQL scenarios: set BENCH_POSTGRES_URL or TEST_POSTGRES_URL");
      log("  PostgreSQL scenarios skipped: set BENCH_POSTGRES_URL or TEST_POSTGRES_URL.");
    }
    for (const [i, scenario] of scenarios.entries()) {
      log(`  ${scenario.name}…`);
      const result = await runMessageBench({
        scenario,
        postgresUrl,
        repoRoot,
        messages: messageCount,
        rate,
        concurrency: 32,
        firstUserId: 10_000_000 * (i + 1),
      });
      results.messages.push(result);
      if (scenario.provider === "sqlite") {
        results.memory.serviceStartRssMiB = result.startRssMiB[0];
        results.memory.serviceAfterRunRssMiB = result.rssMiB[0];
      }
    }
    log(messagesTable(results.messages));
    log(targetsVerdict(results.messages));
  }

  if (only.has("voting")) {
    if (!Number.isFinite(votingSeconds) || votingSeconds <= 0) throw new Error(`--voting-seconds ${values["voting-seconds"]}: a number of seconds above 0`);
    log(`\n## Voting (a dialogue round, 300 questions; Zalo messages picking from the list, through the inbound pipeline, SQLite)`);
    // At the target rate, then at half of it: the latency when the path is not saturated.
    for (const votingRate of [TARGETS.votesPerSecond, TARGETS.votesPerSecond / 2]) {
      log(`  ${votingRate} votes/s for ${votingSeconds} s…`);
      results.voting!.push(await runVotingBench({ rate: votingRate, seconds: votingSeconds }));
    }
    log(votingTable(results.voting!));
    log(votingVerdict(results.voting!));
  }

  if (only.has("broadcast-replies")) {
    log(`\n## Chat replies during a broadcast (SQLite, ${BROADCAST_REPLIES.recipients.toLocaleString("en")} recipients on web, Telegram and Zalo at the platforms' caps; Telegram webhook chat at ${BROADCAST_REPLIES.rate}/s)`);
    const r = await runBroadcastRepliesBench({ repoRoot, ...BROADCAST_REPLIES, log });
    results.broadcastReplies!.push(r);
    log(broadcastRepliesTable(results.broadcastReplies!));
    log(broadcastRepliesVerdict(results.broadcastReplies!));
  }

  if (results.memory.serviceAfterRunRssMiB !== undefined) {
    log(`\nService memory (SQLite): ${results.memory.serviceStartRssMiB} MiB after start, ${results.memory.serviceAfterRunRssMiB} MiB after the message runs.`);
  }

  writeFileSync(path.join(benchDir, "results.json"), JSON.stringify(results, null, 2) + "\n");
  log("\nWrote bench/results.json.");
  const baselineFile = path.join(benchDir, "baseline.json");
  if (existsSync(baselineFile)) {
    const baseline = JSON.parse(readFileSync(baselineFile, "utf8")) as BenchResults;
    const differences = machineDifferences(baseline.machine, machine);
    log(`\n## Compared with bench/baseline.json (${baseline.generatedAt}, load ${baseline.machine.loadAverage})`);
    if (differences.length > 0) {
      // Figures from another machine say more about the machines than about the code.
      log(`baseline from another machine: not compared (${differences.join("; ")}).`);
      log(`  baseline: ${fingerprint(baseline.machine)}`);
      log(`  here:     ${fingerprint(machine)}`);
      log("To compare with another commit, measure both here: npm run bench -- --against <git ref>");
    } else {
      const worse = regressions(baseline, results);
      if (worse.length === 0) log("No figure is more than 20% worse.");
      for (const r of worse) log(`REGRESSION ${r.key}: ${r.baseline} → ${r.now} (${r.worsePercent}% worse)`);
    }
  }
  if (values["write-baseline"]) {
    writeFileSync(baselineFile, JSON.stringify(results, null, 2) + "\n");
    log("Recorded this run as bench/baseline.json.");
  }
}

function retrievalTable(rows: RetrievalRow[]): string {
  const lines = ["| retriever | questions | R@1 | R@5 | R@10 | MRR@10 | p50 ms | p99 ms | index build ms |", "|---|---|---|---|---|---|---|---|---|"];
  for (const r of rows) {
    const name = r.mode === "bm25" ? "plain BM25 (baseline)" : `engine, ${r.mode}`;
    lines.push(`| ${name} | ${r.folded ? "no diacritics" : "as written"} | ${r["recall@1"]} | ${r["recall@5"]} | ${r["recall@10"]} | ${r["mrr@10"]} | ${r.p50_ms} | ${r.p99_ms} | ${r.build_ms} |`);
  }
  return lines.join("\n");
}

function ingestionTable(rows: IngestionRow[]): string {
  const lines = ["| set | documents | chunks | seconds | documents/s | chunks/s | index build ms | failed |", "|---|---|---|---|---|---|---|---|"];
  for (const r of rows) {
    lines.push(`| ${r.set} | ${r.documents} | ${r.chunks} | ${r.seconds} | ${r.documentsPerSecond} | ${r.chunksPerSecond} | ${r.indexBuildMs} | ${r.failed}${r.firstFailure ? ` (${r.firstFailure})` : ""} |`);
  }
  return lines.join("\n");
}

function startupTable(rows: StartupRow[]): string {
  const lines = ["| run | ms to /healthz 200 | target | ms to first answer (pages served) | CPU ms by the 200 | warnings on stderr |", "|---|---|---|---|---|---|"];
  for (const r of rows) {
    const target = r.ms <= STARTUP_TARGET_MS ? `met (≤ ${STARTUP_TARGET_MS})` : `MISSED (> ${STARTUP_TARGET_MS})`;
    lines.push(`| ${r.run} | ${r.ms} | ${target} | ${r.listeningMs ?? "–"} | ${r.cpuMs ?? "–"} | ${r.warnings.length ? r.warnings.join("<br>") : "none"} |`);
  }
  return lines.join("\n");
}

function messagesTable(rows: MessageBenchResult[]): string {
  const lines = [
    "| setup | run | messages/s | server p50 ms | server p99 ms | reply p50 ms | reply p99 ms | failed | service CPU ms/message | RSS MiB |",
    "|---|---|---|---|---|---|---|---|---|---|",
  ];
  for (const r of rows) {
    const runs = [["max (32 in flight)", r.max], [`paced at ${r.paced.rate}/s`, r.paced], [`paced at ${r.light.rate}/s`, r.light]] as const;
    for (const [run, l] of runs) {
      lines.push(
        `| ${r.scenario} | ${run} | ${l.perSecond} | ${l.webhook.p50} | ${l.webhook.p99} | ${l.reply.p50} | ${l.reply.p99} | ${l.failed} | ${run.startsWith("max") ? r.cpuMsPerMessage : ""} | ${run.startsWith("max") ? r.rssMiB.join(" + ") : ""} |`,
      );
    }
  }
  return lines.join("\n");
}

function targetsVerdict(rows: MessageBenchResult[]): string {
  const out = [`\nTargets: ≥ ${TARGETS.messagesPerSecond} messages/s and server p99 ≤ ${TARGETS.p99ServerMs} ms at that rate.`];
  for (const r of rows) {
    const throughput = r.max.perSecond >= TARGETS.messagesPerSecond;
    const latency = r.paced.webhook.p99 <= TARGETS.p99ServerMs && r.paced.perSecond >= TARGETS.messagesPerSecond * 0.95;
    out.push(
      `  ${r.scenario}: throughput ${throughput ? "met" : "MISSED"} (${r.max.perSecond}/s), p99 at ${r.paced.rate}/s ${latency ? "met" : "MISSED"} (${r.paced.webhook.p99} ms); p99 at ${r.light.rate}/s ${r.light.webhook.p99} ms`,
    );
  }
  return out.join("\n");
}

function votingTable(rows: VotingBenchResult[]): string {
  const lines = ["| run | votes offered | questions | voters | votes/s | p50 ms | p99 ms | max ms | failed | CPU ms/vote |", "|---|---|---|---|---|---|---|---|---|---|"];
  for (const r of rows) lines.push(`| ${r.scenario} | ${r.votes} at ${r.rate}/s | ${r.questions} | ${r.voters} | ${r.perSecond} | ${r.p50} | ${r.p99} | ${r.max} | ${r.failed} | ${r.cpuMsPerVote} |`);
  return lines.join("\n");
}

function votingVerdict(rows: VotingBenchResult[]): string {
  const out = [`\nTarget: ${TARGETS.votesPerSecond} votes/s with p99 ≤ ${TARGETS.p99VoteMs} ms (from the instant a vote is due to its commit).`];
  for (const r of rows.filter((x) => x.rate === TARGETS.votesPerSecond)) {
    const met = r.p99 <= TARGETS.p99VoteMs && r.perSecond >= TARGETS.votesPerSecond * 0.95 && r.failed === 0;
    out.push(`  ${r.scenario}: ${met ? "met" : "MISSED"} (${r.perSecond} votes/s, p99 ${r.p99} ms, ${r.failed} failed)`);
  }
  return out.join("\n");
}

function broadcastRepliesTable(rows: BroadcastRepliesResult[]): string {
  const lines = [
    "| setup | run | messages/s | server p50 ms | server p99 ms | reply p50 ms | reply p99 ms | failed | broadcast meanwhile |",
    "|---|---|---|---|---|---|---|---|---|",
  ];
  for (const r of rows) {
    for (const [run, l] of [["before the broadcast", r.before], ["during the broadcast", r.during]] as const) {
      const meanwhile = run.startsWith("during") ? `${r.broadcast.queued} queued, ${r.broadcast.delivered} delivered to Telegram/Zalo, ${r.broadcast.waitingAtEnd} still waiting` : "";
      lines.push(`| ${r.scenario} | ${run} | ${l.perSecond} | ${l.webhook.p50} | ${l.webhook.p99} | ${l.reply.p50} | ${l.reply.p99} | ${l.failed} | ${meanwhile} |`);
    }
  }
  return lines.join("\n");
}

function broadcastRepliesVerdict(rows: BroadcastRepliesResult[]): string {
  const out = [`\nTarget: chat reply p99 ≤ ${TARGETS.p99ServerMs} ms (server) while a ${BROADCAST_REPLIES.recipients.toLocaleString("en")}-recipient broadcast is sent.`];
  for (const r of rows) {
    const met = r.during.webhook.p99 <= TARGETS.p99ServerMs && r.during.failed === 0;
    const unfinished = r.broadcast.waitingAtEnd > 0 ? "" : " (the broadcast had finished before the run ended)";
    out.push(`  ${r.scenario}: ${met ? "met" : "MISSED"} (server p99 ${r.during.webhook.p99} ms, before it ${r.before.webhook.p99} ms; delivered to Telegram p99 ${r.during.reply.p99} ms, before it ${r.before.reply.p99} ms)${unfinished}`);
  }
  return out.join("\n");
}

async function indexMemory(corpusFile: string): Promise<{ chunks: number; baseRssMiB: number; rssMiB: number }> {
  const { stdout } = await promisify(execFile)(process.execPath, ["--expose-gc", "--import", "tsx", path.join(benchDir, "index-memory.ts"), corpusFile], {
    cwd: repoRoot,
    maxBuffer: 1024 * 1024,
  });
  return JSON.parse(stdout.trim().split("\n").pop()!) as { chunks: number; baseRssMiB: number; rssMiB: number };
}

main()
  .catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  })
  .finally(() => rmSync(work, { recursive: true, force: true }));
