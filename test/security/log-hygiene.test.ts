// What reaches the logs. The service runs with every secret configured (bot tokens, webhook
// secrets, the first administrator's password, the metrics token, a language-model API key) and
// LOG_LEVEL=trace, and is pushed through start-up failures, send failures of every kind, wrong
// secrets, failed logins and bad requests; none of the secrets may appear in the JSON log. Phone
// numbers, email addresses and ID numbers typed by users (in chat, in bad request bodies, in URLs,
// in a login form) appear only masked.
import type { Update } from "grammy/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeTelegram } from "../support/fake-telegram.ts";
import { FakeZalo } from "../support/fake-zalo.ts";
import { WebClient } from "../support/web-client.ts";
import { startLoggedApp, type LoggedApp } from "../reliability/support/logged-app.ts";
import { send } from "./support/http.ts";

const TELEGRAM_TOKEN = "987654321:AAH-tgSECRETpart_0123456789abcdefXYZ";
const ZALO_TOKEN = "1459232241454765289:zaloSECRETaccessToken0123456789";
const SECRETS = {
  telegramToken: TELEGRAM_TOKEN,
  telegramTokenSecretPart: TELEGRAM_TOKEN.split(":")[1]!,
  zaloToken: ZALO_TOKEN,
  zaloTokenSecretPart: ZALO_TOKEN.split(":")[1]!,
  telegramWebhookSecret: "TgHookSECRET-abcdefghijklmnop",
  zaloWebhookSecret: "ZaloHookSECRET-qrstuvwxyz012",
  adminPassword: "AdminPassSECRET-2026-rat-dai",
  metricsToken: "MetricsTokenSECRET-0123456789",
  llmApiKey: "sk-LlmKeySECRET-0123456789abcdef",
};
// Personal data as users type it, with the form each must not appear in.
const PHONE = "0912 345 678";
const EMAIL = "lan.nguyen.bimat@example.com";
const CCCD = "001203004567";
const RAW_FORMS = ["0912 345 678", "0912345678", EMAIL, CCCD];

