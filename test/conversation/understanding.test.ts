// How the bot understands young people, as they would notice it, on the shipped knowledge base:
// asking back with choices that lead straight to their answers (web, Telegram buttons, Zalo
// numbers; kept across a restart; an old or foreign choice is a new question), English answered
// in English, "is it still in force?" from the documents' metadata, thanks / insults / asking for
// a person / asking about one's own proposal recognised, and bad input answered briefly.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runApp, type RunningApp } from "../support/app.ts";
import { repoRoot, tempDir } from "../support/env.ts";
import { FakeTelegram } from "../support/fake-telegram.ts";
import { FakeZalo } from "../support/fake-zalo.ts";

const KNOWLEDGE = { KNOWLEDGE_DIR: path.join(repoRoot, "knowledge") };
/** A word or two naming a subject that several passages answer: always asked back. */
const VAGUE = "thu viec";

describe("understanding young people (web chat)", () => {
  const data = tempDir("ya-understand-");
  let app: RunningApp;
  beforeAll(async () => {
    app = await runApp({ dataDir: data.path, env: KNOWLEDGE });
  });
  afterAll(async () => {
    await app.stop();
    data.remove();
  });

  it("asks back with two or three choices, each leading straight to its answer", async () => {
    const asked = await app.chat("u-clarify", VAGUE);
    expect(asked.kind).toBe("clarify");
    const choices = asked.replies[0].choices as Array<{ id: string; label: string }>;
    expect(choices.length).toBeGreaterThanOrEqual(2);
    expect(choices.length).toBeLessThanOrEqual(3);
    for (const c of choices) {
      expect(c.label.length).toBeLessThanOrEqual(60);
      expect(Buffer.byteLength(c.id)).toBeLessThanOrEqual(64);
    }
    const picked = await app.chat("u-clarify", "", { choice: choices[1]!.id });
    expect(picked.kind).toBe("answer");
    expect(picked.replies[0].text).toMatch(/Nguồn: /);
    expect(picked.sources).toHaveLength(1);
    // The number of a choice works too, as on Zalo.
    const again = await app.chat("u-clarify-2", VAGUE);
    const byNumber = await app.chat("u-clarify-2", "1");
    expect(byNumber.kind).toBe("answer");
    expect(again.kind).toBe("clarify");
    // "1" is the first choice: the same answer as tapping the first button.
    const tapped = await app.chat("u-clarify-3", VAGUE);
    const first = await app.chat("u-clarify-3", "", { choice: (tapped.replies[0].choices as Array<{ id: string }>)[0]!.id });
    expect(byNumber.sources[0]).toEqual(first.sources[0]);
    expect(byNumber.replies[0].text).toBe(first.replies[0].text);
  });

  it("asks 'is this what you mean?' when one passage fits a long story but not surely, and offers to pass it on", async () => {
    const story =
      "Em trai em học lớp 11, năm nay 17 tuổi, cô chủ nhiệm phát mẫu đơn xin vào Đoàn. Em không rõ vào Đoàn rồi thì phải làm những gì. Nhờ ad giải thích giúp em với ạ.";
    const asked = await app.chat("u-confirm", story);
    expect(asked.kind).toBe("clarify");
    const choices = asked.replies[0].choices as Array<{ id: string; label: string }>;
    expect(choices.map((c) => c.id.startsWith("pick:") ? "pick" : c.id)).toEqual(["pick", "escalate"]);
    expect(asked.replies[0].text).toMatch(/chưa chắc/);
    const picked = await app.chat("u-confirm", "", { choice: choices[0]!.id });
    expect(picked.kind).toBe("answer");
    expect(picked.replies[0].text).toMatch(/3 nhiệm vụ/);
    expect(picked.replies[0].text).toMatch(/Điều lệ Đoàn/);
    // Naming what it asks about, the same story's one passage leads everything else by far: answered.
    const named = await app.chat("u-confirm-named", story.replace("giúp em với ạ", "giúp nhiệm vụ của đoàn viên ạ"));
    expect(named.kind).toBe("answer");
    expect(named.replies[0].text).toMatch(/3 nhiệm vụ/);
  });

  it("answers a message that asks two things with both answers, each under its label and with its source", async () => {
    const asked = await app.chat("u-two", "Mình đang học cao đẳng năm hai thì có được tạm hoãn đi nghĩa vụ quân sự không, và học xong thì bị gọi tới bao nhiêu tuổi?");
    expect(asked.kind).toBe("answer");
    expect(asked.sources).toHaveLength(2);
    const text = asked.replies[0].text as string;
    expect(text.match(/Nguồn: /g)).toHaveLength(2);
    expect(text).toMatch(/\n\nVề “[^”]+”:\n/);
    expect(text).toMatch(/27 tuổi/);
  });

  it("keeps pending choices across a restart", async () => {
    const asked = await app.chat("u-restart", VAGUE);
    await app.stop({ keepData: true });
    app = await runApp({ dataDir: data.path, env: KNOWLEDGE, webSessions: app.webSessions });
    const picked = await app.chat("u-restart", "", { choice: asked.replies[0].choices[0].id });
    expect(picked.kind).toBe("answer");
  }, 60_000);

  it("reads an old choice, or one from another conversation, as a new question — never another person's", async () => {
    const mine = await app.chat("u-own", VAGUE);
    const theirs = await app.chat("u-other", "tuổi vào đoàn và tuổi đi làm khác nhau thế nào");
    // Another person's choice id, sent without text: refused politely.
    const foreign = await app.chat("u-own", "", { choice: (theirs.replies[0].choices ?? mine.replies[0].choices)[0].id.replace(/:\w{6}:/, ":zzzzzz:") });
    expect(foreign.kind).toBe("error");
    expect(foreign.replies[0].text).toMatch(/câu hỏi cũ/);
    // An old choice with its label as text (what the web page sends): answered as a question.
    await app.chat("u-own", "cảm ơn");
    const stale = await app.chat("u-own", mine.replies[0].choices[0].label, { choice: mine.replies[0].choices[0].id });
    expect(["answer", "clarify", "fallback"]).toContain(stale.kind);
  });

  it("answers a question in English in English, quoting the Vietnamese source", async () => {
    const res = await app.chat("u-en", "How old do you have to be to join the Youth Union?");
    expect(["answer", "clarify"]).toContain(res.kind);
    const text: string = res.kind === "answer" ? res.replies[0].text : (await app.chat("u-en", "", { choice: res.replies[0].choices[0].id })).replies[0].text;
    expect(text).toMatch(/Vietnamese source|Source:|Which of these/);
    if (res.kind === "answer") {
      expect(text).toContain("Source: ");
      expect(text).toMatch(/16/);
    }
  });

  it("asks back in English with English choices when the question is in English", async () => {
    const res = await app.chat("u-en-vague", "probation");
    expect(res.kind).toBe("clarify");
    expect(res.replies[0].text).toMatch(/Which of these/);
    const labels = (res.replies[0].choices as Array<{ label: string }>).map((c) => c.label);
    // Each FAQ entry names itself by its English phrasing; none in Vietnamese.
    for (const label of labels) expect(label, label).not.toMatch(/[À-ỹ]/u);
    const picked = await app.chat("u-en-vague", "", { choice: res.replies[0].choices[0].id });
    expect(picked.kind).toBe("answer");
  });

  it("answers whether a law is still in force from its metadata", async () => {
    const res = await app.chat("u-status", "luat viec lam 2013 con hieu luc khong ad");
    expect(res.kind).toBe("answer");
    expect(res.replies[0].text).toMatch(/không còn hiệu lực: đã được thay thế bởi Luật Việc làm 2025 \(74\/2025\/QH15\), áp dụng từ ngày 1\/1\/2026/);
    const inForce = await app.chat("u-status", "Bộ luật Lao động 2019 còn hiệu lực không?");
    expect(inForce.replies[0].text).toMatch(/đang có hiệu lực, áp dụng từ ngày 1\/1\/2021/);
    // Chat shorthand and "năm" before the year name the document too.
    const shorthand = await app.chat("u-status", "ad ơi luật vl năm 2013 hết hiệu lực chưa z");
    expect(shorthand.replies[0].text).toMatch(/Luật Việc làm 2013.*không còn hiệu lực/);
    // Asked in English, the law named in English, its words in another order than the title's.
    const english = await app.chat("u-status-en", "When does the 2025 Cybersecurity Law come into force?");
    expect(english.kind).toBe("answer");
    expect(english.replies[0].text).toMatch(/Luật An ninh mạng 2025 \(116\/2025\/QH15\).*1\/7\/2026/);
    // The title's words together win over the same words scattered: "labour code … a job" is the Labour Code.
    const code = await app.chat("u-status-en", "When does the new labour code take effect? I want a job");
    expect(code.replies[0].text).toMatch(/Bộ luật Lao động/);
  });

  it.each([
    ["cảm ơn ạ", "smalltalk", /Không có gì/],
    ["em cảm ơn ad nhiều nha", "smalltalk", /Không có gì/],
    ["bot ngu vl", "smalltalk", /xin lỗi/i],
    ["cho em gặp người thật", "proposal", /cán bộ/],
    ["kiến nghị của em tới đâu rồi", "track", /chưa gửi kiến nghị/],
    ["có ai trả lời chưa vậy", "track", /chưa gửi kiến nghị/],
    // Asking about sending a proposal is answered, not taken as one.
    ["gửi kiến nghị có mất phí không", "answer", /^Không/],
    ["kiến nghị gửi rồi thì có hủy được không", "answer", /\/huy/],
  ])("%j → %s", async (text, kind, reply) => {
    const res = await app.chat(`u-act-${Buffer.from(text).toString("hex").slice(0, 40)}`, text);
    expect(res.kind).toBe(kind);
    expect(res.replies[0].text).toMatch(reply);
  });

  it("answers a question that opens like a proposal when it knows the answer, saying how to send it as one instead", async () => {
    const res = await app.chat("u-propose-asks", "Đề xuất chính sách hỗ trợ thanh niên khởi nghiệp có những gì?");
    expect(res.kind).toBe("answer");
    expect(res.replies.map((r: { text: string }) => r.text).join("\n")).toMatch(/gõ \/kiennghi/);
    // A proposal worded as a question the knowledge base cannot answer is still taken as a proposal.
    const proposal = await app.chat("u-propose-field", "đề xuất xây thêm sân bóng ở xã được không");
    expect(proposal.kind).toBe("proposal");
    expect(proposal.replies[0].text).toMatch(/sân bóng/);
  });

  it.each([
    ["😂😂😂", ["fallback", "error"]],
    ["?", ["fallback", "error"]],
    ["???", ["fallback", "error"]],
    ["Привет, как дела? 你好", ["fallback"]],
  ] as Array<[string, string[]]>)("answers %j briefly, without pretending to know", async (text, kinds) => {
    const res = await app.chat(`u-bad-${Buffer.from(text).toString("hex").slice(0, 40)}`, text);
    expect(kinds).toContain(res.kind);
    expect(res.sources).toEqual([]);
  });

  it("refuses a message over 4,000 characters with the limit, and empty input naming the field", async () => {
    const long = await app.post("/api/chat", { user: "u-long", text: "a".repeat(4001) });
    expect(long.status).toBe(413);
    const empty = await app.post("/api/chat", { user: "u-empty", text: "   " });
    expect(empty.status).toBe(400);
    expect(((await empty.json()) as { error: { field: string } }).error.field).toBe("text");
  });
});

