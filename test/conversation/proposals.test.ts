// A young person's experience end to end through the web chat: proposals, escalated questions,
// tracking, notifications, ratings, cancelling, restarting half-way, and deleting their data.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answerProposal, changeProposalStatus } from "../../src/proposals/change-proposal-status.ts";
import { runApp, type RunningApp } from "../support/app.ts";
import { tempDir } from "../support/env.ts";

const CONTENT = "Đề nghị mở thêm lớp học nghề miễn phí cho thanh niên nông thôn ở xã em";

describe("proposals in chat", () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await runApp();
  });
  afterAll(async () => {
    await app.stop();
  });

  const inbox = (user: string) => app.web(user).inbox();

  it("takes a proposal: content, routing, confirmation, a code, then optional contact details", async () => {
    const user = "web-lan";
    const ask = await app.chat(user, "/kiennghi");
    expect(ask.kind).toBe("proposal");
    expect(ask.replies[0].text).toContain("nội dung kiến nghị");

    const short = await app.chat(user, "học nghề");
    expect(short.replies[0].text).toContain("ít nhất 10 ký tự");

    const confirm = await app.chat(user, CONTENT);
    expect(confirm.replies[0].text).toContain(CONTENT);
    expect(confirm.replies[0].text).toContain("Sở Giáo dục và Đào tạo");
    expect(confirm.replies[0].choices.map((c: { id: string }) => c.id)).toEqual(["confirm:yes", "confirm:edit", "confirm:no"]);

    const created = await app.chat(user, "dong y");
    expect(created.kind).toBe("proposal_created");
    expect(created.proposal).toEqual({ code: expect.stringMatching(/^KN-\d{4}-\d{5}$/), status: "received" });
    expect(created.replies[0].text).toContain(created.proposal.code);
    expect(created.replies[0].text).toContain("/theodoi");
    expect(created.replies[1].text).toContain("số điện thoại hoặc email");

    const contact = await app.chat(user, "0912 345 678");
    expect(contact.replies[0].text).toContain("0912345678");

    const stored = await app.db.prisma.proposal.findUniqueOrThrow({
      where: { code: created.proposal.code },
      include: { department: true, events: true, user: { include: { consents: true } } },
    });
    expect(stored).toMatchObject({ kind: "proposal", status: "received", content: CONTENT, contact: "0912345678", channel: "web" });
    expect(stored.department.name).toBe("Sở Giáo dục và Đào tạo");
    expect(stored.dueAt.getTime() - stored.createdAt.getTime()).toBe(15 * 86_400_000);
    expect(stored.events.map((e) => e.toStatus)).toEqual(["received"]);
    expect(stored.user!.consents).toHaveLength(1);
  });

  it("accepts a proposal typed in one message, buttons by number, and a skipped contact", async () => {
    const user = "web-minh";
    const confirm = await app.chat(user, "góp ý: xã em cần sân bóng cho thanh niên chơi thể thao buổi tối");
    expect(confirm.replies[0].text).toContain("Sở Văn hóa, Thể thao và Du lịch");
    const created = await app.chat(user, "1");
    expect(created.kind).toBe("proposal_created");
    const skipped = await app.chat(user, "bỏ qua");
    expect(skipped.replies[0].text).toContain("Đã bỏ qua");
    expect((await app.db.prisma.proposal.findUniqueOrThrow({ where: { code: created.proposal.code } })).contact).toBeNull();
  });

  it("sends what no rule matches to the Youth Union coordinator", async () => {
    const confirm = await app.chat("web-unsure", "/kiennghi mong tỉnh tổ chức nhiều hoạt động giao lưu hơn nữa");
    expect(confirm.replies[0].text).toContain("Tỉnh đoàn (điều phối) (sẽ phân loại");
  });

  it("cancels an intake half-way and stores nothing", async () => {
    const user = "web-cancel";
    const before = await app.db.prisma.proposal.count();
    await app.chat(user, "/kiennghi");
    await app.chat(user, CONTENT);
    const cancelled = await app.chat(user, "hủy");
    expect(cancelled.kind).toBe("cancel");
    expect(await app.db.prisma.proposal.count()).toBe(before);
    const after = await app.chat(user, "dong y");
    expect(after.kind).not.toBe("proposal_created");
  });

  it("guides a user who answers the confirmation with something else", async () => {
    const user = "web-confused";
    await app.chat(user, `/kiennghi ${CONTENT}`);
    const help = await app.chat(user, "hả?");
    expect(help.replies[0].text).toContain("đồng ý");
    const edit = await app.chat(user, "sửa");
    expect(edit.replies[0].text).toContain("gõ lại");
  });

  it("shows a proposal only to its author, and lists one's own", async () => {
    const created = await app.chat("web-author", `/kiennghi ${CONTENT}`).then(() => app.chat("web-author", "đồng ý"));
    const code = created.proposal.code as string;
    const own = await app.chat("web-author", `/theodoi ${code}`);
    expect(own.kind).toBe("track");
    expect(own.proposal).toEqual({ code, status: "received" });
    expect(own.replies[0].text).toContain("Sở Giáo dục và Đào tạo");
    const byText = await app.chat("web-author", `kiểm tra kiến nghị ${code.toLowerCase()}`);
    expect(byText.proposal?.code).toBe(code);

    const stranger = await app.chat("web-stranger", `/theodoi ${code}`);
    expect(stranger.replies[0].text).toContain("không tìm thấy");
    expect(stranger.proposal).toBeUndefined();
    const unknown = await app.chat("web-author", "/theodoi KN-2099-99999");
    expect(unknown.replies[0].text).toContain("không tìm thấy");

    const list = await app.chat("web-author", "/theodoi");
    expect(list.replies[0].text).toContain(code);
    const none = await app.chat("web-nobody", "/theodoi");
    expect(none.replies[0].text).toContain("chưa gửi kiến nghị");
  });

  it("tells the author about status changes and answers, and stores their rating", async () => {
    const user = "web-notify";
    await app.chat(user, `/kiennghi ${CONTENT}`);
    const { proposal } = await app.chat(user, "đồng ý");
    await app.chat(user, "bỏ qua");
    await changeProposalStatus({ db: app.db, prompts: app.prompts, code: proposal.code, status: "in_progress", actor: "staff:test" });
    const status = await inbox(user);
    expect(status.map((m) => m.text)).toEqual([expect.stringContaining("đang được xử lý")]);

    await answerProposal({ db: app.db, prompts: app.prompts, code: proposal.code, answer: "Sở sẽ mở lớp vào tháng 3.", actor: "staff:test" });
    const [answer] = await inbox(user);
    expect(answer!.text).toContain("Sở sẽ mở lớp vào tháng 3.");
    expect(answer!.choices!.map((c) => c.id)).toEqual([`rate:${proposal.code}:up`, `rate:${proposal.code}:down`]);

    const rated = await app.chat(user, "1");
    expect(rated.kind).toBe("rating");
    const tracked = await app.chat(user, `/theodoi ${proposal.code}`);
    expect(tracked.replies[0].text).toContain("Sở sẽ mở lớp vào tháng 3.");
    const stored = await app.db.prisma.proposal.findUniqueOrThrow({ where: { code: proposal.code }, include: { events: true } });
    expect(stored.rating).toBe("helpful");
    expect(stored.events.map((e) => [e.toStatus, e.actor])).toEqual([
      ["received", "user"],
      ["in_progress", "staff:test"],
      ["answered", "staff:test"],
    ]);
  });

  it("offers to pass an unanswerable question to staff, and delivers the staff answer", async () => {
    const user = "web-escalate";
    const fallback = await app.chat(user, "giá vàng hôm nay bao nhiêu");
    expect(fallback.kind).toBe("fallback");
    expect(fallback.replies[0].choices).toEqual([{ id: "escalate", label: expect.any(String) }]);
    const escalated = await app.chat(user, "1");
    expect(escalated.kind).toBe("escalated");
    expect(escalated.proposal.code).toMatch(/^CH-\d{4}-\d{5}$/);
    const item = await app.db.prisma.proposal.findUniqueOrThrow({ where: { code: escalated.proposal.code } });
    expect(item).toMatchObject({ kind: "question", content: "giá vàng hôm nay bao nhiêu", status: "received" });

    await answerProposal({ db: app.db, prompts: app.prompts, code: item.code, answer: "Bot chỉ hỗ trợ pháp luật, việc làm, khởi nghiệp.", actor: "staff:test" });
    const [answer] = await inbox(user);
    expect(answer!.text).toContain("Bot chỉ hỗ trợ pháp luật");
  });

  it("takes a question for staff with /lienhe", async () => {
    const asked = await app.chat("web-lienhe", "/lienhe");
    expect(asked.replies[0].text).toContain("câu hỏi");
    const sent = await app.chat("web-lienhe", "Xã em có lớp tiếng Anh miễn phí cho thanh niên không?");
    expect(sent.kind).toBe("escalated");
  });

  it("lets an intake expire after 24 hours", async () => {
    const user = "web-late";
    await app.chat(user, `/kiennghi ${CONTENT}`);
    const identity = await app.db.prisma.channelIdentity.findFirstOrThrow({ where: { externalId: app.web(user).webId } });
    await app.db.prisma.conversationState.update({ where: { identityId: identity.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const late = await app.chat(user, "đồng ý");
    expect(late.kind).not.toBe("proposal_created");
  });

  it("switches language with /lang", async () => {
    const en = await app.chat("web-en", "/lang en");
    expect(en.replies[0].text).toBe("Switched to English.");
    const menu = await app.chat("web-en", "/start");
    expect(menu.replies[0].text).toContain("Hello");
    const bad = await app.chat("web-en", "/lang fr");
    expect(bad.replies[0].text).toContain("/lang vi");
  });

  it("deletes the person's data after confirmation, keeping proposals anonymised", async () => {
    const user = "web-forget";
    await app.chat(user, `/kiennghi ${CONTENT}`);
    const { proposal } = await app.chat(user, "đồng ý");
    await app.chat(user, "lan@example.com");
    const confirm = await app.chat(user, "/xoadulieu");
    expect(confirm.replies[0].choices.map((c: { id: string }) => c.id)).toEqual(["delete:yes", "delete:no"]);
    const done = await app.chat(user, "1");
    expect(done.kind).toBe("delete_data");
    expect(done.replies[0].text).toMatch(/Đã xóa dữ liệu của bạn: \d+ tin nhắn, 1 thông tin liên hệ/);
    expect(await app.db.prisma.channelIdentity.count({ where: { externalId: app.web(user).webId } })).toBe(0);
    const kept = await app.db.prisma.proposal.findUniqueOrThrow({ where: { code: proposal.code } });
    expect(kept).toMatchObject({ userId: null, contact: null, chatId: null, content: CONTENT });
    expect(kept.anonymisedAt).toBeInstanceOf(Date);

    const keep = await app.chat("web-keep", "/xoadulieu").then(() => app.chat("web-keep", "Giữ lại"));
    expect(keep.replies[0].text).toContain("giữ nguyên");
  });
});

describe("a restart in the middle of an intake", () => {
  it("continues where it was", async () => {
    const dir = tempDir();
    const first = await runApp({ dataDir: dir.path });
    await first.chat("web-restart", `/kiennghi ${CONTENT}`);
    await first.stop({ keepData: true });
    const second = await runApp({ dataDir: dir.path, webSessions: first.webSessions });
    try {
      const created = await second.chat("web-restart", "đồng ý");
      expect(created.kind).toBe("proposal_created");
    } finally {
      await second.stop();
    }
  });
});
