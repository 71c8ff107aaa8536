// The broadcast-replies benchmark's figures are judged like the others: chat replies that got more
// than 20% slower during a broadcast than in the baseline are called out, and a baseline from
// before the case existed compares the rest without complaint.
import { describe, expect, it } from "vitest";
import type { BroadcastRepliesResult } from "../../bench/broadcast-replies.ts";
import { regressions } from "../../bench/compare.ts";
import type { LoadResult } from "../../bench/message-load.ts";
import type { BenchResults } from "../../bench/results.ts";

const load = (serverP99: number, replyP99: number): LoadResult => ({
  messages: 300,
  seconds: 30,
  perSecond: 10,
  webhook: { p50: 8, p99: serverP99 },
  reply: { p50: 20, p99: replyP99 },
  failed: 0,
  unexpected: 0,
});

function run(during: LoadResult | undefined): BenchResults {
  const row: BroadcastRepliesResult = {
    scenario: "SQLite, 10,000 recipients",
    recipients: 10_000,
    rate: 10,
    caps: { telegram: 30, zalo: 20 },
    before: load(15, 40),
    during: during ?? load(20, 60),
    broadcast: { queued: 1500, delivered: 1400, waitingAtEnd: 8000 },
  };
  return {
    generatedAt: "2026-12-07T00:00:00.000Z",
    machine: { cpus: 2, cpuModel: "AMD EPYC", ramGiB: 23.5, node: "v20.20.2", platform: "linux", loadAverage: 0.3 },
    retrieval: undefined,
    ingestion: [],
    messages: [],
    ...(during === undefined ? {} : { broadcastReplies: [row] }),
    skipped: [],
    memory: { indexRssMiB: undefined, indexChunks: undefined, serviceStartRssMiB: undefined, serviceAfterRunRssMiB: undefined },
    targets: { messagesPerSecond: 300, p99ServerMs: 50 },
  };
}

describe("broadcast-replies figures against the baseline", () => {
  it("calls out server and delivery p99 during the broadcast more than 20% worse", () => {
    const worse = regressions(run(load(20, 60)), run(load(45, 900)));
    expect(worse.map((r) => r.key).sort()).toEqual([
      "broadcastReplies.SQLite, 10,000 recipients.during.reply.p99",
      "broadcastReplies.SQLite, 10,000 recipients.during.webhook.p99",
    ]);
    expect(worse.find((r) => r.key.endsWith("webhook.p99"))).toMatchObject({ baseline: 20, now: 45, worsePercent: 125 });
  });

  it("ignores changes within the noise floor, and a baseline from before the case existed", () => {
    expect(regressions(run(load(20, 60)), run(load(24, 100)))).toEqual([]); // 4 ms and 40 ms more are noise
    expect(regressions(run(undefined), run(load(400, 4000)))).toEqual([]);
  });
});
