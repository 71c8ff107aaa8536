// How fast anyone may write, over real HTTP: a web chat user past the flood limit, a client address
// past its limit and an API token past its limit get 429 with Retry-After (the web chat in the
// user's language), while others carry on; a Telegram user who floods the bot gets one polite
// notice and is then ignored until the window passes.
import type { Update } from "grammy/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiToken } from "../../src/proposals/create-api-token.ts";
import { json, runApp, type RunningApp } from "../support/app.ts";
import { FakeTelegram } from "../support/fake-telegram.ts";

const RATE_LIMITED_VI = "Bạn gửi tin nhắn hơi nhanh";

describe("web chat and API rate limits", () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await runApp({
      env: { FLOOD_MAX_MESSAGES: "3", FLOOD_WINDOW_SECONDS: "60", WEB_CHAT_RATE_PER_IP_PER_MINUTE: "8", API_RATE_PER_MINUTE: "3" },
    });
  });
  afterAll(async () => {
    await app.stop();
  });

  it("refuses a web user's messages past the flood limit, in their language, and keeps answering others", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await app.post("/api/chat", { user: "flood-1", text: "xin chào" })).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const refused = await app.post("/api/chat", { user: "flood-1", text: "xin chào" });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    const body = await json(refused);
    expect(body.error.code).toBe("rate_limited");
    expect(body.error.message).toContain(RATE_LIMITED_VI);
    const english = await fetch(`${app.url}/api/chat`, {
      method: "POST",
      headers: { "content-type": "application/json", "accept-language": "en-GB,en;q=0.9" },
      body: JSON.stringify({ user: "flood-1", text: "hello" }),
    });
    expect((await json(english)).error.message).toContain("a little fast");
    // Someone else from the same address is still answered.
    expect((await app.post("/api/chat", { user: "flood-2", text: "xin chào" })).status).toBe(200);
    // Refused messages were not handled: only the three answered ones are in the log.
    const identity = await app.db.prisma.channelIdentity.findUniqueOrThrow({ where: { channel_externalId: { channel: "web", externalId: "flood-1" } } });
    expect(await app.db.prisma.message.count({ where: { identityId: identity.id, direction: "in" } })).toBe(3);
  });

  it("refuses a client address past its limit, whichever user it claims to be", async () => {
    // The test above used 7 of this address's 8 requests a minute.
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await app.post("/api/chat", { user: `address-${i}`, text: "xin chào" })).status);
    expect(statuses).toEqual([200, 429, 429]);
  });

  it("limits each API token on its own, with Retry-After", async () => {
    const staff = await app.db.prisma.staffUser.create({
      data: { email: "rate@tinh.gov.vn", name: "rate", passwordHash: "not-used-by-the-api", role: "admin" },
    });
    const first = (await createApiToken({ db: app.db, staffId: staff.id, name: "first", actor: "test" })).token;
    const second = (await createApiToken({ db: app.db, staffId: staff.id, name: "second", actor: "test" })).token;
    const list = (token: string) => fetch(`${app.url}/api/v1/proposals`, { headers: { authorization: `Bearer ${token}` } });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await list(first)).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const refused = await list(first);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await json(refused)).error).toMatchObject({ code: "rate_limited" });
    expect((await list(second)).status).toBe(200);
  });
});

describe("Telegram flood control", () => {
  const fake = new FakeTelegram();
  const SECRET = "flood-secret";
  let app: RunningApp;
  beforeAll(async () => {
    await fake.start();
    app = await runApp({
      env: {
        ...fake.webhookEnv(SECRET),
        FLOOD_MAX_MESSAGES: "3",
        FLOOD_WINDOW_SECONDS: "60",
      },
    });
  });
  afterAll(async () => {
    await app.stop();
    await fake.stop();
  });

  it("answers up to the limit, sends one notice, then ignores the rest of the window (and acknowledges every update)", async () => {
    const post = (chatId: number, text: string) =>
      fake.postWebhook(`${app.url}/webhooks/telegram`, fake.textMessage({ chatId, userId: chatId, text }) as Update, SECRET);
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push(await post(801, "/help"));
    // Telegram must not send them again: every update is acknowledged.
    expect(statuses).toEqual(statuses.map(() => 200));
    await post(802, "/help"); // someone else, after the flood
    await fake.waitFor((m) => m.chat_id === 802 && m.plainText.includes("/kiennghi"));
    await new Promise((r) => setTimeout(r, 300));
    const toFlooder = fake.sent.filter((m) => m.chat_id === 801 && !m.plainText.startsWith("🔒"));
    expect(toFlooder.filter((m) => m.plainText.includes("/kiennghi"))).toHaveLength(3);
    expect(toFlooder.filter((m) => m.plainText.includes(RATE_LIMITED_VI))).toHaveLength(1);
    expect(toFlooder).toHaveLength(4);
  });
});
