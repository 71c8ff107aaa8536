// GET /metrics, as the operator's Prometheus sees it: a token when METRICS_TOKEN is set, messages
// in and out per channel, reply kinds (so the fallback rate), retrieval and request latency, the
// outbox and proposal gauges read from the database at scrape time, process metrics; and one
// registry per app, so two apps in one process do not mix their numbers.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runApp, type RunningApp } from "../support/app.ts";
import { FakeTelegram } from "../support/fake-telegram.ts";

const TOKEN = "metrics-token-0123456789abcdef";
const SECRET = "metrics-webhook-secret";

/** The value of one sample, e.g. sample(text, "ya_replies_total", { kind: "answer" }); undefined when absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split("\n")) {
    if (line.startsWith("#")) continue;
    const m = /^([a-zA-Z_:][\w:]*)(\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const found = Object.fromEntries([...(m[3] ?? "").matchAll(/(\w+)="([^"]*)"/g)].map((l) => [l[1], l[2]]));
    if (Object.entries(labels).every(([k, v]) => found[k] === v)) return Number(m[4]);
  }
  return undefined;
}

describe("metrics", () => {
  const fake = new FakeTelegram();
  let app: RunningApp;
  let other: RunningApp;
  const scrape = async (target: RunningApp = app, token: string | undefined = TOKEN) => {
    const res = await fetch(`${target.url}/metrics`, token ? { headers: { authorization: `Bearer ${token}` } } : {});
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    return res.text();
  };

  beforeAll(async () => {
    await fake.start();
    app = await runApp({
      env: { METRICS_TOKEN: TOKEN, ...fake.webhookEnv(SECRET) },
    });
    other = await runApp();
  });

  afterAll(async () => {
    await app?.stop();
    await other?.stop();
    await fake.stop();
  });

  it("refuses a scrape without the right bearer token", async () => {
    const none = await fetch(`${app.url}/metrics`);
    expect(none.status).toBe(401);
    expect(none.headers.get("www-authenticate")).toMatch(/^Bearer/);
    const wrong = await fetch(`${app.url}/metrics`, { headers: { authorization: "Bearer not-the-token-at-all" } });
    expect(wrong.status).toBe(401);
    const basic = await fetch(`${app.url}/metrics`, { headers: { authorization: `Basic ${TOKEN}` } });
    expect(basic.status).toBe(401);
  });

  it("counts messages per channel, reply kinds and latencies", async () => {
    expect((await app.chat("metrics-web-1", "thanh niên là bao nhiêu tuổi")).kind).toBe("answer");
    expect((await app.chat("metrics-web-1", "giá vé máy bay đi sao hỏa")).kind).toBe("fallback");
    const update = fake.textMessage({ chatId: 9101, text: "/help" });
    expect(await fake.postWebhook(`${app.url}/webhooks/telegram`, update, SECRET)).toBe(200);
    expect(await fake.postWebhook(`${app.url}/webhooks/telegram`, update, SECRET)).toBe(200); // Telegram retried it
    await fake.waitForSent(2); // the help text and the one-time privacy notice
    await new Promise((r) => setTimeout(r, 100));

    const text = await scrape();
    expect(sample(text, "ya_messages_received_total", { channel: "web" })).toBe(2);
    expect(sample(text, "ya_messages_received_total", { channel: "telegram" })).toBe(1);
    expect(sample(text, "ya_updates_dropped_total", { channel: "telegram", reason: "duplicate" })).toBe(1);
    expect(sample(text, "ya_messages_sent_total", { channel: "telegram" })).toBe(2);
    expect(sample(text, "ya_messages_sent_total", { channel: "web" })).toBe(3); // the answer, the fallback and the one-time privacy notice
    expect(sample(text, "ya_replies_total", { kind: "answer" })).toBe(1);
    expect(sample(text, "ya_replies_total", { kind: "fallback" })).toBe(1);
    expect(sample(text, "ya_replies_total", { kind: "help" })).toBe(1);
    expect(sample(text, "ya_retrieval_duration_seconds_count")).toBe(2);
    expect(sample(text, "ya_http_request_duration_seconds_count", { method: "POST", route: "/webhooks/telegram", status_code: "200" })).toBe(2);
    expect(sample(text, "ya_http_request_duration_seconds_count", { method: "POST", route: "/api/chat", status_code: "200" })).toBe(2);
    // Process metrics come with every registry.
    expect(sample(text, "process_cpu_user_seconds_total")).toBeGreaterThan(0);
    expect(sample(text, "nodejs_heap_size_used_bytes")).toBeGreaterThan(0);
  });

  it("reads the outbox depth, the oldest pending message and the proposal queue at scrape time", async () => {
    const prisma = app.db.prisma;
    let text = await scrape();
    expect(sample(text, "ya_database_up")).toBe(1);
    expect(sample(text, "ya_outbox_messages", { status: "pending" })).toBe(0);
    expect(sample(text, "ya_outbox_oldest_pending_age_seconds")).toBe(0);
    expect(sample(text, "ya_proposals", { status: "received" })).toBe(0);

    // A message for a channel this instance does not serve stays pending: it shows how old it is.
    const twoMinutesAgo = new Date(Date.now() - 120_000);
    await prisma.outboxMessage.create({ data: { channel: "zalo", chatId: "1", payload: "{}", createdAt: twoMinutesAgo, nextAttemptAt: twoMinutesAgo } });
    const department = await prisma.department.findFirstOrThrow();
    const day = 24 * 3600_000;
    for (const [code, status, dueAt] of [
      ["KN-2026-90001", "received", new Date(Date.now() - day)],
      ["KN-2026-90002", "in_progress", new Date(Date.now() + day)],
      ["KN-2026-90003", "answered", new Date(Date.now() - day)],
    ] as const) {
      await prisma.proposal.create({ data: { code, status, dueAt, channel: "web", content: "Đề nghị mở thêm sân bóng cho thanh niên", departmentId: department.id } });
    }

    text = await scrape();
    expect(sample(text, "ya_outbox_messages", { status: "pending" })).toBe(1);
    expect(sample(text, "ya_outbox_oldest_pending_age_seconds")).toBeGreaterThanOrEqual(120);
    expect(sample(text, "ya_proposals", { status: "received" })).toBe(1);
    expect(sample(text, "ya_proposals", { status: "in_progress" })).toBe(1);
    expect(sample(text, "ya_proposals", { status: "answered" })).toBe(1);
    expect(sample(text, "ya_proposals", { status: "closed" })).toBe(0);
    // Answered items are not overdue, only open ones past their due date.
    expect(sample(text, "ya_proposals_overdue")).toBe(1);
  });

  it("keeps each app's numbers in its own registry, and is open when no token is set", async () => {
    await other.chat("metrics-other", "xin chào");
    const text = await scrape(other, undefined);
    expect(sample(text, "ya_messages_received_total", { channel: "web" })).toBe(1);
    expect(sample(text, "ya_messages_received_total", { channel: "telegram" })).toBeUndefined();
    expect(sample(text, "ya_replies_total", { kind: "answer" })).toBeUndefined();
  });
});
