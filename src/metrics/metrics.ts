// The service's Prometheus metrics: one registry per app instance (never prom-client's global one,
// so tests can run several apps in one process), the counters and histograms the rest of the code
// reports to through a few named methods, and the gauges read from the database at each scrape.
// Names start with `ya_` (youth assistant); process metrics keep prom-client's standard names.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import type { Logger } from "pino";
import { systemClock, type Clock } from "../clock.ts";
import type { Db } from "../db/client.ts";
import { readDatabaseGauges } from "./database-gauges.ts";

/** Why an incoming update had no effect. */
export type DropReason = "duplicate" | "flood";

export class Metrics {
  readonly registry = new Registry();
  private readonly received: Counter<"channel">;
  private readonly sent: Counter<"channel">;
  private readonly sendFailures: Counter<"channel" | "failure">;
  private readonly dropped: Counter<"channel" | "reason">;
  private readonly replies: Counter<"kind">;
  private readonly retrieval: Histogram;
  private readonly http: Histogram<"method" | "route" | "status_code">;

  constructor(opts: { db: Db; log: Logger; clock?: Clock }) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    this.received = new Counter({ name: "ya_messages_received_total", help: "Messages handled, per channel", labelNames: ["channel"], registers });
    this.sent = new Counter({
      name: "ya_messages_sent_total",
      help: "Messages that reached the user: sent by the outbox (chat platforms) or returned at once (web chat)",
      labelNames: ["channel"],
      registers,
    });
    this.sendFailures = new Counter({
      name: "ya_send_failures_total",
      help: "Failed sends by kind: retry (will be tried again), unreachable (user blocked the bot), rejected (given up)",
      labelNames: ["channel", "failure"],
      registers,
    });
    this.dropped = new Counter({
      name: "ya_updates_dropped_total",
      help: "Incoming updates with no effect: a redelivery (duplicate) or over the flood limit",
      labelNames: ["channel", "reason"],
      registers,
    });
    this.replies = new Counter({
      name: "ya_replies_total",
      help: "Replies by kind; fallback / (answer + fallback) is the share of questions the bot could not answer",
      labelNames: ["kind"],
      registers,
    });
    this.retrieval = new Histogram({
      name: "ya_retrieval_duration_seconds",
      help: "Knowledge base search time per question",
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers,
    });
    this.http = new Histogram({
      name: "ya_http_request_duration_seconds",
      help: "Time from request to response, per route (webhooks: until the update is handled and its replies are queued)",
      labelNames: ["method", "route", "status_code"],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
      registers,
    });
    this.registerDatabaseGauges(opts.db, opts.log, opts.clock ?? systemClock);
  }

  messageReceived(channel: string): void {
    this.received.inc({ channel });
  }

  messagesSent(channel: string, count = 1): void {
    if (count > 0) this.sent.inc({ channel }, count);
  }

  sendFailed(channel: string, failure: string): void {
    this.sendFailures.inc({ channel, failure });
  }

  updateDropped(channel: string, reason: DropReason): void {
    this.dropped.inc({ channel, reason });
  }

  replied(kind: string): void {
    this.replies.inc({ kind });
  }

  retrievalTook(seconds: number): void {
    this.retrieval.observe(seconds);
  }

  requestTook(labels: { method: string; route: string; status_code: number }, seconds: number): void {
    this.http.observe(labels, seconds);
  }

  /** The Prometheus text exposition of everything in this registry. */
  async expose(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  /** Outbox and proposal gauges, read from the database when Prometheus scrapes (not on a timer). */
  private registerDatabaseGauges(db: Db, log: Logger, clock: Clock): void {
    // One read serves every gauge of a scrape: each gauge's collect asks for it, the first call
    // starts it, and it is forgotten once the scrape's callbacks have run.
    let reading: Promise<void> | undefined;
    const collect = () =>
      (reading ??= readDatabaseGauges(db, clock.now())
        .then((g) => {
          up.set(1);
          outbox.reset();
          for (const [status, n] of Object.entries(g.outbox)) outbox.set({ status }, n);
          oldest.set(g.oldestPendingAgeSeconds);
          proposals.reset();
          for (const [status, n] of Object.entries(g.proposals)) proposals.set({ status }, n);
          overdue.set(g.overdue);
        })
        .catch((err: unknown) => {
          log.warn({ err }, "metrics: could not read the database");
          up.set(0);
        })
        .finally(() => setImmediate(() => (reading = undefined))));
    const registers = [this.registry];
    const up = new Gauge({ name: "ya_database_up", help: "1 when the last scrape could read the database", registers, collect });
    const outbox = new Gauge({
      name: "ya_outbox_messages",
      help: "Outbox messages not yet sent (the outbox depth), by status",
      labelNames: ["status"],
      registers,
      collect,
    });
    const oldest = new Gauge({
      name: "ya_outbox_oldest_pending_age_seconds",
      help: "Age of the oldest pending outbox message (0 when none)",
      registers,
      collect,
    });
    const proposals = new Gauge({
      name: "ya_proposals",
      help: "Proposals and escalated questions by status",
      labelNames: ["status"],
      registers,
      collect,
    });
    const overdue = new Gauge({ name: "ya_proposals_overdue", help: "Open proposals past their due date", registers, collect });
  }
}
