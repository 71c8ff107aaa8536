// Zalo answering 500 for 20 s: webhooks keep being acknowledged, the outbox holds every reply, and
// when Zalo is back each reply is delivered exactly once, in order.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runApp, type RunningApp } from "../support/app.ts";
import { describeOutage, runOutage } from "./support/outage.ts";
import { zaloPlatform } from "./support/platforms.ts";

const SECRET = "reliability-zalo-secret";
const platform = zaloPlatform();
const fake = platform.fake;

describe("Zalo outage", () => {
  let app: RunningApp;
  beforeAll(async () => {
    await fake.start();
    app = await runApp({ env: platform.env(SECRET) });
  });
  afterAll(async () => {
    await app?.stop();
    await fake.stop();
  });

  it("holds every reply while Zalo answers 500 for 20 s, then delivers each exactly once", async () => {
    const report = await runOutage({
      platform,
      app,
      secret: SECRET,
      users: 10,
      perUser: 5,
      firstChatId: 730_000,
      faultMs: 20_000,
      startFault: () => fake.failFor("sendMessage", 20_000, { status: 500 }),
    });
    console.log(describeOutage("Zalo 500 for 20 s", report));
    expect(report.sender.acknowledged).toBe(report.updates);
    expect(report.deliveredDuringFault).toBe(0);
    expect(report.heldAtFaultEnd).toBeGreaterThan(0);
    expect(report.failedAttempts[500]).toBeGreaterThan(0);
    expect(report.audit.details).toEqual([]);
    expect(report.audit.exactlyOnce).toBe(report.updates);
    expect(report.drainMs).toBeLessThan(10_000);
  }, 50_000);
});
