// The channel contract for Telegram: real grammY against a fake Bot API server on 127.0.0.1; plus
// what only Telegram has (commands, inline buttons, HTML, groups, long polling with the runner).
import type { Update } from "grammy/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toTelegramHtml } from "../../src/channels/telegram/translate.ts";
import { runApp, type RunningApp } from "../support/app.ts";
import { FakeLlm } from "../support/fake-llm.ts";
import { FakeTelegram } from "../support/fake-telegram.ts";
import { isPrivacyNotice, runChannelContract, type ChannelDriver, type SentView } from "./channel-contract.ts";

const fake = new FakeTelegram();
const channelEnv = (extra: Record<string, string> = {}) => ({
  TELEGRAM_BOT_TOKEN: fake.token,
  TELEGRAM_API_ROOT: fake.apiRoot,
  TELEGRAM_CHAT_RATE_PER_SECOND: "0",
  OUTBOX_POLL_MS: "50",
  OUTBOX_RETRY_BASE_MS: "100",
  OUTBOX_RETRY_MAX_MS: "1000",
  CHANNEL_REQUEST_TIMEOUT_SECONDS: "5",
  ...extra,
});
const view = (m: (typeof fake.sent)[number]): SentView => {
  const markup = m.reply_markup as { inline_keyboard?: { text: string }[][] } | undefined;
  return { chatId: String(m.chat_id), text: m.plainText, buttons: markup?.inline_keyboard?.flat().map((b) => b.text) ?? [], at: m.at };
};

const driver: ChannelDriver = {
  name: "telegram",
  textLimit: 4096,
  sendMethod: "sendMessage",
  start: () => fake.start(),
  stop: () => fake.stop(),
  env: (secret) => channelEnv({ TELEGRAM_MODE: "webhook", TELEGRAM_WEBHOOK_SECRET: secret, PUBLIC_BASE_URL: "http://127.0.0.1:9" }),
  textUpdate: ({ chatId, userId, text, messageId }) =>
    fake.textMessage({ chatId: Number(chatId), userId: Number(userId), text, ...(messageId ? { updateId: Number(messageId) } : {}) }),
  choiceUpdate: ({ chatId, userId, id }) => fake.callbackQuery({ chatId: Number(chatId), userId: Number(userId), data: id }),
  stickerUpdate: ({ chatId, userId }) => fake.sticker({ chatId: Number(chatId), userId: Number(userId) }),
  post: (url, update, secret) => fake.postWebhook(url, update as Update, secret),
  sent: () => fake.sent.map(view),
  waitForSent: async (n, timeoutMs) => (await fake.waitForSent(n, timeoutMs)).map(view),
  failFor: (method, ms, spec) => fake.failFor(method, ms, spec),
  failNext: (method, n, spec) => fake.failNext(method, n, spec),
  clearFaults: () => fake.clearFaults(),
  blockChat: (chatId) => fake.blockChat(Number(chatId)),
  calls: (method) => fake.calls.filter((c) => c.method === method).map((c) => ({ at: c.at, status: c.status })),
};

describe("Telegram channel contract", () => runChannelContract(driver));