describe("asking back on the chat platforms", () => {
  const telegram = new FakeTelegram();
  const zalo = new FakeZalo();
  let app: RunningApp;
  const T_SECRET = "understand-tg-secret-0123";
  const Z_SECRET = "understand-zalo-secret-0123";
  beforeAll(async () => {
    await telegram.start();
    await zalo.start();
    app = await runApp({
      env: {
        ...KNOWLEDGE,
        ...telegram.webhookEnv(T_SECRET),
        ZALO_BOT_TOKEN: zalo.token,
        ZALO_API_ROOT: zalo.apiRoot,
        ZALO_MODE: "webhook",
        ZALO_WEBHOOK_SECRET: Z_SECRET,
        ZALO_CHAT_RATE_PER_SECOND: "0",
      },
    });
  });
  afterAll(async () => {
    await app?.stop();
    await telegram.stop();
    await zalo.stop();
  });

  it("shows the choices as buttons on Telegram and answers the one pressed", async () => {
    const CHAT = 7301;
    const mine = () => telegram.sent.filter((m) => m.chat_id === CHAT && !m.plainText.startsWith("🔒"));
    await telegram.postWebhook(`${app.url}/webhooks/telegram`, telegram.textMessage({ chatId: CHAT, userId: CHAT, text: VAGUE }), T_SECRET);
    const deadline = Date.now() + 8000;
    while (mine().length < 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    const markup = mine()[0]!.reply_markup as { inline_keyboard: { callback_data: string; text: string }[][] };
    const buttons = markup.inline_keyboard.flat();
    expect(buttons.length).toBeGreaterThanOrEqual(2);
    await telegram.postWebhook(`${app.url}/webhooks/telegram`, telegram.callbackQuery({ chatId: CHAT, userId: CHAT, data: buttons[0]!.callback_data }), T_SECRET);
    while (mine().length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    expect(mine()[1]!.plainText).toMatch(/Nguồn: /);
  }, 20_000);

  it("numbers the choices on Zalo and answers the number typed", async () => {
    const user = "zalo-understand-1";
    await zalo.postWebhook(`${app.url}/webhooks/zalo`, zalo.textMessage({ chatId: user, userId: user, text: VAGUE }), Z_SECRET);
    const asked = await zalo.waitFor((m) => m.chat_id === user && /\n1\./.test(m.text ?? ""), 8000);
    expect(asked.text).toMatch(/\n2\./);
    await zalo.postWebhook(`${app.url}/webhooks/zalo`, zalo.textMessage({ chatId: user, userId: user, text: "2", messageId: "z-pick-2" }), Z_SECRET);
    const answered = await zalo.waitFor((m) => m.chat_id === user && /Nguồn: /.test(m.text ?? ""), 8000);
    expect(answered.text).toMatch(/Nguồn: /);
  }, 20_000);
});
