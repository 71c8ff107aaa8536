// SQLite busy or locked under concurrent writes: another process holds the write lock for a few
// seconds, or commits write transactions back to back, while users write through the web chat and
// the Telegram webhook. Every user gets a proper answer (no "system error" text, no 5xx on the web
// chat), every webhook update is answered exactly once, and no error is logged.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditReplies, planBurst } from "./support/burst.ts";
import { startLoggedApp, type LoggedApp } from "./support/logged-app.ts";
import { telegramPlatform, waitForDrain } from "./support/platforms.ts";
import { busyWriter, holdWriteLock } from "./support/sqlite-writer.ts";
import { WebhookSender } from "./support/webhook-sender.ts";
import { WebClient } from "../support/web-client.ts";

const SECRET = "reliability-sqlite-secret";
const platform = telegramPlatform();
const fake = platform.fake;
const GENERIC_ERROR = "hệ thống đang gặp sự cố";

/** An error log line in one line: its message and the first line of the error's message. */
const summary = (e: Record<string, unknown>) => {
  const err = e.err as { message?: string } | undefined;
  return `${String(e.msg)}: ${(err?.message ?? "").split("\n").filter((l) => l.trim()).slice(0, 3).join(" | ")}`;
};

interface WebResult {
  status: number;
  texts: string[];
}

describe("SQLite busy", () => {
  let app: LoggedApp;
  beforeAll(async () => {
    await fake.start();
    app = await startLoggedApp(platform.env(SECRET), "warn");
  });
  afterAll(async () => {
    await app?.stop();
    await fake.stop();
  });

  /** Web chat and webhook traffic at once; returns what the web users saw and the webhook audit. */
  async function traffic(opts: { firstChatId: number; users: number; perUser: number; webUsers: number; tag: string }) {
    const plans = planBurst({ users: opts.users, perUser: opts.perUser, proposerEvery: 2, firstChatId: opts.firstChatId, runTag: opts.tag });
    const sender = new WebhookSender<unknown>({
      post: (update) => platform.post(`${app.url}/webhooks/telegram`, update, SECRET),
      concurrency: 20,
    });
    const webhooks = sender.deliver(platform.updates(plans));
    const web = Promise.all(
      Array.from({ length: opts.webUsers }, async (_, i): Promise<WebResult[]> => {
        const person = new WebClient(app.url, new Map(), `${opts.tag}-web-${i}`);
        const out: WebResult[] = [];
        for (const text of ["/kiennghi Đề nghị thư viện xã mở cửa cả ngày thứ bảy và chủ nhật", "đồng ý", "thanh niên là bao nhiêu tuổi"]) {
          const res = await person.send({ text });
          const body = (await res.json()) as { replies?: { text: string }[] };
          out.push({ status: res.status, texts: (body.replies ?? []).map((r) => r.text) });
        }
        return out;
      }),
    );
    const [stats, webResults] = await Promise.all([webhooks, web]);
    await waitForDrain(app.db, 30_000);
    await new Promise((r) => setTimeout(r, 300));
    const chats = new Set(plans.map((p) => String(p.chatId)));
    const audit = auditReplies(plans, platform.sent().filter((m) => chats.has(m.chatId)));
    return { stats, web: webResults.flat(), audit };
  }

  it("waits while another process holds the write lock for 3 s; nobody sees an error", async () => {
    const errorsBefore = app.entries(50).length;
    const lock = holdWriteLock(app.dataDir, 3000);
    await lock.started;
    const started = Date.now();
    const { stats, web, audit } = await traffic({ firstChatId: 750_000, users: 10, perUser: 4, webUsers: 10, tag: "hold" });
    await lock.done;
    console.log(
      `write lock held 3 s: ${stats.updates} webhook updates (${stats.redelivered} re-sent, statuses ${JSON.stringify(stats.statuses)}), ` +
        `${web.length} web chat requests (${web.filter((w) => w.status !== 200).length} not 200), done in ${Date.now() - started} ms; ` +
        `${audit.exactlyOnce}/${audit.updates} answered exactly once`,
    );
    expect(web.map((w) => w.status)).toEqual(web.map(() => 200));
    expect(web.flatMap((w) => w.texts).filter((t) => t.includes(GENERIC_ERROR))).toEqual([]);
    expect(web.filter((w) => w.texts.some((t) => /KN-\d{4}-\d{5}/.test(t))).length).toBeGreaterThanOrEqual(10);
    expect(stats.acknowledged).toBe(stats.updates);
    expect(audit.details).toEqual([]);
    expect(app.entries(50).slice(errorsBefore).map(summary)).toEqual([]);
  }, 50_000);

  it("keeps answering what needs no write while another process holds the write lock", async () => {
    const lock = holdWriteLock(app.dataDir, 2500);
    await lock.started;
    const order: string[] = [];
    // A chat message must write (its log, its state): it waits for the lock…
    const chat = fetch(`${app.url}/api/chat`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ user: "busy-reader", text: "thanh niên là bao nhiêu tuổi" }),
    }).then(async (res) => {
      order.push("chat");
      return { status: res.status, body: (await res.json()) as { kind: string } };
    });
    await new Promise((r) => setTimeout(r, 200));
    // …while the health check (a read) and the chat page are answered meanwhile, not after it.
    const health = await fetch(`${app.url}/healthz`);
    order.push("health");
    expect((await fetch(`${app.url}/chat`)).status).toBe(200);
    order.push("page");
    expect(health.status).toBe(200);
    const answered = await chat;
    await lock.done;
    expect(order).toEqual(["health", "page", "chat"]);
    expect(answered.status).toBe(200);
    expect(answered.body.kind).toBe("answer");
  }, 30_000);

  it("keeps up with another process committing write transactions back to back", async () => {
    const errorsBefore = app.entries(50).length;
    const writers = [busyWriter(app.dataDir, 200, 10), busyWriter(app.dataDir, 200, 10), busyWriter(app.dataDir, 200, 10)];
    await Promise.all(writers.map((w) => w.started));
    const started = Date.now();
    const { stats, web, audit } = await traffic({ firstChatId: 751_000, users: 10, perUser: 4, webUsers: 25, tag: "loop" });
    await Promise.all(writers.map((w) => w.done));
    console.log(
      `3 writers × 200 transactions: ${stats.updates} webhook updates (${stats.redelivered} re-sent, statuses ${JSON.stringify(stats.statuses)}), ` +
        `${web.length} web chat requests (${web.filter((w) => w.status !== 200).length} not 200), done in ${Date.now() - started} ms; ` +
        `${audit.exactlyOnce}/${audit.updates} answered exactly once`,
    );
    expect(web.map((w) => w.status)).toEqual(web.map(() => 200));
    expect(web.flatMap((w) => w.texts).filter((t) => t.includes(GENERIC_ERROR))).toEqual([]);
    expect(stats.acknowledged).toBe(stats.updates);
    expect(audit.details).toEqual([]);
    expect(app.entries(50).slice(errorsBefore).map(summary)).toEqual([]);
  }, 50_000);
});
