// Issue 15, hole 5: the web chat trusted a `user` id the browser made up, so anyone who knew (or
// guessed) it could read and consume that person's inbox and carry on their conversation, /theodoi
// and /xoadulieu included. The session is now an HttpOnly cookie the server issues; these are the
// attacks that worked before, and what the attacker sees now.
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { changeProposalStatus } from "../../src/proposals/change-proposal-status.ts";
import { json, runApp, type RunningApp } from "../support/app.ts";

const CONTENT = "Đề nghị mở thêm lớp học nghề miễn phí cho thanh niên nông thôn ở xã em";
const VICTIM = "web-0f8e2c1a-victim"; // the id the victim's old page would have sent

/** A request as a script without a cookie jar sends it (or an attacker with only the victim's id). */
const bare = (app: RunningApp, path: string, init: RequestInit = {}) => fetch(app.url + path, init);
const postJson = (app: RunningApp, path: string, body: unknown, headers: Record<string, string> = {}) =>
  bare(app, path, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
const texts = (body: { replies: { text: string }[] }) => body.replies.map((r) => r.text).join("\n");

describe("web chat identity belongs to the server's session cookie", () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await runApp();
  });
  afterAll(async () => {
    await app.stop();
  });

  it("gives someone who knows the victim's user id neither the conversation, the proposal nor /xoadulieu", async () => {
    const victim = app.web("victim-1");
    await victim.chat(`/kiennghi ${CONTENT}`, { user: VICTIM });
    // Half-way through the victim's intake, the attacker answers for them with the same user id.
    const hijack = await json(await postJson(app, "/api/chat", { user: VICTIM, text: "đồng ý" }));
    expect(hijack.kind).not.toBe("proposal_created");
    expect(hijack.proposal).toBeUndefined();

    const created = await victim.chat("đồng ý", { user: VICTIM });
    expect(created.kind).toBe("proposal_created");
    const code = created.proposal.code as string;

    const tracked = await json(await postJson(app, "/api/chat", { user: VICTIM, text: "/theodoi" }));
    expect(texts(tracked)).toContain("chưa gửi kiến nghị");
    expect(texts(tracked)).not.toContain(code);
    const byCode = await json(await postJson(app, "/api/chat", { user: VICTIM, text: `/theodoi ${code}` }));
    expect(byCode.proposal).toBeUndefined();
    expect(texts(byCode)).toContain("không tìm thấy");

    // /xoadulieu as the victim, confirmed in the same (cookie-less) way: the victim's data stays.
    await postJson(app, "/api/chat", { user: VICTIM, text: "/xoadulieu" });
    await postJson(app, "/api/chat", { user: VICTIM, text: "1" });
    expect(await app.db.prisma.channelIdentity.count({ where: { channel: "web", externalId: victim.webId } })).toBe(1);
    const own = await victim.chat(`/theodoi ${code}`);
    expect(own.proposal).toEqual({ code, status: "received" });
  });

  it("gives someone who knows the victim's user id nothing from the inbox, and leaves it for the victim", async () => {
    const victim = app.web("victim-2");
    await victim.chat(`/kiennghi ${CONTENT}`, { user: VICTIM });
    const { proposal } = await victim.chat("đồng ý", { user: VICTIM });
    await victim.chat("bỏ qua");
    await changeProposalStatus({ db: app.db, prompts: app.prompts, code: proposal.code, status: "in_progress", actor: "staff:test" });

    const stolen = await bare(app, `/api/chat/inbox?user=${VICTIM}`);
    expect(stolen.status).toBe(200);
    expect((await json(stolen)).messages).toEqual([]);
    const [notice] = await victim.inbox();
    expect(notice!.text).toContain("đang được xử lý");
  });

  it("returns the same inbox message on every poll until it is acknowledged", async () => {
    const person = app.web("poller");
    await person.chat("/start");
    const stored = await app.db.prisma.outboxMessage.create({
      data: { channel: "web", chatId: person.webId, payload: JSON.stringify({ text: "Câu trả lời của cán bộ" }) },
    });
    const first = await person.inbox({ ack: false });
    const second = await person.inbox({ ack: false });
    expect(first).toEqual([{ id: stored.id, text: "Câu trả lời của cán bộ", createdAt: expect.any(String) }]);
    expect(second).toEqual(first);
    expect(await json(await person.ack([stored.id]))).toEqual({ acknowledged: 1 });
    expect(await person.inbox({ ack: false })).toEqual([]);
    // Acknowledging again changes nothing.
    expect(await json(await person.ack([stored.id]))).toEqual({ acknowledged: 0 });
  });

  it("ignores an acknowledgement of another session's messages", async () => {
    const owner = app.web("ack-owner");
    const other = app.web("ack-other");
    await owner.chat("/start");
    await other.chat("/start");
    const stored = await app.db.prisma.outboxMessage.create({
      data: { channel: "web", chatId: owner.webId, payload: JSON.stringify({ text: "Chỉ dành cho người gửi" }) },
    });
    const res = await other.ack([stored.id, stored.id + 1000]);
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({ acknowledged: 0 });
    // Without any cookie (a new session) it does nothing either.
    expect(await json(await postJson(app, "/api/chat/inbox/ack", { ids: [stored.id] }))).toEqual({ acknowledged: 0 });
    expect((await app.db.prisma.outboxMessage.findUniqueOrThrow({ where: { id: stored.id } })).status).toBe("pending");
    expect((await owner.inbox()).map((m) => m.text)).toEqual(["Chỉ dành cho người gửi"]);
  });

  it("issues an HttpOnly, SameSite=Lax session cookie of 256 random bits, and stores only its hash", async () => {
    const page = await bare(app, "/chat");
    expect(page.status).toBe(200);
    const cookie = page.headers.get("set-cookie")!;
    expect(cookie).toMatch(/^chat_session=[A-Za-z0-9_-]{43}; /);
    expect(cookie).toMatch(/; HttpOnly/i);
    expect(cookie).toMatch(/; SameSite=Lax/i);
    expect(cookie).toMatch(/; Path=\//);
    expect(cookie).toMatch(/; Max-Age=\d+/);
    expect(cookie).not.toMatch(/Secure/i); // no https and COOKIE_SECURE unset in tests
    expect(page.headers.get("cache-control")).toBe("no-store");

    const a = app.web("fresh-a");
    const b = app.web("fresh-b");
    await a.chat("xin chào");
    await b.chat("xin chào");
    expect(a.session).not.toBe(b.session);
    const identity = await app.db.prisma.channelIdentity.findUniqueOrThrow({
      where: { channel_externalId: { channel: "web", externalId: createHash("sha256").update(a.session!).digest("hex") } },
    });
    expect(identity.chatId).not.toContain(a.session!);
    expect(await app.db.prisma.channelIdentity.count({ where: { externalId: a.session! } })).toBe(0);
  });

  it("starts a new session for a missing or malformed cookie, never a 500", async () => {
    const forged = [
      undefined,
      "chat_session=",
      "chat_session=abc",
      `chat_session=${"A".repeat(42)}!`,
      `chat_session=${"A".repeat(44)}`,
      `chat_session=${"x".repeat(4000)}`,
      "chat_session=%E0%A4%A",
      "chat_session=\"quoted\"; chat_session=second",
      "chat_session",
      "=; ;;chat_session==x=",
    ];
    for (const cookie of forged) {
      const headers: Record<string, string> = cookie === undefined ? {} : { cookie };
      const chat = await postJson(app, "/api/chat", { text: "/theodoi" }, headers);
      expect(chat.status, String(cookie)).toBe(200);
      const issued = chat.headers.get("set-cookie") ?? "";
      expect(issued, String(cookie)).toMatch(/^chat_session=[A-Za-z0-9_-]{43}; /);
      expect(texts(await json(chat))).toContain("chưa gửi kiến nghị");
      const inbox = await bare(app, "/api/chat/inbox", { headers });
      expect(inbox.status, String(cookie)).toBe(200);
      expect((await json(inbox)).messages).toEqual([]);
      expect(inbox.headers.get("set-cookie")).toMatch(/^chat_session=/);
    }
  });

  it("treats a well-formed but made-up cookie as its own, empty conversation", async () => {
    const victim = app.web("victim-3");
    await victim.chat(`/kiennghi ${CONTENT}`);
    await victim.chat("đồng ý");
    const guess = `chat_session=${"B".repeat(43)}`;
    const res = await postJson(app, "/api/chat", { text: "/theodoi" }, { cookie: guess });
    expect(res.status).toBe(200);
    expect(texts(await json(res))).toContain("chưa gửi kiến nghị");
  });
});

describe("the web chat session cookie with COOKIE_SECURE", () => {
  it("is marked Secure", async () => {
    const app = await runApp({ env: { COOKIE_SECURE: "true" } });
    try {
      const res = await postJson(app, "/api/chat", { text: "xin chào" });
      expect(res.status).toBe(200);
      expect(res.headers.get("set-cookie")).toMatch(/; Secure/i);
    } finally {
      await app.stop();
    }
  });
});
