// The channel contract for Zalo: our own client against a fake Zalo Bot Platform on 127.0.0.1;
// plus what only Zalo has (one update per getUpdates, numbered menus, bare or wrapped webhooks).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runApp, type RunningApp } from "../support/app.ts";
import { FakeZalo, type ZaloUpdate } from "../support/fake-zalo.ts";
import { runChannelContract, type ChannelDriver, type SentView } from "./channel-contract.ts";

const fake = new FakeZalo();
const channelEnv = (extra: Record<string, string> = {}) => ({
  ZALO_BOT_TOKEN: fake.token,
  ZALO_API_ROOT: fake.apiRoot,
  ZALO_CHAT_RATE_PER_SECOND: "0",
  OUTBOX_POLL_MS: "50",
  OUTBOX_RETRY_BASE_MS: "100",
  OUTBOX_RETRY_MAX_MS: "1000",
  CHANNEL_REQUEST_TIMEOUT_SECONDS: "5",
  ...extra,
});
const view = (m: (typeof fake.sent)[number]): SentView => ({ chatId: m.chat_id, text: m.text, buttons: [], at: m.at });
let seq = 0;

const driver: ChannelDriver = {
  name: "zalo",
  textLimit: 2000,
  sendMethod: "sendMessage",
  start: () => fake.start(),
  stop: () => fake.stop(),
  env: (secret) => channelEnv({ ZALO_MODE: "webhook", ZALO_WEBHOOK_SECRET: secret, PUBLIC_BASE_URL: "http://127.0.0.1:9" }),
  textUpdate: ({ chatId, userId, text, messageId }) =>
    fake.textMessage({ chatId, userId, text, messageId: messageId ?? `m${Date.now()}${++seq}` }),
  choiceUpdate: ({ chatId, userId, n }) => fake.textMessage({ chatId, userId, text: String(n), messageId: `c${Date.now()}${++seq}` }),
  stickerUpdate: ({ chatId, userId }) => fake.sticker({ chatId, userId }),
  post: (url, update, secret) => fake.postWebhook(url, update as ZaloUpdate, secret),
  sent: () => fake.sent.map(view),
  waitForSent: async (n, timeoutMs) => (await fake.waitForSent(n, timeoutMs)).map(view),
  failFor: (method, ms, spec) => fake.failFor(method, ms, spec),
  failNext: (method, n, spec) => fake.failNext(method, n, spec),
  clearFaults: () => fake.clearFaults(),
  blockChat: (chatId) => fake.blockChat(chatId),
  calls: (method) => fake.calls.filter((c) => c.method === method).map((c) => ({ at: c.at, status: c.status })),
};

describe("Zalo channel contract", () => runChannelContract(driver));

describe("Zalo specifics", () => {
  let app: RunningApp;
  beforeAll(async () => {
    await fake.start();
    app = await runApp({ env: channelEnv({ ZALO_MODE: "polling" }) });
  });
  afterAll(async () => {
    await app?.stop();
    await fake.stop();
  });

  it("long-polls getUpdates (one update per answer, timeout as a string) and replies", async () => {
    const poll = await fake.waitForCall("getUpdates", 5000);
    expect(poll.params.timeout).toBe("30");
    fake.pushUpdate(fake.textMessage({ chatId: "z-501", userId: "u-501", text: "/start", messageId: "zm-1" }));
    fake.pushUpdate(fake.textMessage({ chatId: "z-502", userId: "u-502", text: "/help", messageId: "zm-2" }));
    const first = await fake.waitFor((m) => m.chat_id === "z-501");
    expect(first.text).toMatch(/1\. .*Pháp luật/);
    const second = await fake.waitFor((m) => m.chat_id === "z-502");
    expect(second.text).toContain("/kiennghi");
  });

  it("accepts a bare (unwrapped) webhook update too", async () => {
    const dir = await runApp({ env: channelEnv({ ZALO_MODE: "webhook", ZALO_WEBHOOK_SECRET: "bare-secret-123", PUBLIC_BASE_URL: "http://127.0.0.1:9" }) });
    try {
      const update = fake.textMessage({ chatId: "z-600", userId: "u-600", text: "/help" });
      expect(await fake.postWebhook(`${dir.url}/webhooks/zalo`, update, "bare-secret-123", { wrapped: false })).toBe(200);
      const reply = await fake.waitFor((m) => m.chat_id === "z-600");
      expect(reply.text).toContain("/kiennghi");
    } finally {
      await dir.stop();
    }
  });
});