describe("log hygiene", () => {
  const telegram = new FakeTelegram({ token: TELEGRAM_TOKEN });
  const zalo = new FakeZalo({ token: ZALO_TOKEN });
  let app: LoggedApp;
  let webUser: WebClient;

  beforeAll(async () => {
    await telegram.start();
    await zalo.start();
    // Start-up meets a failing Bot API first (the channel retries in the background).
    telegram.failNext("getMe", 1, { status: 500 });
    zalo.failNext("getMe", 1, { status: "reset" });
    app = await startLoggedApp(
      {
        PUBLIC_BASE_URL: "http://127.0.0.1:9",
        TELEGRAM_BOT_TOKEN: TELEGRAM_TOKEN,
        TELEGRAM_API_ROOT: telegram.apiRoot,
        TELEGRAM_MODE: "webhook",
        TELEGRAM_WEBHOOK_SECRET: SECRETS.telegramWebhookSecret,
        TELEGRAM_CHAT_RATE_PER_SECOND: "0",
        ZALO_BOT_TOKEN: ZALO_TOKEN,
        ZALO_API_ROOT: zalo.apiRoot,
        ZALO_MODE: "webhook",
        ZALO_WEBHOOK_SECRET: SECRETS.zaloWebhookSecret,
        ZALO_CHAT_RATE_PER_SECOND: "0",
        ADMIN_EMAIL: "quantri@example.gov.vn",
        ADMIN_PASSWORD: SECRETS.adminPassword,
        METRICS_TOKEN: SECRETS.metricsToken,
        LLM_BASE_URL: "http://127.0.0.1:9/v1",
        LLM_MODEL: "test-model",
        LLM_API_KEY: SECRETS.llmApiKey,
        LLM_TIMEOUT_MS: "500",
        KNOWLEDGE_CONFIDENCE_THRESHOLD: "0.05",
        OUTBOX_POLL_MS: "50",
        OUTBOX_RETRY_BASE_MS: "50",
        OUTBOX_RETRY_MAX_MS: "200",
        CHANNEL_REQUEST_TIMEOUT_SECONDS: "1",
      },
      "trace",
    );
    await telegram.waitForCall((c) => c.method === "setWebhook", 10_000);
    await zalo.waitForCall((c) => c.method === "setWebhook", 10_000);
  });
  afterAll(async () => {
    await app?.stop();
    await telegram.stop();
    await zalo.stop();
  });

  it("exercises failures of every kind while users type personal data", async () => {
    const tg = (chatId: number, text: string) =>
      telegram.postWebhook(`${app.url}/webhooks/telegram`, telegram.textMessage({ chatId, firstName: `Lan ${PHONE}`, text }) as Update, SECRETS.telegramWebhookSecret);
    const za = (text: string) => zalo.postWebhook(`${app.url}/webhooks/zalo`, zalo.textMessage({ chatId: "z-logs", text }), SECRETS.zaloWebhookSecret);

    // Sends that fail: 500, 429, a reset connection, a timeout, a 400, a blocked user.
    telegram.failNext("sendMessage", 1, { status: 500 });
    telegram.failNext("sendMessage", 1, { status: 429, retryAfter: 1 });
    telegram.failNext("sendMessage", 1, { status: "reset" });
    zalo.failNext("sendMessage", 2, { status: 500 });
    expect(await tg(4001, `số của mình là ${PHONE}, email ${EMAIL}, CCCD ${CCCD}`)).toBe(200);
    expect(await za(`gọi mình ${PHONE} hoặc ${EMAIL}, CCCD ${CCCD}`)).toBe(200);
    expect(await tg(4002, `/kiennghi Đề nghị sửa đường thôn, liên hệ ${PHONE} hoặc ${EMAIL}`)).toBe(200);
    expect(await tg(4002, "đồng ý")).toBe(200);
    telegram.delay("sendMessage", 1500); // longer than CHANNEL_REQUEST_TIMEOUT_SECONDS
    expect(await tg(4002, PHONE)).toBe(200); // the contact details, saved with consent
    await new Promise((r) => setTimeout(r, 1600));
    telegram.delay("sendMessage", 0);
    telegram.failNext("sendMessage", 1, { status: 400, description: `Bad Request: chat ${PHONE} not found` });
    expect(await tg(4003, "thanh niên là bao nhiêu tuổi")).toBe(200);
    telegram.blockChat(4004);
    expect(await tg(4004, `/lienhe Cho hỏi về CCCD ${CCCD} của mình bị sai`)).toBe(200);

    // Web chat, including questions the language model is asked about (it is unreachable).
    webUser = new WebClient(app.url, new Map(), "web-logs");
    await webUser.send({ user: "web-logs", text: `thanh niên là người bao nhiêu tuổi, mình ${PHONE}` });
    await webUser.send({ user: "web-logs", text: `/kiennghi Mình là ${EMAIL}, CCCD ${CCCD}, đề nghị mở thêm lớp học nghề` });
    await webUser.inbox();

    // Bad requests that carry personal data in their body, URL or form.
    await send(`${app.url}/api/chat`, { headers: { "content-type": "application/json" }, body: `{"user":"x","text":"${PHONE} ${EMAIL} ${CCCD}` });
    await send(`${app.url}/api/chat`, { headers: { "content-type": "application/json" }, body: JSON.stringify({ user: `${EMAIL}!`, text: CCCD }) });
    await fetch(`${app.url}/khong-co/${encodeURIComponent(EMAIL)}/${CCCD}?phone=${encodeURIComponent(PHONE)}`);
    await fetch(`${app.url}/khong-co/${encodeURIComponent(PHONE)}/trang`);
    await fetch(`${app.url}/api/chat/inbox?user=${encodeURIComponent(EMAIL)}`);
    await send(`${app.url}/console/login`, {
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ email: EMAIL, password: SECRETS.adminPassword.slice(0, -1) }).toString(),
    });

    // Wrong secrets and tokens.
    await send(`${app.url}/webhooks/telegram`, { headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": SECRETS.zaloWebhookSecret }, body: "{}" });
    await fetch(`${app.url}/metrics`, { headers: { authorization: `Bearer ${SECRETS.telegramWebhookSecret}` } });
    await fetch(`${app.url}/api/v1/proposals`, { headers: { authorization: `Bearer ya_${SECRETS.metricsToken}` } });

    await new Promise((r) => setTimeout(r, 2500)); // retries, give-ups and the blocked user settle
    expect(app.lines.length).toBeGreaterThan(20);
    // The failures above did reach the log (so the checks below look at something real).
    const messages = app.entries().map((e) => String(e.msg));
    expect(messages).toEqual(expect.arrayContaining(["send failed; will retry", "telegram webhook: wrong secret token", "request refused"]));
  }, 30_000);

  it.each(Object.entries(SECRETS))("never logs the %s", (_name, secret) => {
    const leaked = app.lines.filter((l) => l.includes(secret));
    expect(leaked).toEqual([]);
  });

  it("never logs the web chat session cookie (a bearer secret)", () => {
    expect(webUser.session).toMatch(/^[\w-]{43}$/);
    expect(app.lines.filter((l) => l.includes(webUser.session!))).toEqual([]);
  });

  it.each(RAW_FORMS)("logs %s only masked", (raw) => {
    const leaked = app.lines.filter((l) => l.includes(raw) || l.includes(encodeURIComponent(raw)));
    expect(leaked).toEqual([]);
  });

  it("shows the masked forms where personal data was logged", () => {
    const all = app.lines.join("\n");
    expect(all).toMatch(/09\*{6}78|l\*\*\*@example\.com|00\*{8}67/);
  });
});
