// Telegram answering 500 or 429 for a long while (20 s and 15 s here; `npm run chaos -- --outage-seconds 180`
// does minutes): webhooks keep being acknowledged, the outbox holds every reply, and when Telegram is
// back each reply is delivered exactly once, in order, having honoured retry_after.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runApp, type RunningApp } from "../support/app.ts";
import { describeOutage, runOutage } from "./support/outage.ts";
import { telegramPlatform } from "./support/platforms.ts";

const SECRET = "reliability-telegram-secret";
const platform = telegramPlatform();
const fake = platform.fake;

describe("Telegram outage", () => {
  let app: RunningApp;
  beforeAll(async () => {
    await fake.start();
    app = await runApp({ env: platform.env(SECRET) });
  });
  afterAll(async () => {
    await app?.stop();
    await fake.stop();
  });

  it("holds every reply while Telegram answers 500 for 20 s, then delivers each exactly once", async () => {
    const report = await runOutage({
      platform,
      app,
      secret: SECRET,
      users: 10,
      perUser: 5,
      firstChatId: 720_000,
      faultMs: 20_000,
      startFault: () => fake.failFor("sendMessage", 20_000, { status: 500, description: "Internal Server Error" }),
    });
    console.log(describeOutage("Telegram 500 for 20 s", report));
    expect(report.sender.acknowledged).toBe(report.updates);
    expect(report.sender.networkErrors + Object.keys(report.sender.statuses).length).toBe(0);
    expect(report.deliveredDuringFault).toBe(0);
    expect(report.heldAtFaultEnd).toBeGreaterThan(0);
    expect(report.failedAttempts[500]).toBeGreaterThan(0);
    expect(report.audit.details).toEqual([]);
    expect(report.audit.exactlyOnce).toBe(report.updates);
    expect(report.drainMs).toBeLessThan(10_000);
  }, 50_000);

  it("waits out 429 retry_after for 15 s, then delivers each reply exactly once", async () => {
    const callsBefore = fake.calls.length;
    const report = await runOutage({
      platform,
      app,
      secret: SECRET,
      users: 10,
      perUser: 5,
      firstChatId: 721_000,
      faultMs: 15_000,
      startFault: () => fake.failFor("sendMessage", 15_000, { status: 429, retryAfter: 3 }),
    });
    console.log(describeOutage("Telegram 429 (retry_after 3 s) for 15 s", report));
    expect(report.deliveredDuringFault).toBe(0);
    expect(report.failedAttempts[429]).toBeGreaterThan(0);
    expect(report.audit.details).toEqual([]);
    expect(report.audit.exactlyOnce).toBe(report.updates);
    // After a 429 the same chat is not tried again before retry_after.
    const sends = fake.calls.slice(callsBefore).filter((c) => c.method === "sendMessage");
    const gaps: number[] = [];
    for (const [i, call] of sends.entries()) {
      if (call.status !== 429) continue;
      const next = sends.slice(i + 1).find((c) => String(c.params.chat_id) === String(call.params.chat_id));
      if (next) gaps.push(next.at - call.at);
    }
    expect(gaps.length).toBeGreaterThan(0);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(2900);
  }, 50_000);
});
