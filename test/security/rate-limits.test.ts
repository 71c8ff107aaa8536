// How fast anyone may write, over real HTTP behind a proxy (TRUST_PROXY, X-Forwarded-For as nginx
// sends it): a client address past its web chat limit and an API token past its limit get 429 with
// Retry-After (the web chat in the user's language) while others carry on; the address counted is
// the one the proxy appended, whatever the client wrote before it; requests from the machine
// itself are not counted. A Telegram user who floods the bot gets one polite notice and is then
// ignored until the window passes.
import type { Update } from "grammy/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiToken } from "../../src/staff/create-api-token.ts";
import { json, runApp, type RunningApp } from "../support/app.ts";
import { FakeTelegram } from "../support/fake-telegram.ts";

const RATE_LIMITED_VI = "Bạn gửi tin nhắn hơi nhanh";

describe("web chat and API rate limits", () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await runApp({ env: { TRUST_PROXY: "127.0.0.1", WEB_CHAT_RATE_PER_IP_PER_MINUTE: "3", API_RATE_PER_MINUTE: "3" } });
  });
  afterAll(async () => {
    await app.stop();
  });

  /** A web chat message as nginx forwards it: the client's X-Forwarded-For with the address it saw appended. */
  const chat = (forwardedFor: string, user: string, headers: Record<string, string> = {}) =>
    fetch(`${app.url}/api/chat`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-forwarded-for": forwardedFor, ...headers },
      body: JSON.stringify({ user, text: "xin chào" }),
    });

  it("refuses a client address past its limit, in the user's language, whichever user ids it uses", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await chat("203.0.113.7", `school-${i}`)).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const webIdentities = await app.db.prisma.channelIdentity.count({ where: { channel: "web" } });
    const refused = await chat("203.0.113.7", "school-9");
    expect(refused.status).toBe(429);
    // The rest of the one-minute window: a few seconds have passed since the first message.
    const retryAfter = Number(refused.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(30);
    expect(retryAfter).toBeLessThanOrEqual(60);
    const body = await json(refused);
    expect(body.error.code).toBe("rate_limited");
    expect(body.error.message).toContain(RATE_LIMITED_VI);
    const english = await chat("203.0.113.7", "school-9", { "accept-language": "en-GB,en;q=0.9" });
    expect((await json(english)).error.message).toContain("a little fast");
    // Refused messages were not handled: no user was created for them, and no session was issued.
    expect(refused.headers.get("set-cookie")).toBeNull();
    expect(await app.db.prisma.channelIdentity.count({ where: { channel: "web" } })).toBe(webIdentities);
    // Another address is still answered.
    expect((await chat("198.51.100.20", "home-1")).status).toBe(200);
  });

  it("counts the address the proxy appended, not one the client wrote before it", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await chat(`10.0.0.${i}, 192.0.2.44`, `spoof-${i}`)).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
  });

  it("does not count requests from the machine itself", async () => {
    for (let i = 0; i < 6; i++) expect((await app.post("/api/chat", { user: "local-script", text: "xin chào" })).status).toBe(200);
  });

  it("limits each API token on its own, with Retry-After", async () => {
    const staff = await app.db.prisma.staffUser.create({
      data: { email: "rate@tinh.gov.vn", name: "rate", passwordHash: "not-used-by-the-api", role: "admin" },
    });
    const first = (await createApiToken({ db: app.db, staffId: staff.id, name: "first", actor: "test" })).token;
    const second = (await createApiToken({ db: app.db, staffId: staff.id, name: "second", actor: "test" })).token;
    const list = (token: string) =>
      fetch(`${app.url}/api/v1/proposals`, { headers: { authorization: `Bearer ${token}`, "x-forwarded-for": "198.51.100.99" } });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await list(first)).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const refused = await list(first);
    const retryAfter = Number(refused.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(30);
    expect(retryAfter).toBeLessThanOrEqual(60);
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
