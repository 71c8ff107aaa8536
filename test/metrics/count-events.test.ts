// Metrics are fed by events alone: what the conversation, the inbound pipeline and the outbox tell
// shows up in the Prometheus text, and a listener that throws neither breaks the code that emitted
// nor keeps the other listeners from hearing it.
import pino from "pino";
import { describe, expect, it } from "vitest";
import type { Db } from "../../src/db/client.ts";
import { Events, type AppEventMap } from "../../src/events.ts";
import { countEvents } from "../../src/metrics/count-events.ts";
import { Metrics } from "../../src/metrics/metrics.ts";

const silent = pino({ level: "silent" });

describe("metrics from events", () => {
  it("counts replies, drops, sends and search times as they are told", async () => {
    const events = new Events<AppEventMap>();
    // No database behind the gauges here: they report ya_database_up 0, the counters are what matter.
    const metrics = new Metrics({ db: {} as Db, log: silent });
    countEvents(events, metrics);

    events.emit("replied", { channel: "web", kind: "answer", replies: 2, delivery: "return" });
    events.emit("replied", { channel: "telegram", kind: "fallback", replies: 1, delivery: "outbox" });
    events.emit("dropped", { channel: "telegram", reason: "flood" });
    events.emit("delivered", { channel: "telegram" });
    events.emit("deliveryFailed", { channel: "telegram", failure: "unreachable" });
    events.emit("searched", { seconds: 0.002 });

    const text = (await metrics.expose()).body;
    expect(text).toContain('ya_messages_received_total{channel="web"} 1');
    expect(text).toContain('ya_messages_received_total{channel="telegram"} 1');
    // The web chat's replies went back at once; Telegram's count when the outbox sent them.
    expect(text).toContain('ya_messages_sent_total{channel="web"} 2');
    expect(text).toContain('ya_messages_sent_total{channel="telegram"} 1');
    expect(text).toContain('ya_replies_total{kind="fallback"} 1');
    expect(text).toContain('ya_updates_dropped_total{channel="telegram",reason="flood"} 1');
    expect(text).toContain('ya_send_failures_total{channel="telegram",failure="unreachable"} 1');
    expect(text).toContain("ya_retrieval_duration_seconds_count 1");
  });

  it("keeps a failing listener to itself", () => {
    const failures: string[] = [];
    const events = new Events<AppEventMap>((_err, event) => failures.push(event));
    let woken = 0;
    events.on("outboxWritten", () => {
      throw new Error("listener bug");
    });
    const stop = events.on("outboxWritten", () => woken++);

    expect(() => events.emit("outboxWritten", {})).not.toThrow();
    expect(woken).toBe(1);
    expect(failures).toEqual(["outboxWritten"]);

    stop();
    events.emit("outboxWritten", {});
    expect(woken).toBe(1);
  });
});
