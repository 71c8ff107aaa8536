// Everyone who sent or voted for a round question hears, in their own chat and language, when it is
// put on the agenda and when its public answer is approved: one notice per person, question and
// kind, however often the coordinator acts again; nothing for someone who said STOP; and nothing at
// all when the change that would cause the notice is rolled back.
import { afterEach, describe, expect, it } from "vitest";
import { fixedClock } from "../../src/clock.ts";
import { setNoticesStopped } from "../../src/db/chat-users.ts";
import { approvePublicText } from "../../src/dialogue/approve-public-text.ts";
import { castVote } from "../../src/dialogue/cast-vote.ts";
import { openRound } from "../../src/dialogue/open-round.ts";
import { putOnAgenda } from "../../src/dialogue/put-on-agenda.ts";
import { mergeProposals } from "../../src/proposals/merge-proposals.ts";
import { answerProposal } from "../../src/proposals/change-proposal-status.ts";
import { createProposal } from "../../src/proposals/create-proposal.ts";
import { seedDepartments } from "../../src/proposals/seed-departments.ts";
import { Prompts } from "../../src/prompts.ts";
import type { StaffActor } from "../../src/staff/staff-scope.ts";
import { freshDatabaseEachTest } from "../support/database.ts";

const coordinator: StaffActor = { id: "c1", email: "dieuphoi@tinhdoan.gov.vn", name: "Điều phối", role: "coordinator", departmentId: null };
const prompts = Prompts.load();
const texts = { prompts, publicBaseUrl: "https://tro-ly.example.vn" };
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
const SUMMARY = "Tỉnh có hỗ trợ thanh niên nông thôn vay vốn học nghề không?";
const PUBLIC_ANSWER = "Thanh niên nông thôn được vay vốn học nghề qua Ngân hàng Chính sách xã hội của tỉnh.";

