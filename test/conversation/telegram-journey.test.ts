// A young person's whole journey on Telegram, with real grammY against the fake Bot API server:
// a question, a proposal confirmed with buttons, tracking, a staff status change and answer that
// reach the chat, a rating by button, someone else's code refused, and deleting their data.
import type { Update } from "grammy/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answerProposal, changeProposalStatus } from "../../src/proposals/change-proposal-status.ts";
import { runApp, type RunningApp } from "../support/app.ts";
import { FakeTelegram } from "../support/fake-telegram.ts";

const SECRET = "journey-secret-0123456789";

describe("a young person's journey on Telegram", () => {
  const fake = new FakeTelegram();
  let app: RunningApp;
  const CHAT = 8801;
  const sent = () => fake.sent.filter((m) => m.chat_id === CHAT && !m.plainText.startsWith("🔒"));
  const post = (update: Update) => fake.postWebhook(`${app.url}/webhooks/telegram`, update, SECRET);
  const say = (text: string) => post(fake.textMessage({ chatId: CHAT, userId: CHAT, text, firstName: "Lan" }));
  const press = (data: string) => post(fake.callbackQuery({ chatId: CHAT, userId: CHAT, data }));
  async function nextReply(count: number): Promise<{ text: string; buttons: string[] }> {
    const deadline = Date.now() + 8000;
    while (sent().length < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    const m = sent()[count - 1];
    if (!m) throw new Error(`expected ${count} replies, got ${JSON.stringify(sent().map((s) => s.plainText))}`);
    const markup = m.reply_markup as { inline_keyboard?: { callback_data?: string }[][] } | undefined;
    return { text: m.plainText, buttons: markup?.inline_keyboard?.flat().map((b) => b.callback_data ?? "") ?? [] };
  }

  beforeAll(async () => {
    await fake.start();
    app = await runApp({
      env: fake.webhookEnv(SECRET),
    });
  });
  afterAll(async () => {
    await app?.stop();
    await fake.stop();
  });

  it("asks, proposes, tracks, hears back, rates and leaves", async () => {
    await say("dieu kien huong tro cap that nghiep");
    expect((await nextReply(1)).text).toContain("12 tháng");

    await say("/kiennghi Đề nghị mở thêm lớp học nghề miễn phí cho thanh niên nông thôn ở xã em");
    const confirm = await nextReply(2);
    expect(confirm.text).toContain("Sở Giáo dục và Đào tạo");
    expect(confirm.buttons).toEqual(["confirm:yes", "confirm:edit", "confirm:no"]);
    await press("confirm:yes");
    const created = await nextReply(3);
    const code = /KN-\d{4}-\d{5}/.exec(created.text)![0];
    const askContact = await nextReply(4);
    expect(askContact.buttons).toEqual(["contact:skip"]);
    await press("contact:skip");
    await nextReply(5);

    await say(`/theodoi ${code}`);
    expect((await nextReply(6)).text).toContain("đã tiếp nhận");

    await changeProposalStatus({ db: app.db, prompts: app.prompts, code, status: "in_progress", actor: "staff:test" });
    app.outbox.wake();
    expect((await nextReply(7)).text).toContain("đang được xử lý");
    await answerProposal({ db: app.db, prompts: app.prompts, code, answer: "Xã sẽ mở lớp vào tháng 3.", actor: "staff:test" });
    app.outbox.wake();
    const answer = await nextReply(8);
    expect(answer.text).toContain("Xã sẽ mở lớp vào tháng 3.");
    expect(answer.buttons).toEqual([`rate:${code}:up`, `rate:${code}:down`]);
    await press(`rate:${code}:down`);
    await nextReply(9);
    expect((await app.db.prisma.proposal.findUniqueOrThrow({ where: { code } })).rating).toBe("not_helpful");

    await post(fake.textMessage({ chatId: 8802, userId: 8802, text: `/theodoi ${code}` }));
    await fake.waitFor((m) => m.chat_id === 8802 && m.plainText.includes("không tìm thấy"));

    await say("/xoadulieu");
    expect((await nextReply(10)).buttons).toEqual(["delete:yes", "delete:no"]);
    await press("delete:yes");
    expect((await nextReply(11)).text).toContain("Đã xóa dữ liệu của bạn");
    expect(await app.db.prisma.channelIdentity.count({ where: { channel: "telegram", externalId: String(CHAT) } })).toBe(0);
    expect((await app.db.prisma.proposal.findUniqueOrThrow({ where: { code } })).userId).toBeNull();
  });
});
