// Tests of the fake Telegram and Zalo servers themselves, over plain fetch (and a real grammY Bot),
// so the channel tests that rely on them can trust their wire format and test controls.
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Bot, GrammyError, InputFile } from "grammy";
import type { Message, Update } from "grammy/types";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Params, UploadedFile } from "./fake-platform-common.ts";
import { FakeTelegram } from "./fake-telegram.ts";
import { FakeZalo, type ZaloUpdate } from "./fake-zalo.ts";

interface ApiBody<T> {
  ok: boolean;
  result: T;
  error_code?: number;
  description?: string;
  parameters?: { retry_after?: number };
}

async function call<T = unknown>(url: string, params?: Record<string, unknown>, init: RequestInit = {}): Promise<{ status: number; body: ApiBody<T> }> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: params === undefined ? undefined : JSON.stringify(params),
    ...init,
  });
  return { status: res.status, body: (await res.json()) as ApiBody<T> };
}

/** A tiny webhook receiver that records what it got and answers with a fixed status and body. */
async function webhookReceiver(answer: { status: number; body?: unknown } = { status: 200 }): Promise<{
  url: string;
  received: { headers: IncomingHttpHeaders; body: unknown }[];
  close(): Promise<void>;
}> {
  const received: { headers: IncomingHttpHeaders; body: unknown }[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({ headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString("utf8")) as unknown });
      res.writeHead(answer.status, { "content-type": "application/json" });
      res.end(answer.body === undefined ? "" : JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe("FakeTelegram", () => {
  let tg: FakeTelegram;
  let api: string;
  beforeEach(async () => {
    tg = new FakeTelegram();
    await tg.start();
    api = `${tg.apiRoot}/bot${tg.token}`;
  });
  afterEach(() => tg.stop());

  it("checks the token and the method name", async () => {
    const wrong = await call(`${tg.apiRoot}/bot123456:wrong/getMe`, {});
    expect(wrong.status).toBe(401);
    expect(wrong.body).toEqual({ ok: false, error_code: 401, description: "Unauthorized" });
    const unknown = await call(`${api}/noSuchMethod`, {});
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({ ok: false, error_code: 404, description: "Not Found: method not found" });
    const me = await fetch(`${api}/getme`); // GET, and method names are case-insensitive
    expect(((await me.json()) as ApiBody<{ id: number; is_bot: boolean }>).result).toMatchObject({ id: 123456, is_bot: true });
    expect(tg.calls.map((c) => [c.method, c.status])).toEqual([
      ["getMe", 401],
      ["noSuchMethod", 404],
      ["getme", 200],
    ]);
  });

  it("resolves a pending getUpdates as soon as an update is pushed", async () => {
    const started = Date.now();
    const poll = call<Update[]>(`${api}/getUpdates`, { timeout: 20 });
    await tg.waitForCall("getUpdates");
    const pushed = tg.pushUpdate(tg.textMessage({ chatId: 42, text: "/start hello", firstName: "An", languageCode: "vi" }));
    const { body } = await poll;
    expect(Date.now() - started).toBeLessThan(5000);
    expect(body.result).toEqual([pushed]);
    expect(pushed.message?.entities).toEqual([{ type: "bot_command", offset: 0, length: 6 }]);
    expect(pushed.message?.from).toMatchObject({ id: 42, is_bot: false, first_name: "An", language_code: "vi" });
  });

  it("answers an empty list when getUpdates times out", async () => {
    const started = Date.now();
    const { body } = await call<Update[]>(`${api}/getUpdates`, { timeout: 1 });
    expect(body).toEqual({ ok: true, result: [] });
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it("confirms updates below the offset and drops them", async () => {
    const a = tg.pushUpdate(tg.textMessage({ chatId: 1, text: "a" }));
    const b = tg.pushUpdate(tg.callbackQuery({ chatId: 1, data: "x" }));
    expect(b.update_id).toBe(a.update_id + 1);
    expect((await call<Update[]>(`${api}/getUpdates`, {})).body.result.map((u) => u.update_id)).toEqual([a.update_id, b.update_id]);
    // Not confirmed yet: the same updates come again.
    expect((await call<Update[]>(`${api}/getUpdates`, { limit: 1 })).body.result).toEqual([a]);
    expect((await call<Update[]>(`${api}/getUpdates`, { offset: b.update_id })).body.result).toEqual([b]);
    expect((await call<Update[]>(`${api}/getUpdates`, { offset: b.update_id + 1, timeout: 0 })).body.result).toEqual([]);
    expect(tg.pendingUpdates).toEqual([]);
  });

  it("answers 409 to an older getUpdates when a newer one arrives", async () => {
    const older = call(`${api}/getUpdates`, { timeout: 20 });
    await tg.waitForCall("getUpdates");
    const newer = call(`${api}/getUpdates`, { timeout: 0 });
    expect((await older).body).toMatchObject({ ok: false, error_code: 409, description: expect.stringContaining("terminated by other getUpdates") });
    expect((await newer).status).toBe(200);
  });

  it("records sendMessage from JSON, urlencoded and query-string requests", async () => {
    const json = await call<Message>(`${api}/sendMessage`, {
      chat_id: 42,
      text: "<b>Xin chào</b> &amp; welcome",
      parse_mode: "HTML",
      reply_markup: { inline_keyboard: [[{ text: "Yes", callback_data: "yes" }]] },
    });
    expect(json.body.result).toMatchObject({ chat: { id: 42, type: "private" }, from: { is_bot: true }, text: "Xin chào & welcome" });
    await fetch(`${api}/sendMessage`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ chat_id: "-100200", text: "form", reply_markup: JSON.stringify({ remove_keyboard: true }) }),
    });
    await fetch(`${api}/sendMessage?chat_id=7&text=query`);
    const sent = await tg.waitForSent(3);
    expect(sent.map((m) => [m.chat_id, m.text])).toEqual([
      [42, "<b>Xin chào</b> &amp; welcome"],
      [-100200, "form"],
      [7, "query"],
    ]);
    expect(sent[0]).toMatchObject({ plainText: "Xin chào & welcome", parse_mode: "HTML", reply_markup: { inline_keyboard: [[{ text: "Yes", callback_data: "yes" }]] } });
    expect(sent[1]?.reply_markup).toEqual({ remove_keyboard: true });
  });

  it("rejects texts Telegram would reject", async () => {
    const bad = async (params: Record<string, unknown>): Promise<string | undefined> => (await call(`${api}/sendMessage`, { chat_id: 1, ...params })).body.description;
    expect(await bad({ text: "" })).toBe("Bad Request: message text is empty");
    expect(await bad({ text: "<b></b>", parse_mode: "HTML" })).toBe("Bad Request: message text is empty");
    expect(await bad({ text: "x".repeat(4097) })).toBe("Bad Request: message is too long");
    expect(await bad({ text: `<b>${"x".repeat(4096)}</b>`, parse_mode: "HTML" })).toBeUndefined();
    expect(await bad({ text: "line<br>break", parse_mode: "HTML" })).toBe('Bad Request: can\'t parse entities: Unsupported start tag "br" at byte offset 4');
    expect(await bad({ text: "<b>bold", parse_mode: "HTML" })).toBe('Bad Request: can\'t parse entities: Can\'t find end tag corresponding to start tag "b"');
    expect(await bad({ text: "<b><i>x</b></i>", parse_mode: "HTML" })).toContain('expected "</i>", found "</b>"');
    expect(await bad({ text: "Done.", parse_mode: "MarkdownV2" })).toContain("Character '.' is reserved");
    expect(await bad({ text: "see (this)", parse_mode: "MarkdownV2" })).toContain("Character '(' is reserved");
    expect(await bad({ text: "*Done\\.* [site](https://example.org) `a.b`", parse_mode: "MarkdownV2" })).toBeUndefined();
    expect(tg.sent.at(-1)?.plainText).toBe("Done. site a.b");
    expect(await bad({ text: "x", reply_markup: { inline_keyboard: [[{ text: "t", callback_data: "d".repeat(65) }]] } })).toBe("Bad Request: BUTTON_DATA_INVALID");
    expect(tg.sent).toHaveLength(2);
  });

  it("injects 429 with retry_after, failure windows, delays, blocked chats and rate limits", async () => {
    tg.failNext("sendMessage", 1, { status: 429, retryAfter: 3 });
    const limited = await call(`${api}/sendMessage`, { chat_id: 1, text: "a" });
    expect(limited.status).toBe(429);
    expect(limited.body).toEqual({ ok: false, error_code: 429, description: "Too Many Requests: retry after 3", parameters: { retry_after: 3 } });
    expect((await call(`${api}/sendMessage`, { chat_id: 1, text: "a" })).status).toBe(200);

    tg.failFor("*", 300, { status: 500 });
    expect((await call(`${api}/getMe`, {})).body).toEqual({ ok: false, error_code: 500, description: "Internal Server Error" });
    await new Promise((r) => setTimeout(r, 350));
    expect((await call(`${api}/getMe`, {})).status).toBe(200);

    tg.delay("getMe", 300);
    await expect(fetch(`${api}/getMe`, { signal: AbortSignal.timeout(50) })).rejects.toThrow();
    tg.delay("getMe", 0);

    tg.blockChat(99);
    expect((await call(`${api}/sendMessage`, { chat_id: 99, text: "hi" })).body).toEqual({
      ok: false,
      error_code: 403,
      description: "Forbidden: bot was blocked by the user",
    });
  });

  it("answers 429 when a chat exceeds perChatPerSecond", async () => {
    const limited = new FakeTelegram({ perChatPerSecond: 2 });
    await limited.start();
    try {
      const send = (chat_id: number) => call(`${limited.apiRoot}/bot${limited.token}/sendMessage`, { chat_id, text: "x" });
      expect([(await send(1)).status, (await send(1)).status, (await send(2)).status]).toEqual([200, 200, 200]);
      const third = await send(1);
      expect(third.status).toBe(429);
      expect(third.body.parameters?.retry_after).toBe(1);
    } finally {
      await limited.stop();
    }
  });

  it("rejects waitForSent on timeout with what was sent", async () => {
    await call(`${api}/sendMessage`, { chat_id: 5, text: "only one" });
    await expect(tg.waitForSent(2, 100)).rejects.toThrow(/2 sent message\(s\)[\s\S]*to 5: "only one"/);
  });

  it("handles webhooks: 409 for getUpdates, secret header, webhook replies", async () => {
    const hook = await webhookReceiver({ status: 200, body: { method: "sendMessage", chat_id: 8, text: "via webhook reply" } });
    try {
      expect((await call(`${api}/setWebhook`, { url: hook.url, secret_token: "s3cret_tok" })).body).toEqual({ ok: true, result: true, description: "Webhook was set" });
      expect(tg.webhook).toMatchObject({ url: hook.url, secretToken: "s3cret_tok" });
      const conflict = await call(`${api}/getUpdates`, {});
      expect(conflict.status).toBe(409);
      expect(conflict.body.description).toContain("can't use getUpdates method while webhook is active");
      tg.pushUpdate(tg.textMessage({ chatId: 8, text: "queued" }));
      expect((await call<{ pending_update_count: number }>(`${api}/getWebhookInfo`, {})).body.result).toMatchObject({ url: hook.url, pending_update_count: 1 });

      const update = tg.textMessage({ chatId: 8, text: "hi" });
      expect(await tg.postWebhook(hook.url, update, "s3cret_tok")).toBe(200);
      expect(hook.received[0]?.headers["x-telegram-bot-api-secret-token"]).toBe("s3cret_tok");
      expect(hook.received[0]?.body).toEqual(update);
      expect(tg.sent.map((m) => m.text)).toEqual(["via webhook reply"]);

      expect((await call(`${api}/deleteWebhook`, { drop_pending_updates: true })).body.description).toBe("Webhook was deleted");
      expect((await call<Update[]>(`${api}/getUpdates`, {})).body.result).toEqual([]);
    } finally {
      await hook.close();
    }
  });

  it("keeps commands and answers callback queries once", async () => {
    const commands = [{ command: "start", description: "Bắt đầu" }];
    expect((await call(`${api}/setMyCommands`, { commands })).body.result).toBe(true);
    expect(tg.commandsFor()).toEqual(commands);
    expect((await call(`${api}/getMyCommands`, {})).body.result).toEqual(commands);
    expect((await call(`${api}/setMyCommands`, { commands: [{ command: "Start", description: "x" }] })).body.description).toBe("Bad Request: BOT_COMMAND_INVALID");

    const q = tg.pushUpdate(tg.callbackQuery({ chatId: 3, data: "yes" }));
    const id = q.callback_query?.id;
    expect((await call(`${api}/answerCallbackQuery`, { callback_query_id: id, text: "OK" })).body.result).toBe(true);
    expect((await call(`${api}/answerCallbackQuery`, { callback_query_id: id })).status).toBe(400);
    expect(tg.callbackAnswers).toMatchObject([{ callback_query_id: id, text: "OK" }]);
  });

  it("ends pending long polls on stop", async () => {
    const poll = fetch(`${api}/getUpdates`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ timeout: 30 }) });
    await tg.waitForCall("getUpdates");
    const started = Date.now();
    await tg.stop();
    await expect(poll).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(2000);
  });

  describe("with a real grammY Bot", () => {
    it("getMe and sendMessage work through client.apiRoot", async () => {
      const bot = new Bot(tg.token, { client: { apiRoot: tg.apiRoot } });
      expect(await bot.api.getMe()).toMatchObject({ id: 123456, username: "test_bot" });
      const message = await bot.api.sendMessage(42, "<i>Chào</i> bạn", {
        parse_mode: "HTML",
        reply_markup: { inline_keyboard: [[{ text: "OK", callback_data: "ok" }]] },
      });
      expect(message).toMatchObject({ chat: { id: 42 }, text: "Chào bạn" });
      expect(tg.sent[0]).toMatchObject({ chat_id: 42, text: "<i>Chào</i> bạn", parse_mode: "HTML" });

      tg.failNext("sendMessage", 1, { status: 429, retryAfter: 7 });
      const error = await bot.api.sendMessage(42, "again").catch((e: unknown) => e);
      expect(error).toBeInstanceOf(GrammyError);
      expect(error).toMatchObject({ error_code: 429, parameters: { retry_after: 7 } });
    });

    it("uploads (multipart/form-data) reach a custom handler with their files", async () => {
      const bot = new Bot(tg.token, { client: { apiRoot: tg.apiRoot } });
      let received: Params = {};
      tg.handle("sendDocument", (params) => ((received = params), { message_id: 1 }));
      await bot.api.sendDocument(42, new InputFile(Buffer.from("xin chào"), "note.txt"), { caption: "tệp" });
      expect(received).toMatchObject({ chat_id: "42", caption: "tệp", document: expect.stringMatching(/^attach:\/\//) });
      const attached = received[String(received.document).slice("attach://".length)] as UploadedFile;
      expect(attached.filename).toBe("note.txt");
      expect(attached.data.toString("utf8")).toBe("xin chào");
    });

    it("long-polls with bot.start() and replies to a pushed update", async () => {
      const bot = new Bot(tg.token, { client: { apiRoot: tg.apiRoot } });
      bot.command("start", (ctx) => ctx.reply(`Xin chào ${ctx.from?.first_name ?? ""}`));
      const running = bot.start({ timeout: 10 });
      tg.pushUpdate(tg.textMessage({ chatId: 77, text: "/start", firstName: "Lan" }));
      const reply = await tg.waitFor((m) => m.chat_id === 77);
      expect(reply.text).toBe("Xin chào Lan");
      await bot.stop();
      await running;
      expect(tg.pendingUpdates).toEqual([]); // bot.stop() confirms the handled update
      expect(tg.calls.some((c) => c.method === "deleteWebhook")).toBe(true);
    });
  });
});

describe("FakeZalo", () => {
  let zalo: FakeZalo;
  let api: string;
  beforeEach(async () => {
    zalo = new FakeZalo();
    await zalo.start();
    api = `${zalo.apiRoot}/bot${zalo.token}`;
  });
  afterEach(() => zalo.stop());

  it("checks the token and answers getMe", async () => {
    const wrong = await call(`${zalo.apiRoot}/bot1:nope/getMe`, {});
    expect(wrong.status).toBe(401);
    expect(wrong.body).toEqual({ ok: false, error_code: 401, description: "Unauthorized" });
    expect((await call(`${api}/getMe`, {})).body).toEqual({
      ok: true,
      result: { id: "1459232241454765289", account_name: "bot.FakeZalo", account_type: "BASIC", can_join_groups: false },
    });
  });

  it("getUpdates returns a single update object, on push", async () => {
    const poll = call<ZaloUpdate>(`${api}/getUpdates`, { timeout: "20" });
    await zalo.waitForCall("getUpdates");
    const first = zalo.pushUpdate(zalo.textMessage({ chatId: "e4ea2cd5189df1c3a88c", text: "Xin chào", displayName: "Minh" }));
    zalo.pushUpdate(zalo.image({ chatId: "e4ea2cd5189df1c3a88c", caption: "ảnh" }));
    const { status, body } = await poll;
    expect(status).toBe(200);
    expect(Array.isArray(body.result)).toBe(false);
    expect(body).toEqual({ ok: true, result: first });
    expect(body.result.message).toMatchObject({
      chat: { id: "e4ea2cd5189df1c3a88c", chat_type: "PRIVATE" },
      from: { id: "e4ea2cd5189df1c3a88c", display_name: "Minh", is_bot: false },
      text: "Xin chào",
    });
    expect(typeof body.result.message.date).toBe("number");
    const second = await call<ZaloUpdate>(`${api}/getUpdates`, { timeout: "1" });
    expect(second.body.result.event_name).toBe("message.image.received");
    expect(second.body.result.message).toMatchObject({ caption: "ảnh", photo_url: expect.stringMatching(/^https:/) });
  });

  it("getUpdates answers error_code 408 (HTTP 200 by default) when nothing arrives", async () => {
    const started = Date.now();
    const { status, body } = await call(`${api}/getUpdates`, { timeout: "1" });
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(status).toBe(200);
    expect(body).toEqual({ ok: false, error_code: 408, description: "Request timeout" });

    const strict = new FakeZalo({ pollTimeoutStatus: 408 });
    await strict.start();
    try {
      expect((await call(`${strict.apiRoot}/bot${strict.token}/getUpdates`, { timeout: "0" })).status).toBe(408);
    } finally {
      await strict.stop();
    }
  });

  it("limits sendMessage text to 1–2000 characters and records sends", async () => {
    const tooLong = await call(`${api}/sendMessage`, { chat_id: "abc", text: "x".repeat(2001) });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body).toEqual({ ok: false, error_code: 400, description: "text must be between 1 and 2000 characters" });
    expect((await call(`${api}/sendMessage`, { chat_id: "abc", text: "" })).status).toBe(400);
    const ok = await call<{ message_id: string; date: number }>(`${api}/sendMessage`, { chat_id: "abc", text: "x".repeat(2000) });
    expect(ok.body.result.message_id).toMatch(/^[0-9a-f]{20}$/);
    expect(ok.body.result.date).toBeGreaterThan(1_700_000_000_000);
    await call(`${api}/sendPhoto`, { chat_id: "abc", photo: "https://placehold.co/600x400", caption: "ảnh" });
    const sent = await zalo.waitForSent(2);
    expect(sent.map((m) => [m.method, m.chat_id, m.text.length])).toEqual([
      ["sendMessage", "abc", 2000],
      ["sendPhoto", "abc", 3],
    ]);
    expect(await call(`${api}/sendChatAction`, { chat_id: "abc", action: "typing" })).toEqual({ status: 200, body: { ok: true } });
  });

  it("injects failures: 429, windows, blocked chats", async () => {
    zalo.failNext("sendMessage", 2, { status: 429 });
    expect((await call(`${api}/sendMessage`, { chat_id: "a", text: "1" })).body).toEqual({ ok: false, error_code: 429, description: "Too Many Requests" });
    expect((await call(`${api}/sendMessage`, { chat_id: "a", text: "1" })).status).toBe(429);
    expect((await call(`${api}/sendMessage`, { chat_id: "a", text: "1" })).status).toBe(200);
    zalo.failFor("sendMessage", 200, { status: 500, description: "Internal error" });
    expect((await call(`${api}/sendMessage`, { chat_id: "a", text: "2" })).body.description).toBe("Internal error");
    await new Promise((r) => setTimeout(r, 250));
    expect((await call(`${api}/sendMessage`, { chat_id: "a", text: "2" })).status).toBe(200);
    zalo.blockChat("b");
    expect((await call(`${api}/sendMessage`, { chat_id: "b", text: "3" })).status).toBe(403);
  });

  it("handles webhooks: secret length, 409 for getUpdates, wrapped delivery with the secret header", async () => {
    const hook = await webhookReceiver();
    try {
      expect((await call(`${api}/setWebhook`, { url: hook.url, secret_token: "short" })).status).toBe(400);
      const set = await call<{ url: string; updated_at: number }>(`${api}/setWebhook`, { url: hook.url, secret_token: "mykey-abcxyz" });
      expect(set.body.result.url).toBe(hook.url);
      expect((await call(`${api}/getUpdates`, { timeout: "0" })).status).toBe(409);

      const update = zalo.sticker({ chatId: "c1" });
      expect(await zalo.postWebhook(hook.url, update, "mykey-abcxyz")).toBe(200);
      expect(await zalo.postWebhook(hook.url, update, undefined, { wrapped: false })).toBe(200);
      expect(hook.received[0]?.headers["x-bot-api-secret-token"]).toBe("mykey-abcxyz");
      expect(hook.received[0]?.body).toEqual({ ok: true, result: update });
      expect(hook.received[1]?.headers["x-bot-api-secret-token"]).toBeUndefined();
      expect(hook.received[1]?.body).toEqual(update);

      expect((await call<{ url: string }>(`${api}/deleteWebhook`, {})).body.result.url).toBe("");
    } finally {
      await hook.close();
    }
  });
});