describe("notices to the senders and voters of a round question", () => {
  const fresh = freshDatabaseEachTest("sqlite");
  const clock = fixedClock("2027-02-20T03:00:00Z");
  afterEach(async () => {
    await fresh.db.prisma.$executeRawUnsafe(`DROP TRIGGER IF EXISTS audit_down`);
  });

  /** A person with one chat on `channel`. */
  async function person(name: string, channel: "telegram" | "zalo" | "web", locale = "vi") {
    const user = await fresh.db.prisma.chatUser.create({ data: { locale } });
    await fresh.db.prisma.channelIdentity.create({ data: { userId: user.id, channel, externalId: `ext-${name}`, chatId: `chat-${name}` } });
    return user.id;
  }

  async function ask(userId: string, channel: string, content: string, roundId: string, departmentId: string) {
    return fresh.db.prisma.$transaction((tx) =>
      createProposal(tx, { kind: "proposal", userId, channel, chatId: "x", content, topic: null, departmentId, roundId, now: new Date("2027-03-10T03:00:00Z") }),
    );
  }

  /** A round with one question by `author`, a duplicate merged into it by `twin`, and votes by `voters`. */
  async function roundQuestion() {
    await seedDepartments(fresh.db);
    const { slug, id: roundId } = await openRound({ db: fresh.db, actor: coordinator, input: PLAN, now: clock.now() });
    const coord = await fresh.db.prisma.department.findFirstOrThrow({ where: { isCoordinator: true } });
    const labour = await fresh.db.prisma.department.findFirstOrThrow({ where: { isCoordinator: false } });
    const people = {
      author: await person("an", "telegram"),
      twin: await person("binh", "web"),
      voterEn: await person("chi", "zalo", "en"),
      stopped: await person("dung", "telegram"),
      bystander: await person("em", "zalo"),
    };
    const question = await ask(people.author, "telegram", "Em ở xã Vĩnh Hòa, muốn hỏi tỉnh có cho vay vốn học nghề không ạ", roundId, coord.id);
    const duplicate = await ask(people.twin, "web", "Cho vay vốn học nghề cho thanh niên nông thôn có không?", roundId, coord.id);
    const other = await ask(people.bystander, "zalo", "Xã em cần thêm sân bóng cho thanh niên", roundId, coord.id);
    await mergeProposals({ db: fresh.db, actor: coordinator, code: duplicate.code, intoCode: question.code, historyNote: "trùng" });
    for (const code of [question.code, other.code]) {
      await approvePublicText({ db: fresh.db, actor: coordinator, slug, code, input: { summary: code === question.code ? SUMMARY : "Xây thêm sân bóng cho thanh niên ở xã" }, now: clock.now(), texts });
    }
    const voting = new Date("2027-04-10T03:00:00Z");
    for (const voter of [people.voterEn, people.stopped, people.author]) {
      const vote = await fresh.db.prisma.$transaction((tx) => castVote(tx, { proposalId: question.id, userId: voter, now: voting, source: { channel: "telegram" }, provider: fresh.db.provider }));
      expect(vote.outcome).toBe("voted");
    }
    await fresh.db.prisma.$transaction((tx) => castVote(tx, { proposalId: other.id, userId: people.bystander, now: voting, source: { channel: "zalo" }, provider: fresh.db.provider }));
    await setNoticesStopped(fresh.db.prisma, people.stopped, voting);
    return { slug, people, question, other, labour };
  }

  const outbox = () => fresh.db.prisma.outboxMessage.findMany({ orderBy: { id: "asc" } });
  const textOf = (row: { payload: string }) => (JSON.parse(row.payload) as { text: string }).text;

  it("tells the sender, the merged duplicate's sender and the voters once each on the agenda, in their language, and not who said STOP", async () => {
    const { slug, people, question, labour } = await roundQuestion();
    const now = new Date("2027-04-20T03:00:00Z");
    const before = (await outbox()).length;
    const { notified } = await putOnAgenda({ db: fresh.db, actor: coordinator, slug, code: question.code, input: { departmentId: labour.id, dueAt: "2027-06-10" }, now, texts });
    expect(notified).toBe(3);
    const sent = (await outbox()).slice(before);
    expect(sent.map((m) => m.chatId).sort()).toEqual(["chat-an", "chat-binh", "chat-chi"]);
    const byChat = new Map(sent.map((m) => [m.chatId, m]));
    expect(byChat.get("chat-an")!.channel).toBe("telegram");
    expect(byChat.get("chat-binh")!.channel).toBe("web");
    expect(byChat.get("chat-chi")!.channel).toBe("zalo");
    const vi = textOf(byChat.get("chat-an")!);
    expect(vi).toContain(`“${SUMMARY}”`);
    expect(vi).toContain(`đã được chọn vào chương trình “${PLAN.title}”`);
    expect(vi).toContain(labour.name);
    expect(vi).toContain("08:00 20/05/2027");
    expect(vi).toContain("https://tro-ly.example.vn/doi-thoai/doi-thoai-giua-chu-tich-ubnd-tinh-voi-thanh-nien-2027");
    expect(vi).toContain("/huydangky");
    expect(vi).not.toContain("Vĩnh Hòa"); // the sender's own words stay private, even to the sender's duplicates
    expect(textOf(byChat.get("chat-chi")!)).toContain("has been put on the agenda");
    expect(sent.some((m) => m.chatId === "chat-dung")).toBe(false);
    expect(sent.some((m) => m.chatId === "chat-em")).toBe(false);
    expect(await fresh.db.prisma.roundNotice.count({ where: { kind: "agenda" } })).toBe(3);
    expect(await fresh.db.prisma.roundNotice.count({ where: { userId: { in: [people.stopped, people.bystander] } } })).toBe(0);

    // Moving the question to another department (or saving the form again) tells nobody again.
    const coord = await fresh.db.prisma.department.findFirstOrThrow({ where: { isCoordinator: true } });
    const again = await putOnAgenda({ db: fresh.db, actor: coordinator, slug, code: question.code, input: { departmentId: coord.id }, now, texts });
    expect(again.notified).toBe(0);
    expect((await outbox()).length).toBe(before + 3);
  });

  it("tells them once when the public answer is approved; a second approval sends nothing new", async () => {
    const { slug, question, labour } = await roundQuestion();
    const now = new Date("2027-04-20T03:00:00Z");
    await putOnAgenda({ db: fresh.db, actor: coordinator, slug, code: question.code, input: { departmentId: labour.id, dueAt: "2027-06-10" }, now, texts });
    await answerProposal({ db: fresh.db, prompts, code: question.code, answer: "Có, qua Ngân hàng Chính sách xã hội. Anh An liên hệ 0912 345 678.", actor: "canbo@so.gov.vn", now: new Date("2027-05-25T03:00:00Z") });
    // Approving the summary alone (no public answer yet) is not "answered".
    expect((await approvePublicText({ db: fresh.db, actor: coordinator, slug, code: question.code, input: { summary: SUMMARY }, now, texts })).notified).toBe(0);

    const before = (await outbox()).length;
    const approved = await approvePublicText({ db: fresh.db, actor: coordinator, slug, code: question.code, input: { summary: SUMMARY, answer: PUBLIC_ANSWER }, now: new Date("2027-05-26T03:00:00Z"), texts });
    expect(approved.notified).toBe(3);
    const sent = (await outbox()).slice(before);
    expect(sent.map((m) => m.chatId).sort()).toEqual(["chat-an", "chat-binh", "chat-chi"]);
    for (const m of sent) {
      expect(textOf(m)).toContain(PUBLIC_ANSWER);
      expect(textOf(m)).not.toContain("0912 345 678"); // only the approved public answer, never the department's own text
    }
    expect(textOf(sent.find((m) => m.chatId === "chat-an")!)).toContain(`đã có câu trả lời của ${labour.name}`);

    const second = await approvePublicText({ db: fresh.db, actor: coordinator, slug, code: question.code, input: { summary: SUMMARY, answer: `${PUBLIC_ANSWER} Chi tiết tại xã.` }, now: new Date("2027-05-27T03:00:00Z"), texts });
    expect(second.notified).toBe(0);
    expect((await outbox()).length).toBe(before + 3);
    expect(await fresh.db.prisma.roundNotice.count({ where: { kind: "answered" } })).toBe(3);
  });

  it("sends nothing and records nothing when the change is rolled back", async () => {
    const { slug, question, labour } = await roundQuestion();
    const before = (await outbox()).length;
    await fresh.db.prisma.$executeRawUnsafe(`CREATE TRIGGER audit_down BEFORE INSERT ON "AuditLog" BEGIN SELECT RAISE(ABORT, 'audit log unavailable'); END`);
    await expect(
      putOnAgenda({ db: fresh.db, actor: coordinator, slug, code: question.code, input: { departmentId: labour.id, dueAt: "2027-06-10" }, now: new Date("2027-04-20T03:00:00Z"), texts }),
    ).rejects.toThrow();
    expect((await outbox()).length).toBe(before);
    expect(await fresh.db.prisma.roundNotice.count()).toBe(0);
    expect((await fresh.db.prisma.proposal.findUniqueOrThrow({ where: { id: question.id } })).agenda).toBe(false);

    // Once the audit log is back, the same action tells everyone: nothing was marked as sent.
    await fresh.db.prisma.$executeRawUnsafe(`DROP TRIGGER audit_down`);
    const { notified } = await putOnAgenda({ db: fresh.db, actor: coordinator, slug, code: question.code, input: { departmentId: labour.id, dueAt: "2027-06-10" }, now: new Date("2027-04-20T03:00:00Z"), texts });
    expect(notified).toBe(3);
  });

  it("reaches someone who turned notices back on, and never someone whose chat blocked the bot", async () => {
    const { slug, people, question, labour } = await roundQuestion();
    await setNoticesStopped(fresh.db.prisma, people.stopped, null);
    await fresh.db.prisma.channelIdentity.updateMany({ where: { userId: people.voterEn }, data: { unreachable: true } });
    const before = (await outbox()).length;
    await putOnAgenda({ db: fresh.db, actor: coordinator, slug, code: question.code, input: { departmentId: labour.id, dueAt: "2027-06-10" }, now: new Date("2027-04-20T03:00:00Z"), texts });
    expect((await outbox()).slice(before).map((m) => m.chatId).sort()).toEqual(["chat-an", "chat-binh", "chat-dung"]);
  });
});
