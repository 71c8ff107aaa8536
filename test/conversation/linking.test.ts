// One person across channels, as young people use it: /lienket on Telegram gives a code, typed on
// Zalo (or the web chat) it joins both chats into one person: /theodoi on either lists the
// proposals sent from both, /dulieucuatoi lists both channels, a dialogue vote counts once per
// question, /xoadulieu warns and erases both, /huylienket splits the chat off again. A code works
// once, for 10 minutes, is kept only as a hash, and 5 wrong codes in an hour make the chat wait.
// The chat that types a code is first told whose account it joins and what they will see, and
// only "đồng ý" links: someone tricked into typing another person's code says "không" and keeps
// their data to themselves.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixedClock } from "../../src/clock.ts";
import type { Channel } from "../../src/conversation/messages.ts";
import { approvePublicText } from "../../src/dialogue/approve-public-text.ts";
import { castVote } from "../../src/dialogue/cast-vote.ts";
import { findRoundBySlug } from "../../src/dialogue/find-rounds.ts";
import { openRound } from "../../src/dialogue/open-round.ts";
import { createProposal } from "../../src/proposals/create-proposal.ts";
import type { StaffActor } from "../../src/staff/staff-scope.ts";
import { runApp, type RunningApp } from "../support/app.ts";

const CODE = /\b([A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4})\b/;

