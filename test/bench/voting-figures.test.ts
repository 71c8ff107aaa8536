// The voting benchmark's figures are judged like the others: a run whose vote latency or rate got
// more than 20% worse than the baseline is called out, and a baseline from before votes were
// measured compares the rest without complaint.
import { describe, expect, it } from "vitest";
import { regressions } from "../../bench/compare.ts";
import type { BenchResults } from "../../bench/results.ts";
import type { VotingBenchResult } from "../../bench/voting.ts";

function run(voting: Partial<VotingBenchResult> | undefined): BenchResults {
  const row: VotingBenchResult = { scenario: "SQLite, 200/s", votes: 2000, rate: 200, questions: 300, voters: 667, perSecond: 200, p50: 4, p99: 20, max: 30, failed: 0, cpuMsPerVote: 3, ...voting };
  return {
    generatedAt: "2026-12-07T00:00:00.000Z",
    machine: { cpus: 2, cpuModel: "AMD EPYC", ramGiB: 23.5, node: "v20.20.2", platform: "linux", loadAverage: 0.3 },
    retrieval: undefined,
    ingestion: [],
    messages: [],
    ...(voting === undefined ? {} : { voting: [row] }),
    skipped: [],
    memory: { indexRssMiB: undefined, indexChunks: undefined, serviceStartRssMiB: undefined, serviceAfterRunRssMiB: undefined },
    targets: { messagesPerSecond: 300, p99ServerMs: 50 },
  };
}

describe("voting figures against the baseline", () => {
  it("calls out a vote p99, rate or CPU per vote more than 20% worse", () => {
    const worse = regressions(run({}), run({ p99: 45, perSecond: 120, cpuMsPerVote: 5 }));
    expect(worse.map((r) => r.key).sort()).toEqual(["voting.SQLite, 200/s.cpuMsPerVote", "voting.SQLite, 200/s.p99", "voting.SQLite, 200/s.perSecond"]);
    expect(worse.find((r) => r.key.endsWith(".p99"))).toMatchObject({ baseline: 20, now: 45, worsePercent: 125 });
  });

  it("ignores changes within the noise floor, and a baseline from before votes were measured", () => {
    expect(regressions(run({ p99: 2 }), run({ p99: 4 }))).toEqual([]); // 2 ms more is noise on a shared machine
    expect(regressions(run(undefined), run({ p99: 400 }))).toEqual([]);
  });
});
