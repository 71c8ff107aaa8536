// The outbox worker keeps to a platform's rate as the platform counts it: a message counts when it
// arrives, somewhere between the moment the worker sends it and the moment the answer comes back.
// The fakes here enforce the bot-wide cap (429 beyond it, like Telegram's ~30 a second) and record
// when each message arrived; the service runs with the same cap. When the platform is slow to answer
// one second's worth of messages, the next second's must wait for those answers, or the platform
// sees two seconds' worth in one and refuses the excess. And a young person who writes while a
// broadcast goes out at the platform's full rate gets their answer within about a second's worth of
// the broadcast, not behind all of it. Real pacing takes real seconds: this file is in the
// reliability project.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enqueueMessages, enqueueMessagesReturningIds } from "../../src/db/outbox.ts";
import { runApp, type RunningApp } from "../support/app.ts";
import { FakeTelegram } from "../support/fake-telegram.ts";
import { FakeZalo } from "../support/fake-zalo.ts";
import { busiestSecond } from "../reliability/support/broadcast-audit.ts";

const RATE = 20;
const telegram = new FakeTelegram({ perSecond: RATE });
const zalo = new FakeZalo({ perSecond: RATE });

describe("outbox pacing at the platforms' caps", () => {
  let app: RunningApp;
  beforeAll(async () => {
    await telegram.start();
    await zalo.start();
    app = await runApp({
      env: {
        TELEGRAM_BOT_TOKEN: telegram.token,
        TELEGRAM_API_ROOT: telegram.apiRoot,
        TELEGRAM_RATE_PER_SECOND: String(RATE),
        TELEGRAM_CHAT_RATE_PER_SECOND: "0",
        ZALO_BOT_TOKEN: zalo.token,
        ZALO_API_ROOT: zalo.apiRoot,
        ZALO_RATE_PER_SECOND: String(RATE),
        ZALO_CHAT_RATE_PER_SECOND: "0",
        OUTBOX_POLL_MS: "50",
        OUTBOX_RETRY_BASE_MS: "100",
        OUTBOX_RETRY_MAX_MS: "1000",
      },
    });
  });
  afterAll(async () => {
    await app?.stop();
    await telegram.stop();
    await zalo.stop();
  });

  for (const [name, fake, sent] of [
    ["telegram", telegram, () => telegram.sent.map((m) => ({ chatId: String(m.chat_id), at: m.at }))],
    ["zalo", zalo, () => zalo.sent.map((m) => ({ chatId: m.chat_id, at: m.at }))],
  ] as const) {
    it(`${name}: a slow answer holds the next second's messages back, so the platform never refuses one`, async () => {
      const count = RATE * 3;
      // The platform takes 400 ms over the first second's messages, then answers at once.
      fake.delay("sendMessage", 400);
      const sendCalls = () => fake.calls.filter((c) => c.method === "sendMessage").length;
      const firstSecond = fake.waitForCall(() => sendCalls() >= RATE, 10_000);
      await enqueueMessages(
        app.db.prisma,
        Array.from({ length: count }, (_, i) => ({ channel: name, chatId: String(9_100_000 + i), payload: { text: `Tin ${name} số ${i + 1}` } })),
      );
      app.outbox.wake();
      await firstSecond;
      fake.delay("sendMessage", 0);
      const delivered = await Promise.race([
        (async () => {
          while (sent().length < count) await new Promise((r) => setTimeout(r, 50));
          return sent();
        })(),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`only ${sent().length} of ${count} delivered`)), 20_000)),
      ]);
      // Every message once, none refused for going over the bot's rate, and never more than the
      // rate in any second as the platform counted them.
      expect(new Set(delivered.map((m) => m.chatId)).size).toBe(count);
      expect(fake.botRateRefusals).toBe(0);
      expect(busiestSecond(delivered.map((m) => m.at))).toBeLessThanOrEqual(RATE);
    }, 30_000);
  }

  it("telegram: a reply written during a broadcast overtakes the broadcast's messages waiting in the outbox", async () => {
    const count = RATE * 5;
    // What the broadcast pump does: a window of bulk messages, each to its own subscriber.
    await enqueueMessagesReturningIds(
      app.db.prisma,
      Array.from({ length: count }, (_, i) => ({ channel: "telegram", chatId: String(9_200_000 + i), payload: { text: `Thông báo ${i + 1}: ngày hội việc làm` } })),
      new Date(),
      { bulk: true },
    );
    app.outbox.wake();
    const isNotice = (m: (typeof telegram.sent)[number]) => m.plainText.includes("ngày hội việc làm");
    // A second's worth has gone out: the broadcast is in full flow when the person writes.
    await telegram.waitFor(() => telegram.sent.filter(isNotice).length >= RATE, 10_000);
    telegram.pushUpdate(telegram.textMessage({ chatId: 9_300_001, text: "xin chào" }));
    const noticesBefore = telegram.sent.filter(isNotice).length;
    const reply = await telegram.waitFor((m) => String(m.chat_id) === "9300001", 15_000);
    const noticesUntilReply = telegram.sent.slice(0, telegram.sent.indexOf(reply)).filter(isNotice).length - noticesBefore;
    // Within about a second's worth of the broadcast (the update's long poll included), while
    // most of the broadcast was still waiting.
    expect(noticesUntilReply).toBeLessThanOrEqual(RATE);
    expect(telegram.sent.slice(0, telegram.sent.indexOf(reply)).filter(isNotice).length).toBeLessThan(count / 2);
    await telegram.waitFor(() => telegram.sent.filter(isNotice).length >= count, 20_000);
    expect(telegram.botRateRefusals).toBe(0);
  }, 40_000);
});
