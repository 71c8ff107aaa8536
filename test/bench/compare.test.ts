// How the benchmark judges figures: a stored baseline only on the same kind of machine, and two
// trees run side by side called better or worse only when every round agrees.
import { describe, expect, it } from "vitest";
import { sideBySide, sideBySideTable } from "../../bench/compare.ts";
import { machineDifferences, type MachineInfo } from "../../bench/machine.ts";
import type { BenchResults } from "../../bench/results.ts";

const machine: MachineInfo = { cpus: 2, cpuModel: "AMD EPYC", ramGiB: 23.5, node: "v20.20.2", platform: "linux", loadAverage: 0.3 };

/** A results file holding one ingestion row and one message scenario. */
function run(chunksPerSecond: number, p99: number): BenchResults {
  const latency = { p50: 1, p99 };
  const load = { perSecond: 300, webhook: latency, reply: latency, failed: 0, rate: 300 };
  return {
    generatedAt: "2026-12-06T00:00:00.000Z",
    machine,
    retrieval: undefined,
    ingestion: [{ set: "knowledge/", documents: 48, chunks: 3126, failed: 0, seconds: 1, documentsPerSecond: 33, chunksPerSecond, indexBuildMs: 3000 }],
    messages: [{ scenario: "SQLite, 1 instance", max: load, paced: load, light: load, cpuMsPerMessage: 2, rssMiB: [200], startRssMiB: [150] }],
    skipped: [],
    memory: { indexRssMiB: undefined, indexChunks: undefined, serviceStartRssMiB: undefined, serviceAfterRunRssMiB: undefined },
    targets: { messagesPerSecond: 300, p99ServerMs: 50 },
  } as unknown as BenchResults;
}

describe("machine fingerprint", () => {
  it("matches the same machine on another day, whatever its load", () => {
    expect(machineDifferences(machine, { ...machine, loadAverage: 1.9, ramGiB: 23.3, platform: "linux 6.19" })).toEqual([]);
  });

  it("names every difference that makes figures incomparable", () => {
    const other = { ...machine, cpuModel: "Intel(R) Xeon(R) Processor", cpus: 4, ramGiB: 15.6, node: "v22.1.0" };
    expect(machineDifferences(other, machine)).toEqual([
      "CPU Intel(R) Xeon(R) Processor ≠ AMD EPYC",
      "4 ≠ 2 CPUs",
      "15.6 ≠ 23.5 GiB RAM",
      "Node v22.1.0 ≠ v20.20.2",
    ]);
  });
});

describe("side by side", () => {
  const byKey = (rows: ReturnType<typeof sideBySide>) => Object.fromEntries(rows.map((r) => [r.key, r]));

  it("calls a figure better or worse when every round agrees by more than 10%", () => {
    const rows = byKey(sideBySide([run(2400, 30), run(2500, 32), run(2300, 31)], [run(2000, 20), run(2050, 21), run(1900, 22)]));
    const ingestion = rows["ingestion.knowledge/.chunksPerSecond"]!;
    expect(ingestion.ours).toEqual([2400, 2500, 2300]);
    expect(ingestion.theirs).toEqual([2000, 2050, 1900]);
    expect(ingestion.ratio).toBeCloseTo(2400 / 2000, 5);
    expect(ingestion.spread[0]).toBeCloseTo(1.2, 5);
    expect(ingestion.spread[1]).toBeCloseTo(2500 / 2050, 5);
    expect(ingestion.verdict).toBe("better");
    expect(rows["messages.SQLite, 1 instance.paced.webhook.p99"]!.verdict).toBe("worse"); // lower is better: 31 ms against 21 ms
    expect(rows["messages.SQLite, 1 instance.max.perSecond"]!.verdict).toBe("same");
  });

  it("keeps a difference that one round contradicts within noise", () => {
    const rows = byKey(sideBySide([run(2600, 20), run(2600, 20), run(1800, 20)], [run(2000, 20), run(2000, 20), run(2000, 20)]));
    expect(rows["ingestion.knowledge/.chunksPerSecond"]!.ratio).toBeCloseTo(1.3, 5);
    expect(rows["ingestion.knowledge/.chunksPerSecond"]!.verdict).toBe("same");
  });

  it("keeps a difference within noise while the two trees' ranges overlap", () => {
    // Every round 15% faster, but this tree's slowest round is slower than the other's fastest.
    const rows = byKey(sideBySide([run(2300, 20), run(2760, 20), run(2530, 20)], [run(2000, 20), run(2400, 20), run(2200, 20)]));
    expect(rows["ingestion.knowledge/.chunksPerSecond"]!.spread).toEqual([1.15, 1.15]);
    expect(rows["ingestion.knowledge/.chunksPerSecond"]!.verdict).toBe("same");
  });

  it("ignores a large ratio below the figure's noise floor", () => {
    // p99 from 2 ms to 4 ms doubles, but stays within the 5 ms a shared machine wobbles by.
    const rows = byKey(sideBySide([run(2000, 4), run(2000, 4)], [run(2000, 2), run(2000, 2)]));
    expect(rows["messages.SQLite, 1 instance.paced.webhook.p99"]!.ratio).toBe(2);
    expect(rows["messages.SQLite, 1 instance.paced.webhook.p99"]!.verdict).toBe("same");
  });

  it("prints medians with their range, the ratio and its spread", () => {
    const table = sideBySideTable(sideBySide([run(2400, 30), run(2500, 32)], [run(2000, 20), run(2000, 20)]), "abc1234567");
    expect(table.split("\n")[0]).toBe("| figure | better | this tree | abc1234567 | ratio | ratio per round | verdict |");
    expect(table).toContain("| ingestion.knowledge/.chunksPerSecond | higher | 2450 (2400–2500) | 2000 (2000–2000) | 1.225 | 1.2–1.25 | better |");
    expect(table).toContain("| messages.SQLite, 1 instance.paced.webhook.p99 | lower | 31 (30–32) | 20 (20–20) | 1.55 | 1.5–1.6 | **WORSE** |");
  });
});
