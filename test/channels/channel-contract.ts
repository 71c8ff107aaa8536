// One contract every chat channel must meet, run against Telegram (real grammY against a fake Bot
// API server) and Zalo (our client against a fake Zalo server), both on 127.0.0.1 speaking the
// real JSON. Whatever one channel must do, the other is tested for too.
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { answerProposal } from "../../src/proposals/change-proposal-status.ts";
import { runApp, type RunningApp } from "../support/app.ts";
import { tempDir } from "../support/env.ts";
import type { FailSpec } from "../support/fake-platform-common.ts";

export interface SentView {
  chatId: string;
  text: string;
  /** Button labels (Telegram) — empty for Zalo, where menus are numbered lines in the text. */
  buttons: string[];
  at: number;
}

export interface ChannelDriver {
  name: "telegram" | "zalo";
  textLimit: number;
  sendMethod: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Environment that points the service at the fake, in webhook mode with `secret`. */
  env(secret: string): Record<string, string>;
  /** Builds a text update from a user (same messageId → the same update, as in a redelivery). */
  textUpdate(opts: { chatId: string; userId: string; text: string; messageId?: string }): unknown;
  /** Builds the update for picking choice number `n` (1-based) whose id is `id`. */
  choiceUpdate(opts: { chatId: string; userId: string; n: number; id: string }): unknown;
  stickerUpdate(opts: { chatId: string; userId: string }): unknown;
  /** Posts an update to the service's webhook like the platform does; returns the HTTP status. */
  post(url: string, update: unknown, secret: string | undefined): Promise<number>;
  sent(): SentView[];
  waitForSent(n: number, timeoutMs?: number): Promise<SentView[]>;
  failFor(method: string, ms: number, spec: FailSpec): void;
  failNext(method: string, n: number, spec: FailSpec): void;
  clearFaults(): void;
  /** Every send to this chat answers 403 "bot was blocked by the user". */
  blockChat(chatId: string): void;
  calls(method: string): { at: number; status: number | undefined }[];
}

const SECRET = "contract-secret-0123456789";

export const isPrivacyNotice = (text: string) => text.startsWith("🔒");

