// Telegram not answering (timeouts), with CHANNEL_REQUEST_TIMEOUT_SECONDS=2. A call that hangs and
// never takes effect is abandoned after the configured timeout and retried: every reply arrives
// exactly once. A call that Telegram performs only after we stopped waiting cannot be told apart
// from one that was lost, so it is sent again: at least once, never lost (the reason the default
// timeout, 20 s, is far above Telegram's usual response time).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runApp, type RunningApp } from "../support/app.ts";
import { describeOutage, runOutage } from "./support/outage.ts";
import { telegramPlatform } from "./support/platforms.ts";

const SECRET = "reliability-timeouts-secret";
const platform = telegramPlatform();
const fake = platform.fake;

describe("Telegram timeouts", () => {
  let app: RunningApp;
  beforeAll(async () => {
    await fake.start();
    app = await runApp({ env: platform.env(SECRET, { CHANNEL_REQUEST_TIMEOUT_SECONDS: "2" }) });
  });
  afterAll(async () => {
    await app?.stop();
    await fake.stop();
  });

  it("gives up a send that hangs after CHANNEL_REQUEST_TIMEOUT_SECONDS and delivers every reply once", async () => {
    const callsBefore = fake.calls.length;
    const report = await runOutage({
      platform,
      app,
      secret: SECRET,
      users: 6,
      perUser: 4,
      firstChatId: 740_000,
      faultMs: 10_000,
      // For 10 s every sendMessage hangs for 12 s and is then dropped without effect.
      startFault: () => {
        fake.delay("sendMessage", 12_000);
        fake.failFor("sendMessage", 10_000, { status: "reset" });
      },
      endFault: () => fake.delay("sendMessage", 0),
    });
    console.log(describeOutage("Telegram hanging for 10 s (timeout 2 s)", report));
    expect(report.deliveredDuringFault).toBe(0);
    expect(report.audit.details).toEqual([]);
    expect(report.audit.exactlyOnce).toBe(report.updates);
    // Each attempt was abandoned after ~2 s and tried again while Telegram still hung (with the
    // client's own 32 s timeout there would have been one attempt per message in the whole fault).
    const during = fake.calls.slice(callsBefore).filter((c) => c.method === "sendMessage" && c.at < report.faultEndedAt);
    const firstChat = String(during[0]!.params.chat_id);
    const attempts = during.filter((c) => String(c.params.chat_id) === firstChat).map((c) => c.at);
    expect(attempts.length).toBeGreaterThanOrEqual(3);
    expect(attempts[1]! - attempts[0]!).toBeLessThan(5_000);
  }, 50_000);

  it("sends again a reply that Telegram accepted only after the timeout: at least once, never lost", async () => {
    const report = await runOutage({
      platform,
      app,
      secret: SECRET,
      users: 6,
      perUser: 4,
      firstChatId: 741_000,
      faultMs: 6_000,
      // For 6 s Telegram takes 3 s to answer, and does send the message.
      startFault: () => fake.delay("sendMessage", 3_000),
      endFault: () => fake.delay("sendMessage", 0),
    });
    console.log(describeOutage("Telegram answering after 3 s for 6 s (timeout 2 s)", report));
    expect(report.audit.lost).toBe(0);
    // The late first attempt lands next to its retry (a duplicate) or, when Telegram performs it
    // only after the chat's next reply went out, after that reply (counted as unexpected).
    expect(report.audit.duplicates + report.audit.unexpected).toBeGreaterThan(0);
  }, 50_000);
});