describe("Telegram specifics", () => {
  let app: RunningApp;
  beforeAll(async () => {
    await fake.start();
    app = await runApp({ env: channelEnv({ TELEGRAM_MODE: "polling" }) });
  });
  afterAll(async () => {
    await app?.stop();
    await fake.stop();
  });

  it("long-polls with the runner, registers Vietnamese commands, and replies in escaped HTML", async () => {
    await fake.waitForCall("getUpdates", 5000);
    const commands = fake.commandsFor();
    expect(commands?.map((c) => c.command)).toContain("kiennghi");
    expect(commands?.find((c) => c.command === "start")?.description).toBe("Bắt đầu và xem menu");
    expect(fake.commandsFor({ type: "default" }, "en")?.find((c) => c.command === "start")?.description).toBe("Start and show the menu");

    fake.pushUpdate(fake.textMessage({ chatId: 501, userId: 501, text: "<b>xin chào</b> & tạm biệt?" }));
    const reply = await fake.waitFor((m) => m.chat_id === 501);
    expect(reply.parse_mode).toBe("HTML");
  });

  it("answers in a group only when addressed", async () => {
    const username = fake.botUser.username;
    fake.pushUpdate(fake.textMessage({ chatId: -600, userId: 601, chatType: "group", text: "mọi người ơi đi đá bóng không" }));
    fake.pushUpdate(fake.textMessage({ chatId: -600, userId: 601, chatType: "group", text: `@${username} thanh niên là bao nhiêu tuổi` }));
    const reply = await fake.waitFor((m) => m.chat_id === -600);
    expect(reply.plainText).toContain("16 tuổi");
    await new Promise((r) => setTimeout(r, 500));
    expect(fake.sent.filter((m) => m.chat_id === -600 && !isPrivacyNotice(m.plainText))).toHaveLength(1);
  });

  it("answers English speakers in English", async () => {
    fake.pushUpdate(fake.textMessage({ chatId: 503, userId: 503, text: "/start", languageCode: "en" }));
    const reply = await fake.waitFor((m) => m.chat_id === 503);
    expect(reply.plainText).toContain("Hello");
  });

  it("sends the source's address as a link: an <a href> around exactly the address", async () => {
    fake.pushUpdate(fake.textMessage({ chatId: 504, userId: 504, text: "thanh niên là người bao nhiêu tuổi?" }));
    const reply = await fake.waitFor((m) => m.chat_id === 504 && m.plainText.includes("Nguồn:"));
    const link = /<a href="(https:\/\/vbpl\.vn\/[^"]+)">([^<]+)<\/a>\)/.exec(reply.text);
    expect(link?.[1]).toBe(link?.[2]);
    expect(reply.plainText).toContain(`(${link![2]})`);
  });

  it("escapes the text around links and keeps sentence punctuation out of them", () => {
    expect(toTelegramHtml("a <b> & xem https://vbpl.vn/a?b=1&c=2. hoặc (https://x.vn/d_(e)).")).toBe(
      'a &lt;b&gt; &amp; xem <a href="https://vbpl.vn/a?b=1&amp;c=2">https://vbpl.vn/a?b=1&amp;c=2</a>. hoặc (<a href="https://x.vn/d_(e)">https://x.vn/d_(e)</a>).',
    );
    expect(toTelegramHtml("gõ /xoadulieu, chi tiết: /privacy")).toBe("gõ /xoadulieu, chi tiết: /privacy");
  });
});

describe("Telegram typing indicator", () => {
  const llm = new FakeLlm();
  let app: RunningApp;
  beforeAll(async () => {
    await fake.start();
    const baseUrl = await llm.start();
    app = await runApp({ env: channelEnv({ TELEGRAM_MODE: "polling", LLM_BASE_URL: baseUrl, LLM_MODEL: "test-model", LLM_TIMEOUT_MS: "8000" }) });
  });
  afterAll(async () => {
    await app?.stop();
    await llm.stop();
    await fake.stop();
  });

  const QUESTION = "thanh niên là bao nhiêu tuổi";
  const slowAnswer = () => ({ content: "Thanh niên là công dân từ đủ 16 đến 30 tuổi. [1]", delayMs: 1500 });

  it("shows typing while a slow answer is being prepared", async () => {
    llm.reply = slowAnswer;
    fake.pushUpdate(fake.textMessage({ chatId: 701, userId: 701, text: QUESTION }));
    const reply = await fake.waitFor((m) => m.chat_id === 701 && !isPrivacyNotice(m.plainText), 10_000);
    expect(reply.plainText).toContain("16 đến 30 tuổi");
    const typing = fake.chatActions.filter((a) => a.chat_id === 701 && a.action === "typing");
    expect(typing.length).toBeGreaterThan(0);
    expect(typing[0]!.at).toBeLessThan(reply.at);
  });

  it("keeps answering when the typing indicator fails", async () => {
    llm.reply = slowAnswer;
    fake.failNext("sendChatAction", 1, { status: 500 });
    fake.pushUpdate(fake.textMessage({ chatId: 702, userId: 702, text: QUESTION }));
    const reply = await fake.waitFor((m) => m.chat_id === 702 && !isPrivacyNotice(m.plainText), 10_000);
    expect(reply.plainText).toContain("16 đến 30 tuổi");
    expect(fake.calls.some((c) => c.method === "sendChatAction" && c.status === 500)).toBe(true);
  });
});
