// The shape of bench/results.json (and of bench/baseline.json, a committed earlier results file).
import type { IngestionRow } from "./ingestion.ts";
import type { MachineInfo } from "./machine.ts";
import type { MessageBenchResult } from "./messages.ts";
import type { RetrievalResult } from "./retrieval.ts";
import type { StartupRow } from "./startup.ts";
import type { VotingBenchResult } from "./voting.ts";
import type { BroadcastRepliesResult } from "./broadcast-replies.ts";

export interface BenchResults {
  generatedAt: string;
  machine: MachineInfo;
  retrieval: RetrievalResult | undefined;
  ingestion: IngestionRow[];
  messages: MessageBenchResult[];
  /** Votes on a dialogue round at a fixed rate (absent in results from before it was measured). */
  voting?: VotingBenchResult[];
  /** Chat replies while a broadcast is sent (absent in results from before it was measured). */
  broadcastReplies?: BroadcastRepliesResult[];
  /** Spawn to the first /healthz 200: first start and restart (absent in results from before it was measured). */
  startup?: StartupRow[];
  /** Scenarios not run, with why (e.g. no PostgreSQL configured). */
  skipped: string[];
  memory: {
    /** A process holding the hybrid index of the retrieval corpus (ALQAC when present). */
    indexRssMiB: number | undefined;
    indexChunks: number | undefined;
    /** A service instance after start-up (knowledge/ indexed), before any message. */
    serviceStartRssMiB: number | undefined;
    /** The same instance after the message runs (SQLite scenario). */
    serviceAfterRunRssMiB: number | undefined;
  };
  targets: { messagesPerSecond: number; p99ServerMs: number; votesPerSecond?: number; p99VoteMs?: number };
}
