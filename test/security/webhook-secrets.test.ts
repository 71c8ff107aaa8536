// Webhooks refuse anything without the exact secret header with 401, before the body is read: a
// malformed or oversize body with a wrong secret is still a 401 (not 400/413), nothing is stored,
// nothing is answered, and neither the secret tried nor the real one reaches the log.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeTelegram } from "../support/fake-telegram.ts";
import { FakeZalo } from "../support/fake-zalo.ts";
import { startLoggedApp, type LoggedApp } from "../reliability/support/logged-app.ts";
import { send } from "./support/http.ts";

const TELEGRAM_SECRET = "Tg_webhook-SECRET-value-0123456789";
const ZALO_SECRET = "Zalo-webhook-SECRET-value-987654";
const WRONG = "Wrong-secret-attempt-ABCDEFGHIJKLM";

describe("webhook secrets", () => {
  const telegram = new FakeTelegram();
  const zalo = new FakeZalo();
  let app: LoggedApp;

  beforeAll(async () => {
    await telegram.start();
    await zalo.start();
    app = await startLoggedApp(
      {
        BODY_LIMIT_BYTES: "4096",
        PUBLIC_BASE_URL: "http://127.0.0.1:9",
        TELEGRAM_BOT_TOKEN: telegram.token,
        TELEGRAM_API_ROOT: telegram.apiRoot,
        TELEGRAM_MODE: "webhook",
        TELEGRAM_WEBHOOK_SECRET: TELEGRAM_SECRET,
        ZALO_BOT_TOKEN: zalo.token,
        ZALO_API_ROOT: zalo.apiRoot,
        ZALO_MODE: "webhook",
        ZALO_WEBHOOK_SECRET: ZALO_SECRET,
        OUTBOX_POLL_MS: "50",
      },
      "debug",
    );
    await telegram.waitForCall("setWebhook");
    await zalo.waitForCall("setWebhook");
  });
  afterAll(async () => {
    await app?.stop();
    await telegram.stop();
    await zalo.stop();
  });

  const platforms = [
    {
      name: "telegram",
      header: "x-telegram-bot-api-secret-token",
      otherHeader: "x-bot-api-secret-token",
      secret: TELEGRAM_SECRET,
      update: (chatId: number) => JSON.stringify(telegram.textMessage({ chatId, text: "/start" })),
      sentTo: (chatId: number) => telegram.sent.filter((m) => m.chat_id === chatId).length,
    },
    {
      name: "zalo",
      header: "x-bot-api-secret-token",
      otherHeader: "x-telegram-bot-api-secret-token",
      secret: ZALO_SECRET,
      update: (chatId: number) => JSON.stringify({ ok: true, result: zalo.textMessage({ chatId: String(chatId), text: "/start" }) }),
      sentTo: (chatId: number) => zalo.sent.filter((m) => m.chat_id === String(chatId)).length,
    },
  ];

  describe.each(platforms)("$name", (p) => {
    const url = () => `${app.url}/webhooks/${p.name}`;
    const sameLength = p.secret.slice(0, -1) + (p.secret.endsWith("x") ? "y" : "x");
    const attempts: [string, Record<string, string>, string?][] = [
      ["no secret header", {}],
      ["an empty secret", { [p.header]: "" }],
      ["a wrong secret of another length", { [p.header]: WRONG }],
      ["a wrong secret of the same length", { [p.header]: sameLength }],
      ["the secret in another case", { [p.header]: p.secret.toUpperCase() }],
      ["the secret with a character more", { [p.header]: `${p.secret}a` }],
      ["the secret in the other platform's header", { [p.otherHeader]: p.secret }],
      ["the secret in the query string", {}, `?secret_token=${p.secret}`],
    ];

    it.each(attempts)("refuses %s with 401, and does nothing", async (_what, headers, query = "") => {
      const chatId = 880_000 + Math.floor(Math.random() * 10_000);
      const processedBefore = await app.db.prisma.processedUpdate.count();
      const res = await send(url() + query, { headers: { "content-type": "application/json", ...headers }, body: p.update(chatId) });
      expect(res.status).toBe(401);
      expect(JSON.parse(res.text)).toEqual({ error: { code: "unauthorized", message: "wrong secret token" } });
      await new Promise((r) => setTimeout(r, 200));
      expect(await app.db.prisma.processedUpdate.count()).toBe(processedBefore);
      expect(p.sentTo(chatId)).toBe(0);
    });

    it("checks the secret before reading the body: malformed or oversize bodies with a wrong secret get 401", async () => {
      const bad = { "content-type": "application/json", [p.header]: WRONG };
      expect((await send(url(), { headers: bad, body: "{not json" })).status).toBe(401);
      expect((await send(url(), { headers: bad, body: JSON.stringify({ pad: "a".repeat(100_000) }) })).status).toBe(401);
      expect((await send(url(), { headers: bad, body: Buffer.alloc(100_000, 0xff), chunked: true })).status).toBe(401);
      // With the right secret the same bodies are read, and refused for what they are.
      const good = { "content-type": "application/json", [p.header]: p.secret };
      expect((await send(url(), { headers: good, body: "{not json" })).status).toBe(400);
      expect((await send(url(), { headers: good, body: JSON.stringify({ pad: "a".repeat(100_000) }) })).status).toBe(413);
    });

    it("accepts the exact secret", async () => {
      const chatId = 890_000 + Math.floor(Math.random() * 10_000);
      const res = await send(url(), { headers: { "content-type": "application/json", [p.header]: p.secret }, body: p.update(chatId) });
      expect(res.status).toBe(200);
      const deadline = Date.now() + 5000;
      while (p.sentTo(chatId) === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
      expect(p.sentTo(chatId)).toBeGreaterThan(0);
    });
  });

  it("registered each webhook with its secret", () => {
    expect(telegram.webhook?.secretToken).toBe(TELEGRAM_SECRET);
    expect(zalo.webhook?.secretToken).toBe(ZALO_SECRET);
  });

  it("logs the refusals without the secret tried or the real one", () => {
    const refusals = app.entries(40).filter((e) => String(e.msg).includes("wrong secret token"));
    expect(refusals.length).toBeGreaterThanOrEqual(2 * 8);
    const all = app.lines.join("\n");
    for (const secret of [TELEGRAM_SECRET, ZALO_SECRET, WRONG, TELEGRAM_SECRET.toUpperCase()]) expect(all).not.toContain(secret);
  });
});