describe("linking channels", () => {
  let app: RunningApp;
  const clock = fixedClock("2027-04-06T03:00:00Z");
  let n = 0;
  beforeAll(async () => {
    app = await runApp({ clock });
  });
  afterAll(async () => {
    await app.stop();
  });

  /** One message from `who` on a chat platform, answered in the return value. */
  const say = async (channel: Channel, who: string, text: string, choice?: string) => {
    const result = await app.conversation.handle({ channel, chatId: who, userId: who, text, messageId: `m${++n}`, date: clock.now(), ...(choice ? { choice } : {}) });
    return { ...result!, text: result!.replies.map((r) => r.text).join("\n\n") };
  };
  const personOf = async (channel: string, who: string) =>
    (await app.db.prisma.channelIdentity.findUniqueOrThrow({ where: { channel_externalId: { channel, externalId: who } } })).userId;
  const codeFrom = (text: string) => CODE.exec(text)![1]!;
  /** Types the code in the other chat and agrees to link; returns the final reply. */
  const link = async (channel: Channel, who: string, code: string) => {
    const asked = await say(channel, who, `/lienket ${code}`);
    expect(asked.text).toContain("Gõ 'đồng ý' để liên kết");
    return say(channel, who, "đồng ý");
  };
  /** A proposal sent and confirmed; returns its code. */
  const propose = async (channel: Channel, who: string, content: string) => {
    await say(channel, who, `/kiennghi ${content}`);
    const done = await say(channel, who, "đồng ý");
    await say(channel, who, "bỏ qua");
    return done.proposal!.code;
  };

  it("joins Telegram and Zalo into one person: tracking, /dulieucuatoi and the stop switch are shared; the code is kept only hashed", async () => {
    const fromTelegram = await propose("telegram", "tg-an", "Đề nghị mở thêm lớp tiếng Anh miễn phí cho thanh niên ở phường");
    const fromZalo = await propose("zalo", "zl-an", "Đề nghị lắp thêm đèn chiếu sáng ở sân bóng của thanh niên");
    expect(await personOf("telegram", "tg-an")).not.toBe(await personOf("zalo", "zl-an"));

    const asked = await say("telegram", "tg-an", "/lienket");
    expect(asked.text).toContain("/lienket");
    expect(asked.text).toContain("10 phút");
    expect(asked.text).toContain("Chỉ gõ mã này trong ứng dụng của chính bạn");
    const code = codeFrom(asked.text);
    // Typing the code only asks: nothing is joined until this chat agrees.
    const confirm = await say("zalo", "zl-an", `/lienket ${code}`);
    expect(confirm.text).toContain("Chat này sẽ được gộp với một tài khoản trên Telegram");
    expect(confirm.text).toContain("xem được kiến nghị và thông tin liên hệ của bạn");
    expect(confirm.text).toContain("Chỉ gõ mã do chính bạn tạo");
    expect(await personOf("zalo", "zl-an")).not.toBe(await personOf("telegram", "tg-an"));
    const linked = await say("zalo", "zl-an", "đồng ý");
    expect(linked.text).toContain("✅ Đã liên kết");
    expect(linked.text).toMatch(/Telegram, Zalo/);
    expect(await personOf("zalo", "zl-an")).toBe(await personOf("telegram", "tg-an"));

    for (const [channel, who] of [["telegram", "tg-an"], ["zalo", "zl-an"]] as const) {
      const list = await say(channel, who, "/theodoi");
      expect(list.text).toContain(fromTelegram);
      expect(list.text).toContain(fromZalo);
      expect((await say(channel, who, `/theodoi ${channel === "telegram" ? fromZalo : fromTelegram}`)).text).toContain("Trạng thái");
    }
    const mine = await say("telegram", "tg-an", "/dulieucuatoi");
    expect(mine.text).toMatch(/Kênh trò chuyện: .*Telegram.*Zalo/);
    // STOP said on Zalo stops the notices of the person, whichever chat they are reached in.
    await say("zalo", "zl-an", "STOP");
    expect((await app.db.prisma.chatUser.findUniqueOrThrow({ where: { id: await personOf("telegram", "tg-an") } })).noticesStoppedAt).not.toBeNull();

    // Only the hash is stored; the message log keeps neither the code shown nor the code typed.
    const stored = await app.db.prisma.linkCode.findMany();
    expect(stored.some((c) => c.codeHash.includes(code.replace("-", "")))).toBe(false);
    const logged = await app.db.prisma.message.findMany({ where: { text: { contains: code } } });
    expect(logged).toEqual([]);
  });

  it("takes the code as the next message after /lienket, once; a second use, an expired code and the same chat are refused clearly", async () => {
    const code = codeFrom((await say("telegram", "tg-binh", "/lienket")).text);
    expect((await say("telegram", "tg-binh", code)).text).toContain("được tạo ngay tại đây");
    await say("zalo", "zl-binh", "/lienket");
    expect((await say("zalo", "zl-binh", code.toLowerCase().replace("-", " "))).text).toContain("Chat này sẽ được gộp");
    const linked = await say("zalo", "zl-binh", "đồng ý");
    expect(linked.text).toContain("✅ Đã liên kết");
    expect(await personOf("zalo", "zl-binh")).toBe(await personOf("telegram", "tg-binh"));

    const again = await say("zalo", "zl-chi", `/lienket ${code}`);
    expect(again.text).toContain("đã được dùng rồi");
    expect(await personOf("zalo", "zl-chi")).not.toBe(await personOf("telegram", "tg-binh"));

    const late = codeFrom((await say("telegram", "tg-chi", "/lienket")).text);
    clock.advance(11 * 60_000);
    const expired = await say("zalo", "zl-chi", `/lienket ${late}`);
    expect(expired.text).toContain("đã hết hạn");
    expect(await personOf("zalo", "zl-chi")).not.toBe(await personOf("telegram", "tg-chi"));
  });

  it("makes a chat wait after 5 wrong codes in an hour, even for the right code, and lets it in after the hour", async () => {
    for (let i = 1; i <= 5; i++) {
      const wrong = await say("zalo", "zl-dung", `/lienket ABCD-EFG${i + 1}`);
      expect(wrong.text).toContain("không đúng");
      expect(wrong.text).toContain(`Còn ${5 - i} lần thử`);
    }
    const right = codeFrom((await say("telegram", "tg-dung", "/lienket")).text);
    const waiting = await say("zalo", "zl-dung", `/lienket ${right}`);
    expect(waiting.text).toContain("sai mã liên kết 5 lần trong một giờ");
    expect(waiting.text).toMatch(/đợi khoảng \d+ phút/);
    expect(await personOf("zalo", "zl-dung")).not.toBe(await personOf("telegram", "tg-dung"));

    clock.advance(61 * 60_000);
    const fresh = codeFrom((await say("telegram", "tg-dung", "/lienket")).text);
    expect((await link("zalo", "zl-dung", fresh)).text).toContain("✅ Đã liên kết");
  });

  it("counts a person's votes once per question after linking, however many channels voted", async () => {
    await app.db.prisma.dialogueRound.deleteMany();
    const coordinator: StaffActor = { id: "c1", email: "dieuphoi@tinhdoan.gov.vn", name: "Điều phối", role: "coordinator", departmentId: null };
    clock.set("2027-02-20T03:00:00Z");
    const { slug } = await openRound({
      db: app.db,
      actor: coordinator,
      input: { title: "Đối thoại với thanh niên 2027", kind: "dialogue", topics: "Việc làm", collectFrom: "2027-03-01", collectUntil: "2027-03-31", voteFrom: "2027-04-05", voteUntil: "2027-04-15", meetingAt: "2027-05-20T08:00", answersDue: "2027-06-20" },
      now: clock.now(),
    });
    const round = (await findRoundBySlug(app.db, slug))!;
    const dept = await app.db.prisma.department.findFirstOrThrow({ where: { isCoordinator: true } });
    const author = await app.db.prisma.chatUser.create({ data: {} });
    const questions: string[] = [];
    for (const i of [1, 2]) {
      const created = await app.db.prisma.$transaction((tx) =>
        createProposal(tx, { kind: "proposal", userId: author.id, channel: "web", chatId: "x", content: `Câu hỏi số ${i} về việc làm cho thanh niên`, topic: null, departmentId: dept.id, roundId: round.id, now: new Date("2027-03-10T03:00:00Z") }),
      );
      await approvePublicText({ db: app.db, actor: coordinator, slug, code: created.code, input: { summary: `Tóm tắt câu hỏi số ${i}` }, now: clock.now(), texts: { prompts: app.prompts } });
      questions.push(created.id);
    }
    clock.set("2027-04-06T03:00:00Z");
    await say("telegram", "tg-em", "xin chào");
    await say("zalo", "zl-em", "xin chào");
    const vote = async (channel: Channel, who: string, q: string) => {
      const userId = await personOf(channel, who);
      return app.db.prisma.$transaction((tx) => castVote(tx, { proposalId: q, userId, now: clock.now(), source: { channel }, provider: app.db.provider }));
    };
    // Before linking, the two chats are two people: both vote for question 1, Zalo also for question 2.
    expect((await vote("telegram", "tg-em", questions[0]!)).outcome).toBe("voted");
    expect((await vote("zalo", "zl-em", questions[0]!)).outcome).toBe("voted");
    expect((await vote("zalo", "zl-em", questions[1]!)).outcome).toBe("voted");
    expect(await app.db.prisma.roundVote.count({ where: { proposalId: questions[0]! } })).toBe(2);

    await link("zalo", "zl-em", codeFrom((await say("telegram", "tg-em", "/lienket")).text));
    expect(await app.db.prisma.roundVote.count({ where: { proposalId: questions[0]! } })).toBe(1);
    expect(await app.db.prisma.roundVote.count({ where: { proposalId: questions[1]! } })).toBe(1);
    expect((await vote("telegram", "tg-em", questions[1]!)).outcome).toBe("already");
    expect((await vote("zalo", "zl-em", questions[0]!)).outcome).toBe("already");
  });

  it("keeps a subscription made on one chat when the person links another chat to it", async () => {
    await say("telegram", "tg-sub", "/dangky");
    await say("telegram", "tg-sub", "1 3");
    await say("telegram", "tg-sub", "Cả tỉnh");
    await say("telegram", "tg-sub", "1");
    await say("telegram", "tg-sub", "Đồng ý");
    const subscriber = await personOf("telegram", "tg-sub");
    expect(await app.db.prisma.subscription.count({ where: { userId: subscriber } })).toBe(1);
    // The Zalo chat asks for the code, so its person is the one kept and the Telegram one is absorbed.
    const code = codeFrom((await say("zalo", "zl-sub", "/lienket")).text);
    expect((await link("telegram", "tg-sub", code)).text).toContain("✅ Đã liên kết");
    const person = await personOf("zalo", "zl-sub");
    expect(await personOf("telegram", "tg-sub")).toBe(person);
    const moved = await app.db.prisma.subscription.findUniqueOrThrow({ where: { userId: person } });
    expect(moved.cadence).toBe("immediate");
    expect((await say("zalo", "zl-sub", "/dulieucuatoi")).text).toMatch(/đăng ký nhận tin|Đăng ký nhận tin/i);
  });

  it("unlinks the chat /huylienket is typed in: its own proposals go with it, the rest stays", async () => {
    const fromTelegram = await propose("telegram", "tg-giang", "Đề nghị tổ chức hội chợ việc làm cho sinh viên mới ra trường");
    const fromZalo = await propose("zalo", "zl-giang", "Đề nghị mở thư viện đọc sách miễn phí cho thanh niên trong xã");
    await link("zalo", "zl-giang", codeFrom((await say("telegram", "tg-giang", "/lienket")).text));
    const unlinked = await say("zalo", "zl-giang", "/huylienket");
    expect(unlinked.text).toContain("Đã bỏ liên kết");
    expect(unlinked.text).toContain("Telegram");
    expect(await personOf("zalo", "zl-giang")).not.toBe(await personOf("telegram", "tg-giang"));
    const zaloList = (await say("zalo", "zl-giang", "/theodoi")).text;
    expect(zaloList).toContain(fromZalo);
    expect(zaloList).not.toContain(fromTelegram);
    const telegramList = (await say("telegram", "tg-giang", "/theodoi")).text;
    expect(telegramList).toContain(fromTelegram);
    expect(telegramList).not.toContain(fromZalo);
    expect((await say("zalo", "zl-giang", "/huylienket")).text).toContain("chưa liên kết");
  });

  it("erases every linked channel on /xoadulieu, and says so before the person confirms", async () => {
    await propose("telegram", "tg-ha", "Đề nghị có thêm sân chơi thể thao cho thanh niên ở phường");
    await say("web", "web-ha", "xin chào");
    await link("web", "web-ha", codeFrom((await say("telegram", "tg-ha", "/lienket")).text));
    const person = await personOf("telegram", "tg-ha");
    expect(await personOf("web", "web-ha")).toBe(person);

    const ask = await say("web", "web-ha", "/xoadulieu");
    expect(ask.text).toContain("đang liên kết với");
    expect(ask.text).toContain("Telegram");
    const done = await say("web", "web-ha", "", "delete:yes");
    expect(done.text).toContain("Đã xóa dữ liệu");
    expect(await app.db.prisma.chatUser.findUnique({ where: { id: person } })).toBeNull();
    expect(await app.db.prisma.channelIdentity.count({ where: { externalId: { in: ["tg-ha", "web-ha"] } } })).toBe(0);
    expect(await app.db.prisma.proposal.count({ where: { userId: person } })).toBe(0);
  });

  it("links nothing when the chat typing a code says 'không': a person tricked into typing someone's code keeps their proposals", async () => {
    const victimProposal = await propose("zalo", "zl-nạn", "Đề nghị hỗ trợ tiền học nghề cho thanh niên hoàn cảnh khó khăn");
    // "gõ /lienket … để nhận quà": the code belongs to someone else's Telegram.
    const lure = codeFrom((await say("telegram", "tg-lừa", "/lienket")).text);
    const asked = await say("zalo", "zl-nạn", `/lienket ${lure}`);
    expect(asked.text).toContain("Chat này sẽ được gộp với một tài khoản trên Telegram");
    expect(asked.text).toContain("Chỉ gõ mã do chính bạn tạo");
    const refused = await say("zalo", "zl-nạn", "không");
    expect(refused.text).toContain("Chưa liên kết");
    expect(refused.text).not.toContain("✅ Đã liên kết");
    expect(await personOf("zalo", "zl-nạn")).not.toBe(await personOf("telegram", "tg-lừa"));
    expect((await say("telegram", "tg-lừa", `/theodoi ${victimProposal}`)).text).not.toContain("Trạng thái");
    expect((await say("telegram", "tg-lừa", "/theodoi")).text).not.toContain(victimProposal);
    // "đồng ý" after the refusal is no longer an answer to anything: still nothing linked.
    expect((await say("zalo", "zl-nạn", "đồng ý")).text).not.toContain("✅ Đã liên kết");
    expect(await personOf("zalo", "zl-nạn")).not.toBe(await personOf("telegram", "tg-lừa"));
  });

  it("lets the question lapse with the code: 'đồng ý' after 10 minutes links nothing", async () => {
    const code = codeFrom((await say("telegram", "tg-khanh", "/lienket")).text);
    expect((await say("zalo", "zl-khanh", `/lienket ${code}`)).text).toContain("Chat này sẽ được gộp");
    clock.advance(11 * 60_000);
    const late = await say("zalo", "zl-khanh", "đồng ý");
    expect(late.text).toContain("không còn dùng được");
    expect(await personOf("zalo", "zl-khanh")).not.toBe(await personOf("telegram", "tg-khanh"));
  });

  it("keeps the question asked across a restart, and links on 'đồng ý' typed after it", async () => {
    const code = codeFrom((await say("telegram", "tg-lan", "/lienket")).text);
    expect((await say("zalo", "zl-lan", `/lienket ${code}`)).text).toContain("Chat này sẽ được gộp");
    await app.stop({ keepData: true });
    app = await runApp({ clock, dataDir: app.dataDir });
    expect((await say("zalo", "zl-lan", "đồng ý")).text).toContain("✅ Đã liên kết");
    expect(await personOf("zalo", "zl-lan")).toBe(await personOf("telegram", "tg-lan"));
  });
});
