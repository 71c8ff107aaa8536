import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { json, runApp, type RunningApp } from "../../support/app.ts";

describe("web chat", () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await runApp();
  });
  afterAll(async () => {
    await app.stop();
  });

  const chat = async (text: string, user = "web-tester", extra: Record<string, unknown> = {}) => {
    const res = await app.web(user).send({ text, ...extra });
    return { status: res.status, body: await json(res) };
  };

  it("greets /start with the menu", async () => {
    const { status, body } = await chat("/start");
    expect(status).toBe(200);
    expect(body.kind).toBe("menu");
    expect(body.replies[0].text).toContain("Xin chào");
    expect(body.replies[0].choices.map((c: { id: string }) => c.id)).toEqual([
      "topic:laws", "topic:jobs", "topic:startup", "proposal:start", "proposal:track",
    ]);
    expect(body.sources).toEqual([]);
  });

  it("takes a typed menu number as the choice it stands for", async () => {
    await chat("/start", "web-numbers");
    const { body } = await chat("2", "web-numbers");
    expect(body.kind).toBe("topic");
    expect(body.replies[0].text).toContain("việc làm");
  });

  it("answers a question from the knowledge base and names the source", async () => {
    const { status, body } = await chat("thanh niên là người bao nhiêu tuổi?");
    expect(status).toBe(200);
    expect(body.kind).toBe("answer");
    expect(body.replies[0].text).toContain("từ đủ 16 tuổi đến 30 tuổi");
    expect(body.replies[0].text).toMatch(/Nguồn: (Hỏi đáp )?Luật Thanh niên/);
    expect(body.sources[0].title).toMatch(/Luật Thanh niên/);
    expect(body.sources[0].citation).toBe("“Thanh niên là người bao nhiêu tuổi?”");
  });

  it("answers a question typed without diacritics", async () => {
    const { body } = await chat("dieu kien huong tro cap that nghiep");
    expect(body.kind).toBe("answer");
    expect(body.replies[0].text).toContain("12 tháng");
  });

  it("falls back instead of pasting an unrelated passage", async () => {
    const { body } = await chat("giá vàng hôm nay bao nhiêu");
    expect(body.kind).toBe("fallback");
    expect(body.sources).toEqual([]);
    expect(body.replies[0].text).toContain("/lienhe");
  });

  it("accepts a message without a user field: the session cookie says who is talking", async () => {
    const res = await app.post("/api/chat", { text: "/start" });
    expect(res.status).toBe(200);
    expect((await json(res)).kind).toBe("menu");
    expect(res.headers.get("set-cookie")).toMatch(/^chat_session=[\w-]{43};/);
    expect(res.headers.get("cache-control")).toBe("no-store");
  });

  it.each([
    [{ user: "", text: "xin chào" }, "user"],
    [{ user: "a b", text: "xin chào" }, "user"],
    [{ user: "x".repeat(65), text: "xin chào" }, "user"],
    [{ user: "web-1" }, "text"],
    [{ user: "web-1", text: "   " }, "text"],
    [{ user: "web-1", text: 42 }, "text"],
  ])("refuses a bad body with 400 naming the field: %j", async (body, field) => {
    const res = await app.post("/api/chat", body);
    expect(res.status).toBe(400);
    expect((await json(res)).error.field).toBe(field);
  });

  it("refuses malformed JSON with 400", async () => {
    const res = await app.post("/api/chat", "{not json");
    expect(res.status).toBe(400);
    expect((await json(res)).error.code).toBe("bad_request");
  });

  it("refuses text over 4,000 characters and bodies over the limit with 413", async () => {
    const long = await app.post("/api/chat", { user: "web-1", text: "a".repeat(4001) });
    expect(long.status).toBe(413);
    expect((await json(long)).error.field).toBe("text");
    const huge = await app.post("/api/chat", { user: "web-1", text: "a".repeat(200_000) });
    expect(huge.status).toBe(413);
  });

  it("delivers later messages through the inbox until the page acknowledges them", async () => {
    const person = app.web("web-inbox");
    await person.chat("/start");
    const stored = await app.db.prisma.outboxMessage.create({
      data: { channel: "web", chatId: person.webId, payload: JSON.stringify({ text: "Kiến nghị của bạn đã được trả lời." }) },
    });
    const first = await person.inbox({ ack: false });
    expect(first.map((m) => [m.id, m.text])).toEqual([[stored.id, "Kiến nghị của bạn đã được trả lời."]]);
    const ack = await person.ack([stored.id]);
    expect(ack.status).toBe(200);
    expect(await json(ack)).toEqual({ acknowledged: 1 });
    expect(await person.inbox({ ack: false })).toEqual([]);
    expect(await app.db.prisma.outboxMessage.findUniqueOrThrow({ where: { id: stored.id } })).toMatchObject({ status: "sent", sentAt: expect.any(Date) });
  });

  it.each([
    [{}],
    [{ ids: [] }],
    [{ ids: [0] }],
    [{ ids: [-3] }],
    [{ ids: [1.5] }],
    [{ ids: ["1"] }],
    [{ ids: Array.from({ length: 51 }, (_, i) => i + 1) }],
  ])("refuses a bad acknowledgement with 400 naming ids: %j", async (body) => {
    const res = await app.web("web-inbox").request("/api/chat/inbox/ack", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(400);
    expect((await json(res)).error.field).toMatch(/^ids/);
  });

  it("serves an accessible Vietnamese chat page with local assets only", async () => {
    const res = await app.get("/chat");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/html");
    const html = await res.text();
    expect(html).toContain('<html lang="vi">');
    expect(html).toContain('name="viewport"');
    expect(html).toContain('role="log"');
    expect(html).toMatch(/<label for="text"/);
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(assets).toEqual(["/chat/assets/chat.css", "/chat/assets/chat.js"]);
    for (const asset of assets) {
      expect(asset.startsWith("/")).toBe(true);
      expect((await app.get(asset)).status).toBe(200);
    }
  });
});
