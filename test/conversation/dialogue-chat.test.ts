// A young person meets a dialogue round in the web chat: asks when the conference is (no plan yet,
// then the plan), sends a question for it through the ordinary intake (it becomes a proposal of the
// round), and during voting picks questions from the numbered list, by button or by number, and is
// told how many votes are left. A question confirmed after collection closed is an ordinary one.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixedClock } from "../../src/clock.ts";
import { approvePublicText } from "../../src/dialogue/approve-public-text.ts";
import { openRound } from "../../src/dialogue/open-round.ts";
import { Prompts } from "../../src/prompts.ts";
import type { StaffActor } from "../../src/staff/staff-scope.ts";
import { runApp, type RunningApp } from "../support/app.ts";

const coordinator: StaffActor = { id: "c1", email: "dieuphoi@tinhdoan.gov.vn", name: "Điều phối", role: "coordinator", departmentId: null };
const PLAN = {
  title: "Đối thoại giữa Chủ tịch UBND tỉnh với thanh niên 2027",
  kind: "dialogue",
  collectFrom: "2027-03-01",
  collectUntil: "2027-03-31",
  voteFrom: "2027-04-05",
  voteUntil: "2027-04-15",
  meetingAt: "2027-05-20T08:00",
  answersDue: "2027-06-20",
};
const QUESTION = "Tỉnh có chính sách gì hỗ trợ thanh niên nông thôn vay vốn học nghề không ạ?";

