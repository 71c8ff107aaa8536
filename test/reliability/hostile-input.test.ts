// Whatever arrives, the service answers politely and keeps running: malformed or hostile HTTP
// bodies get 400/413 (and a log line saying why), odd but valid chat text (emoji, zero-width and
// right-to-left characters, mixed scripts, lone surrogates, NUL, decomposed diacritics, too long)
// gets exactly one sensible reply, and /healthz still answers afterwards.
import type { Update } from "grammy/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isPrivacyNotice } from "./support/burst.ts";
import { startLoggedApp, type LoggedApp } from "./support/logged-app.ts";
import { telegramPlatform } from "./support/platforms.ts";

const SECRET = "reliability-hostile-secret";
const platform = telegramPlatform();
const fake = platform.fake;
const GENERIC_ERROR = "hệ thống đang gặp sự cố";

/** POSTs raw bytes (not necessarily valid JSON or UTF-8) with the given content type. */
async function rawPost(url: string, body: Buffer | string, headers: Record<string, string>): Promise<{ status: number; json: unknown }> {
  const res = await fetch(url, { method: "POST", headers, body });
  const text = await res.text();
  let json: unknown = text;
  try {
    json = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, json };
}

describe("hostile input", () => {
  let app: LoggedApp;
  let webhook: string;
  let chatSeq = 0;
  const headers = { "content-type": "application/json", "x-telegram-bot-api-secret-token": SECRET };

  /** Sends one text as a fresh Telegram user; resolves with the replies (the first-contact notice aside). */
  async function telegramSays(text: string): Promise<string[]> {
    const chatId = 760_000 + ++chatSeq;
    const status = await fake.postWebhook(webhook, fake.textMessage({ chatId, text }) as Update, SECRET);
    expect(status).toBe(200);
    const deadline = Date.now() + 5000;
    for (;;) {
      const replies = fake.sent.filter((m) => m.chat_id === chatId && !isPrivacyNotice(m.plainText)).map((m) => m.plainText);
      if (replies.length > 0 || Date.now() > deadline) {
        await new Promise((r) => setTimeout(r, 150)); // a second reply would arrive now
        return fake.sent.filter((m) => m.chat_id === chatId && !isPrivacyNotice(m.plainText)).map((m) => m.plainText);
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  beforeAll(async () => {
    await fake.start();
    app = await startLoggedApp(platform.env(SECRET), "info");
    webhook = `${app.url}/webhooks/telegram`;
  });
  afterAll(async () => {
    await app?.stop();
    await fake.stop();
  });

  describe("malformed HTTP bodies get 400 or 413, before any processing", () => {
    const deep = (depth: number) => "[".repeat(depth) + "]".repeat(depth);
    const deepObject = (depth: number) => '{"a":'.repeat(depth) + "1" + "}".repeat(depth);
    const cases: { what: string; route: string; body: Buffer | string; extra: Record<string, string>; status: number }[] = [
      { what: "not JSON", route: "/webhooks/telegram", body: "{update_id: 1,", extra: {}, status: 400 },
      { what: "an array", route: "/webhooks/telegram", body: "[1,2,3]", extra: {}, status: 400 },
      { what: "an empty body", route: "/webhooks/telegram", body: "", extra: {}, status: 400 },
      { what: "a string update_id", route: "/webhooks/telegram", body: '{"update_id":"1"}', extra: {}, status: 400 },
      { what: "a negative update_id", route: "/webhooks/telegram", body: '{"update_id":-5,"message":{"message_id":1,"date":1,"chat":{"id":1,"type":"private"}}}', extra: {}, status: 400 },
      { what: "a message without a chat", route: "/webhooks/telegram", body: '{"update_id":5,"message":{"message_id":1,"date":1}}', extra: {}, status: 400 },
      { what: "text that is not a string", route: "/webhooks/telegram", body: '{"update_id":6,"message":{"message_id":1,"date":1,"chat":{"id":1,"type":"private"},"text":{"a":1}}}', extra: {}, status: 400 },
      { what: "prototype poisoning", route: "/webhooks/telegram", body: '{"update_id":7,"__proto__":{"polluted":true}}', extra: {}, status: 400 },
      { what: "constructor poisoning", route: "/api/chat", body: '{"user":"u1","text":"hi","constructor":{"prototype":{"polluted":true}}}', extra: {}, status: 400 },
      { what: "nesting 20,000 deep (array)", route: "/webhooks/telegram", body: deep(20_000), extra: {}, status: 400 },
      { what: "nesting 5,000 deep (object)", route: "/api/chat", body: deepObject(5_000), extra: {}, status: 400 },
      { what: "invalid UTF-8 in a JSON string", route: "/api/chat", body: Buffer.concat([Buffer.from('{"user":"u2","text":"'), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('"}')]), extra: {}, status: 200 },
      { what: "a lone surrogate escaped in JSON", route: "/api/chat", body: '{"user":"u7","text":"h\\ud800i \\udc00"}', extra: {}, status: 200 },
      { what: "a wrong content type", route: "/api/chat", body: '{"user":"u3","text":"xin chào"}', extra: { "content-type": "text/plain" }, status: 400 },
      { what: "a body over BODY_LIMIT_BYTES", route: "/api/chat", body: JSON.stringify({ user: "u4", text: "a".repeat(70_000) }), extra: {}, status: 413 },
      { what: "a webhook body over BODY_LIMIT_BYTES", route: "/webhooks/telegram", body: JSON.stringify({ update_id: 8, pad: "a".repeat(70_000) }), extra: {}, status: 413 },
      { what: "web chat text over 4,000 characters", route: "/api/chat", body: JSON.stringify({ user: "u5", text: "b".repeat(4001) }), extra: {}, status: 413 },
      { what: "a web user id with a newline", route: "/api/chat", body: JSON.stringify({ user: "u6\nadmin", text: "hi" }), extra: {}, status: 400 },
    ];
    it.each(cases)("$what → $status", async ({ route, body, extra, status: expected }) => {
      const res = await rawPost(app.url + route, body, { ...headers, ...extra });
      expect(res.status).toBe(expected);
      if (expected !== 200) {
        expect(res.json).toMatchObject({ error: { code: expected === 413 ? "payload_too_large" : "bad_request" } });
      }
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });

    it("logs each refusal with its reason, never as a crash", () => {
      const refused = app.entries(30).filter((e) => e.msg === "request refused");
      expect(refused.length).toBeGreaterThanOrEqual(cases.filter((c) => c.status !== 200).length);
      expect(app.entries(50)).toEqual([]);
    });
  });

  describe("odd but valid chat text gets exactly one sensible reply", () => {
    const texts: [string, string][] = [
      ["emoji and a ZWJ family", "👨‍👩‍👧‍👦🇻🇳 xin chào bạn 😀"],
      ["only zero-width characters", "\u200b\u200c\u200d\u2060"],
      ["right-to-left override and Arabic/Hebrew", "\u202eabc مرحبا שלום \u202c thanh niên"],
      ["mixed scripts", "thanh niên là bao nhiêu tuổi 青年 молодёжь"],
      ["decomposed diacritics (NFD)", "thanh nie\u0302n la\u0300 bao nhie\u0302u tuo\u0302\u0309i"],
      ["a lone surrogate", "h\ud800ỏi về việc làm"],
      ["a NUL byte", "tìm việc\u0000 làm ở đâu"],
      ["4,500 characters (over the 4,000 limit)", "dài ".repeat(1125)],
      ["combining marks piled up (zalgo)", "x\u0301\u0302\u0303\u0304\u0305\u0306\u0307\u0308".repeat(50)],
    ];
    it.each(texts)("%s", async (_what, text) => {
      const replies = await telegramSays(text);
      expect(replies).toHaveLength(1);
      expect(replies[0]!.length).toBeGreaterThan(0);
      expect(replies[0]).not.toContain(GENERIC_ERROR);
    });

    it("answers decomposed Vietnamese like composed Vietnamese", async () => {
      const [reply] = await telegramSays("thanh nie\u0302n la\u0300 bao nhie\u0302u tuo\u0302\u0309i");
      expect(reply).toContain("16 tuổi đến 30 tuổi");
    });

    it("answers a user whose name holds a lone surrogate", async () => {
      const chatId = 769_001;
      expect(await fake.postWebhook(webhook, fake.textMessage({ chatId, firstName: "An\ud83d", text: "/start" }) as Update, SECRET)).toBe(200);
      const reply = await fake.waitFor((m) => m.chat_id === chatId && !isPrivacyNotice(m.plainText));
      expect(reply.plainText).toContain("Xin chào");
    });

    it("tells the user when a message is too long", async () => {
      const [reply] = await telegramSays("x".repeat(4500));
      expect(reply).toContain("4000");
    });

    it("stores what the user typed, verbatim (emoji, RTL and all)", async () => {
      const text = "\u202eabc 👨‍👩‍👧‍👦 مرحبا";
      await telegramSays(text);
      const stored = await app.db.prisma.message.findFirst({ where: { direction: "in", text }, select: { text: true } });
      expect(stored?.text).toBe(text);
    });

    it("answers the same texts on the web chat with 200", async () => {
      for (const [, text] of texts) {
        const res = await app.post("/api/chat", { user: `web-hostile-${text.length}`, text: text.slice(0, 4000) });
        expect(res.status).toBe(200);
        const body = (await res.json()) as { replies: { text: string }[] };
        expect(body.replies.length).toBeGreaterThan(0);
        expect(body.replies.map((r) => r.text).join()).not.toContain(GENERIC_ERROR);
      }
    });
  });

  it("is still healthy, and logged no error, after all of it", async () => {
    const res = await fetch(`${app.url}/healthz`);
    expect(res.status).toBe(200);
    expect(app.entries(50)).toEqual([]);
  });
});
