// No user-supplied URL is ever fetched by the service (no server-side request forgery, no link
// previews): URLs pointing at a canary server on 127.0.0.1 are sent in every place a user can put
// one — questions, proposals, /lienhe, Telegram link entities, Zalo photo and sticker URLs — and the
// canary must receive nothing. Echoed URLs go to Telegram with link previews disabled, so Telegram
// does not fetch them either.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Update } from "grammy/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runApp, type RunningApp } from "../support/app.ts";
import { FakeTelegram } from "../support/fake-telegram.ts";
import { FakeZalo } from "../support/fake-zalo.ts";

const TELEGRAM_SECRET = "security-ssrf-telegram";
const ZALO_SECRET = "security-ssrf-zalo";

describe("no user-supplied URL is fetched", () => {
  const telegram = new FakeTelegram();
  const zalo = new FakeZalo();
  const hits: string[] = [];
  let canary: Server;
  let base: string;
  let app: RunningApp;

  beforeAll(async () => {
    canary = createServer((req, res) => {
      hits.push(`${req.method} ${req.url}`);
      res.writeHead(200, { "content-type": "text/html" }).end("<title>canary</title>");
    });
    await new Promise<void>((r) => canary.listen(0, "127.0.0.1", r));
    base = `http://127.0.0.1:${(canary.address() as AddressInfo).port}`;
    await telegram.start();
    await zalo.start();
    app = await runApp({
      env: {
        PUBLIC_BASE_URL: "http://127.0.0.1:9",
        TELEGRAM_BOT_TOKEN: telegram.token,
        TELEGRAM_API_ROOT: telegram.apiRoot,
        TELEGRAM_MODE: "webhook",
        TELEGRAM_WEBHOOK_SECRET: TELEGRAM_SECRET,
        TELEGRAM_CHAT_RATE_PER_SECOND: "0",
        ZALO_BOT_TOKEN: zalo.token,
        ZALO_API_ROOT: zalo.apiRoot,
        ZALO_MODE: "webhook",
        ZALO_WEBHOOK_SECRET: ZALO_SECRET,
        ZALO_CHAT_RATE_PER_SECOND: "0",
        OUTBOX_POLL_MS: "50",
      },
    });
  });
  afterAll(async () => {
    await app?.stop();
    await telegram.stop();
    await zalo.stop();
    canary.closeAllConnections();
    await new Promise<void>((r) => canary.close(() => r()));
  });

  it("fetches none of them, wherever they are written", async () => {
    const url = (where: string) => `${base}/${where}?x=1`;
    // Web chat: a question, a proposal (confirmed), a question for staff, a tracking code.
    await app.chat("ssrf-web", `xem giúp mình trang này ${url("question")} có đúng luật không`);
    await app.chat("ssrf-web", `/kiennghi Đề nghị xem phản ánh chi tiết tại ${url("proposal")} về đường thôn`);
    await app.chat("ssrf-web", "đồng ý");
    await app.chat("ssrf-web", url("contact"));
    await app.chat("ssrf-web", `/lienhe Cho hỏi thông tin ở ${url("lienhe")} có chính xác không ạ`);
    await app.chat("ssrf-web", `/theodoi ${url("track")}`);

    // Telegram: a plain URL, a text_link entity, a URL in a proposal (echoed back), a photo.
    const chatId = 995_001;
    const post = (update: Update) => telegram.postWebhook(`${app.url}/webhooks/telegram`, update, TELEGRAM_SECRET);
    expect(await post(telegram.textMessage({ chatId, text: `trang ${url("tg-text")}` }))).toBe(200);
    const linked = telegram.textMessage({ chatId, text: "bấm vào đây nhé" });
    linked.message!.entities = [{ type: "text_link", offset: 0, length: 6, url: url("tg-text-link") }];
    expect(await post(linked)).toBe(200);
    expect(await post(telegram.textMessage({ chatId, text: `/kiennghi Đề nghị sửa đường, ảnh ở ${url("tg-proposal")} nhé` }))).toBe(200);
    expect(await post(telegram.photo({ chatId, caption: url("tg-photo-caption") }))).toBe(200);

    // Zalo: a URL in text, and a photo and a sticker whose URLs point at the canary.
    const z = (update: Parameters<typeof zalo.postWebhook>[1]) => zalo.postWebhook(`${app.url}/webhooks/zalo`, update, ZALO_SECRET);
    expect(await z(zalo.textMessage({ chatId: "z-ssrf", text: `link ${url("zalo-text")}` }))).toBe(200);
    expect(await z(zalo.image({ chatId: "z-ssrf", photoUrl: url("zalo-photo"), caption: url("zalo-caption") }))).toBe(200);
    expect(await z(zalo.sticker({ chatId: "z-ssrf", url: url("zalo-sticker") }))).toBe(200);

    // Every update was answered (so it was fully handled), and then some more time passed.
    await telegram.waitFor((m) => m.chat_id === chatId && m.plainText.includes("tg-proposal"), 5000);
    await zalo.waitFor((m) => m.chat_id === "z-ssrf" && m.text.includes("chữ"), 5000);
    await new Promise((r) => setTimeout(r, 1500));
    expect(hits).toEqual([]);
  });

  it("sends echoed URLs to Telegram with link previews disabled", () => {
    const sends = telegram.calls.filter((c) => c.method === "sendMessage");
    expect(sends).toHaveLength(5); // the privacy notice and a reply to each of the four updates
    for (const call of sends) {
      const options = typeof call.params.link_preview_options === "string" ? JSON.parse(call.params.link_preview_options) : call.params.link_preview_options;
      expect(options).toMatchObject({ is_disabled: true });
    }
  });
});