describe("dialogue rounds in chat", () => {
  let app: RunningApp;
  const clock = fixedClock("2027-02-10T03:00:00Z");
  beforeAll(async () => {
    app = await runApp({ clock });
  });
  afterAll(async () => {
    await app.stop();
  });

  it("says there is no plan yet, then tells the plan once a round is opened", async () => {
    const none = await app.chat("web-hoi-lich", "hội nghị đối thoại năm nay khi nào");
    expect(none.kind).toBe("dialogue");
    expect(none.replies[0].text).toContain("chưa có lịch");
    expect(none.replies[0].text).toContain("/doi-thoai");

    await openRound({ db: app.db, actor: coordinator, input: PLAN, now: clock.now() });
    const plan = await app.chat("web-hoi-lich", "hoi nghi doi thoai nam nay khi nao vay ad");
    expect(plan.replies[0].text).toContain(PLAN.title);
    expect(plan.replies[0].text).toContain("01/03/2027 – 31/03/2027");
    expect(plan.replies[0].text).toContain("08:00 20/05/2027");
    expect(plan.replies[0].text).toContain("/doi-thoai/doi-thoai-giua-chu-tich-ubnd-tinh-voi-thanh-nien-2027");
  });

  it("takes a question for the round while it collects, and it becomes a proposal of the round", async () => {
    clock.set("2027-03-10T03:00:00Z");
    const ask = await app.chat("web-an", "gửi câu hỏi cho hội nghị đối thoại");
    expect(ask.replies[0].text).toContain(PLAN.title);
    const confirm = await app.chat("web-an", QUESTION);
    expect(confirm.replies[0].choices.map((c: { id: string }) => c.id)).toEqual(["confirm:yes", "confirm:edit", "confirm:no"]);
    const created = await app.chat("web-an", "đồng ý");
    expect(created.kind).toBe("proposal_created");
    expect(created.replies[0].text).toContain(`đã được ghi vào “${PLAN.title}”`);
    const stored = await app.db.prisma.proposal.findUniqueOrThrow({ where: { code: created.proposal.code }, include: { round: true } });
    expect(stored.round?.title).toBe(PLAN.title);
    expect(stored.content).toBe(QUESTION);
  });

  it("makes a question confirmed after collection closed an ordinary proposal, and says so", async () => {
    clock.set("2027-03-31T10:00:00Z");
    await app.chat("web-tre", "câu hỏi đối thoại: " + QUESTION);
    clock.set("2027-04-01T03:00:00Z");
    const created = await app.chat("web-tre", "đồng ý");
    expect(created.kind).toBe("proposal_created");
    expect(created.replies[0].text).toContain("đã hết hạn nhận câu hỏi");
    expect((await app.db.prisma.proposal.findUniqueOrThrow({ where: { code: created.proposal.code } })).roundId).toBeNull();
  });

  it("lists the approved summaries while voting; a button or a number casts a vote; three at most", async () => {
    const round = await app.db.prisma.dialogueRound.findFirstOrThrow();
    const items = await app.db.prisma.proposal.findMany({ where: { roundId: round.id } });
    const user = await app.db.prisma.chatUser.findFirstOrThrow();
    // Three more questions, so there are four to choose from.
    for (let i = 0; i < 3; i++) {
      await app.db.prisma.proposal.create({
        data: { code: `KN-2027-0090${i}`, channel: "web", content: `Câu hỏi thêm ${i}`, departmentId: items[0]!.departmentId, dueAt: new Date("2027-04-30"), roundId: round.id, userId: user.id, createdAt: new Date(`2027-03-2${i}T03:00:00Z`) },
      });
    }
    const codes = [items[0]!.code, "KN-2027-00900", "KN-2027-00901", "KN-2027-00902"];
    for (const [i, code] of codes.entries()) {
      await approvePublicText({ db: app.db, actor: coordinator, slug: round.slug, code, input: { summary: `Hỗ trợ vay vốn học nghề, câu ${i + 1}` }, now: clock.now(), texts: { prompts: Prompts.load() } });
    }
    clock.set("2027-04-03T03:00:00Z");
    expect((await app.chat("web-binh", "bình chọn")).replies[0].text).toContain("không có hội nghị đối thoại nào đang bình chọn");

    clock.set("2027-04-10T03:00:00Z");
    const list = await app.chat("web-binh", "bình chọn");
    expect(list.kind).toBe("dialogue");
    expect(list.replies[0].text).toContain("Bạn còn 3 phiếu");
    expect(list.replies[0].text).toContain("1. Hỗ trợ vay vốn học nghề, câu 1 (0 phiếu)");
    expect(list.replies[0].text).not.toContain(QUESTION); // only the approved summary, never the sender's words
    expect(list.replies[0].choices).toHaveLength(4);

    const first = await app.chat("web-binh", "", { choice: list.replies[0].choices[1].id });
    expect(first.replies[0].text).toContain("Bạn còn 2 phiếu");
    expect(first.replies[1].choices).toHaveLength(3); // the one voted for is no longer offered
    const byNumber = await app.chat("web-binh", "1");
    expect(byNumber.replies[0].text).toContain("Bạn còn 1 phiếu");
    // The first list's button for a question already voted for is no longer on the list just sent:
    // not a vote; the current list comes back to choose from.
    const again = await app.chat("web-binh", "", { choice: list.replies[0].choices[1].id });
    expect(again.replies[0].text).toContain("không nằm trong danh sách bình chọn");
    expect(again.replies[1].text).toContain("Bạn còn 1 phiếu");
    expect(again.replies[1].choices.map((c: { id: string }) => c.id)).not.toContain(list.replies[0].choices[1].id);
    const third = await app.chat("web-binh", "", { choice: list.replies[0].choices[3].id });
    expect(third.replies[0].text).toContain("dùng hết 3 phiếu");
    expect(third.replies).toHaveLength(1); // nothing left to choose from
    const fourth = await app.chat("web-binh", "", { choice: list.replies[0].choices[2].id });
    expect(fourth.replies[0].text).toContain("không được tính");
    expect(await app.db.prisma.roundVote.count()).toBe(3);
    expect(await app.db.prisma.roundVote.count({ where: { channel: "web" } })).toBe(3);
  });

  it("counts no vote a script posts without being shown the list, nor one from a web session minutes old", async () => {
    const round = await app.db.prisma.dialogueRound.findFirstOrThrow();
    const [question] = await app.db.prisma.proposal.findMany({ where: { roundId: round.id, publicApproved: true }, orderBy: { code: "asc" } });
    const before = await app.db.prisma.roundVote.count();
    // A fresh session (no cookie) posting a vote straight away: the list, no vote.
    const forged = await app.chat("web-script", "", { choice: `vote:${question!.id}` });
    expect(forged.replies[0].text).toContain("không nằm trong danh sách bình chọn");
    expect(await app.db.prisma.roundVote.count()).toBe(before);

    // The same session pressing a button of the list it was just sent, a minute later: too soon.
    clock.set(new Date(clock.now().getTime() + 60_000));
    const pressed = forged.replies[1].choices[0].id;
    const soon = await app.chat("web-script", "", { choice: pressed });
    expect(soon.replies[0].text).toContain("đã bắt đầu từ 5 phút trước");
    expect(await app.db.prisma.roundVote.count()).toBe(before);

    // Five minutes after its first message, the same button counts.
    clock.set(new Date(clock.now().getTime() + 4 * 60_000));
    const counted = await app.chat("web-script", "", { choice: pressed });
    expect(counted.replies[0].text).toContain("Bạn còn 2 phiếu");
    expect(await app.db.prisma.roundVote.count()).toBe(before + 1);
  });
});