export function runChannelContract(driver: ChannelDriver) {
  let app: RunningApp;
  let webhook: string;
  let chatSeq = 0;
  const chat = () => {
    chatSeq++;
    return { chatId: String(7000 + chatSeq), userId: String(9000 + chatSeq) };
  };
  // The short privacy notice that follows a first contact is tested elsewhere; here it is noise.
  const sentTo = (chatId: string) => driver.sent().filter((m) => m.chatId === chatId && !isPrivacyNotice(m.text));
  const waitForChat = async (chatId: string, n: number, timeoutMs = 8000) => {
    const deadline = Date.now() + timeoutMs;
    while (sentTo(chatId).length < n) {
      if (Date.now() > deadline) throw new Error(`expected ${n} messages to ${chatId}, got ${JSON.stringify(sentTo(chatId))}`);
      await new Promise((r) => setTimeout(r, 25));
    }
    return sentTo(chatId);
  };
  const say = async (who: { chatId: string; userId: string }, text: string, messageId?: string) =>
    driver.post(webhook, driver.textUpdate({ ...who, text, ...(messageId ? { messageId } : {}) }), SECRET);

  beforeAll(async () => {
    await driver.start();
    app = await runApp({ env: driver.env(SECRET) });
    webhook = `${app.url}/webhooks/${driver.name}`;
  });
  afterAll(async () => {
    await app?.stop();
    await driver.stop();
  });
  afterEach(() => undefined);

  it("registers its webhook and answers /start with the menu", async () => {
    const who = chat();
    expect(await say(who, "/start")).toBe(200);
    const [menu] = await waitForChat(who.chatId, 1);
    expect(menu!.text).toContain("Xin chào");
    const options = ["Pháp luật", "Việc làm", "khởi nghiệp", "Gửi kiến nghị", "Theo dõi kiến nghị"];
    if (driver.name === "telegram") expect(menu!.buttons).toHaveLength(5);
    else options.forEach((label, i) => expect(menu!.text).toMatch(new RegExp(`${i + 1}\\. .*${label}`, "i")));
  });

  it("answers a question with its source", async () => {
    const who = chat();
    await say(who, "thanh nien la nguoi bao nhieu tuoi");
    const [answer] = await waitForChat(who.chatId, 1);
    expect(answer!.text).toContain("16 tuổi đến 30 tuổi");
    expect(answer!.text).toMatch(/Nguồn: (Hỏi đáp )?Luật Thanh niên/);
  });

  it("takes a menu choice (a button on Telegram, a number on Zalo)", async () => {
    const who = chat();
    await say(who, "/start");
    await waitForChat(who.chatId, 1);
    expect(await driver.post(webhook, driver.choiceUpdate({ ...who, n: 2, id: "topic:jobs" }), SECRET)).toBe(200);
    const [, topic] = await waitForChat(who.chatId, 2);
    expect(topic!.text).toContain("việc làm");
  });

  it("says what it can do when sent a sticker", async () => {
    const who = chat();
    await driver.post(webhook, driver.stickerUpdate(who), SECRET);
    const [reply] = await waitForChat(who.chatId, 1);
    expect(reply!.text).toContain("tin nhắn chữ");
  });

  it("refuses a wrong webhook secret before doing anything", async () => {
    const who = chat();
    expect(await say({ ...who }, "/start").then(() => driver.post(webhook, driver.textUpdate({ ...who, text: "/help" }), "wrong-secret-000"))).toBe(401);
    expect(await driver.post(webhook, driver.textUpdate({ ...who, text: "/help" }), undefined)).toBe(401);
    await waitForChat(who.chatId, 1);
    await new Promise((r) => setTimeout(r, 300));
    expect(sentTo(who.chatId)).toHaveLength(1);
  });

  it("answers a malformed update with 400 and keeps working", async () => {
    expect(await driver.post(webhook, { hello: "world" }, SECRET)).toBe(400);
    const who = chat();
    await say(who, "/start");
    await waitForChat(who.chatId, 1);
  });

  it("answers an update delivered twice only once", async () => {
    const who = chat();
    const update = driver.textUpdate({ ...who, text: "thanh niên là bao nhiêu tuổi", messageId: "4242" });
    expect(await driver.post(webhook, update, SECRET)).toBe(200);
    expect(await driver.post(webhook, update, SECRET)).toBe(200);
    await waitForChat(who.chatId, 1);
    await new Promise((r) => setTimeout(r, 400));
    expect(sentTo(who.chatId)).toHaveLength(1);
    expect(await app.db.prisma.message.count({ where: { identity: { externalId: who.userId }, direction: "in" } })).toBe(1);
  });

  it("splits an answer longer than the platform allows on paragraph boundaries", async () => {
    const who = chat();
    await say(who, "/lienhe Xin hỏi về chính sách hỗ trợ thanh niên lập nghiệp ở xã");
    await waitForChat(who.chatId, 1);
    const item = await app.db.prisma.proposal.findFirstOrThrow({ where: { user: { identities: { some: { externalId: who.userId } } } } });
    const paragraphs = Array.from({ length: 12 }, (_, i) => `Đoạn ${i + 1}. ` + "Nội dung trả lời chi tiết cho thanh niên. ".repeat(12).trim());
    await answerProposal({ db: app.db, prompts: app.prompts, code: item.code, answer: paragraphs.join("\n\n"), actor: "staff:test" });
    // Wait for every part (the acknowledgement, then at least this many), not just the first two:
    // parts are sent one by one and a slow machine would otherwise look at a half-sent answer.
    const least = Math.ceil(paragraphs.join("\n\n").length / driver.textLimit);
    const all = await waitForChat(who.chatId, 1 + least, 10_000);
    const parts = all.slice(1);
    expect(parts.length).toBeGreaterThanOrEqual(least);
    for (const p of parts) expect(p.text.length).toBeLessThanOrEqual(driver.textLimit);
    const joined = parts.map((p) => p.text).join("\n\n");
    for (const paragraph of paragraphs) expect(joined).toContain(paragraph); // no paragraph was cut
  });

  it("holds replies while the platform is down and delivers each once when it is back", async () => {
    const who = chat();
    driver.failFor(driver.sendMethod, 1500, { status: 500, description: "Internal Server Error" });
    await say(who, "/start");
    await say(who, "/help");
    const sent = await waitForChat(who.chatId, 2, 15_000);
    expect(sent[0]!.text).toContain("Xin chào");
    expect(sent[1]!.text).toContain("/kiennghi");
    await new Promise((r) => setTimeout(r, 500));
    expect(sentTo(who.chatId)).toHaveLength(2);
    const failed = driver.calls(driver.sendMethod).filter((c) => c.status === 500);
    expect(failed.length).toBeGreaterThan(0);
  });

  it("honours a 429 retry_after", async () => {
    const who = chat();
    driver.failNext(driver.sendMethod, 1, { status: 429, retryAfter: 1, description: "Too Many Requests: retry after 1" });
    await say(who, "/help");
    const [reply] = await waitForChat(who.chatId, 1, 10_000);
    const refused = driver.calls(driver.sendMethod).find((c) => c.status === 429)!;
    expect(reply!.at - refused.at).toBeGreaterThanOrEqual(1000);
  });

  it("marks a user who blocked the bot unreachable instead of retrying", async () => {
    const who = chat();
    driver.blockChat(who.chatId);
    await say(who, "/help");
    const deadline = Date.now() + 5000;
    let identity;
    do {
      await new Promise((r) => setTimeout(r, 50));
      identity = await app.db.prisma.channelIdentity.findFirst({ where: { channel: driver.name, externalId: who.userId } });
    } while (!identity?.unreachable && Date.now() < deadline);
    expect(identity?.unreachable).toBe(true);
    // Given up at once (no retry), together with what else was queued for that chat.
    expect(await app.db.prisma.outboxMessage.count({ where: { chatId: who.chatId, status: { not: "failed" } } })).toBe(0);
    await new Promise((r) => setTimeout(r, 300));
    expect(await app.db.prisma.outboxMessage.count({ where: { chatId: who.chatId, status: "failed" } })).toBe(2); // the help text and the one-time privacy notice
  });

  it("sends what was still in the outbox after a restart, each message once", async () => {
    const dir = tempDir();
    const first = await runApp({ dataDir: dir.path, env: driver.env(SECRET) });
    const who = chat();
    driver.failFor(driver.sendMethod, 60_000, { status: 502, description: "Bad Gateway" });
    await driver.post(`${first.url}/webhooks/${driver.name}`, driver.textUpdate({ ...who, text: "/start" }), SECRET);
    await driver.post(`${first.url}/webhooks/${driver.name}`, driver.textUpdate({ ...who, text: "/help" }), SECRET);
    const pending = await first.db.prisma.outboxMessage.count({ where: { chatId: who.chatId, status: { in: ["pending", "sending"] } } });
    expect(pending).toBeGreaterThanOrEqual(2);
    await first.stop({ keepData: true });
    driver.clearFaults();
    const second = await runApp({ dataDir: dir.path, env: driver.env(SECRET) });
    try {
      const sent = await waitForChat(who.chatId, 2, 15_000);
      expect(sent.map((m) => m.text.slice(0, 8))).toEqual([sent[0]!.text.slice(0, 8), sent[1]!.text.slice(0, 8)]);
      expect(sent[0]!.text).toContain("Xin chào");
      await new Promise((r) => setTimeout(r, 500));
      expect(sentTo(who.chatId)).toHaveLength(2);
    } finally {
      await second.stop();
    }
  });
}
