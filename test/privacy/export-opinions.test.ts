// The right of access covers opinions too: a young person who voted for a dialogue question,
// answered a poll, was told of an opportunity and of their question reaching the agenda sees each
// counted in /dulieucuatoi, and finds each in the JSON download, with what it was about; a question
// someone else sent appears by its code and its approved public summary, never its author's words.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOpportunity } from "../../src/announcements/create-opportunity.ts";
import { pumpBroadcasts } from "../../src/announcements/pump-broadcasts.ts";
import { sendBroadcast } from "../../src/announcements/send-broadcast.ts";
import { fixedClock } from "../../src/clock.ts";
import { approvePublicText } from "../../src/dialogue/approve-public-text.ts";
import { openRound } from "../../src/dialogue/open-round.ts";
import { putOnAgenda } from "../../src/dialogue/put-on-agenda.ts";
import { createProposal } from "../../src/proposals/create-proposal.ts";
import type { StaffActor } from "../../src/staff/staff-scope.ts";
import { runApp, type RunningApp } from "../support/app.ts";

const coordinator: StaffActor = { id: "c1", email: "dieuphoi@tinhdoan.gov.vn", name: "Điều phối", role: "coordinator", departmentId: null };
const AUTHOR_WORDS = "Em ở xã Vĩnh Hòa, muốn hỏi tỉnh có cho vay vốn học nghề không ạ";
const SUMMARY = "Tỉnh có hỗ trợ thanh niên nông thôn vay vốn học nghề không?";
type Reply = { text: string; choices?: { id: string; label: string }[] };
const texts = (r: { replies: Reply[] }) => r.replies.map((x) => x.text).join("\n");

describe("votes, poll answers and notices in a person's data", () => {
  let app: RunningApp;
  const clock = fixedClock("2027-02-20T03:00:00Z"); // 10:00 in Vietnam: no quiet hours
  const notices = () => ({ prompts: app.prompts, publicBaseUrl: "https://tro-ly.example.vn" });
  beforeAll(async () => {
    app = await runApp({ clock });
  });
  afterAll(async () => {
    await app.stop();
  });

  it("counts each in /dulieucuatoi and lists each in the download", async () => {
    // A subscriber on the web chat.
    await app.chat("web-vy", "xin chào");
    await app.chat("web-vy", "/dangky");
    await app.chat("web-vy", "1");
    await app.chat("web-vy", "Cả tỉnh");
    await app.chat("web-vy", "1");
    expect(texts(await app.chat("web-vy", "Đồng ý"))).toContain("✅ Đã đăng ký");
    const identity = (await app.db.prisma.message.findMany({ orderBy: { id: "desc" }, take: 1, include: { identity: true } }))[0]!.identity;
    const userId = identity.userId;

    // Told of a job at once.
    await createOpportunity({
      db: app.db,
      actor: coordinator,
      input: { kind: "job", title: "Tuyển thợ hàn", organiser: "Trung tâm Dịch vụ việc làm", place: "Phường Rạch Giá", deadline: "2027-03-20" },
      topics: new Set(["viec-lam"]),
      now: clock.now(),
      notices: notices(),
    });
    // Sent a poll, and answers it.
    const poll = await sendBroadcast({
      db: app.db,
      actor: coordinator,
      input: { kind: "poll", text: "Bạn muốn Tỉnh đoàn mở lớp kỹ năng nào?", options: ["Tin học", "Ngoại ngữ", "Kỹ năng mềm"], segment: { channels: ["web"] } },
      now: clock.now(),
    });
    await pumpBroadcasts(app.db, { now: clock.now(), texts: notices(), window: { web: 100 } });
    const sent = await app.db.prisma.outboxMessage.findMany({ where: { chatId: identity.chatId }, orderBy: { id: "asc" } });
    const pollChoices = (JSON.parse(sent.at(-1)!.payload) as Reply).choices!;
    expect(texts(await app.chat("web-vy", "Ngoại ngữ", { choice: pollChoices[1]!.id }))).toContain("“Ngoại ngữ”");

    // Votes for someone else's dialogue question, which is then put on the agenda.
    const { slug, id: roundId } = await openRound({
      db: app.db,
      actor: coordinator,
      input: { title: "Đối thoại với thanh niên 2027", kind: "dialogue", topics: "Việc làm", collectFrom: "2027-03-01", collectUntil: "2027-03-31", voteFrom: "2027-04-05", voteUntil: "2027-04-15", meetingAt: "2027-05-20T08:00", answersDue: "2027-06-20" },
      now: clock.now(),
    });
    const coord = await app.db.prisma.department.findFirstOrThrow({ where: { isCoordinator: true } });
    const author = await app.db.prisma.chatUser.create({ data: {} });
    const question = await app.db.prisma.$transaction((tx) =>
      createProposal(tx, { kind: "proposal", userId: author.id, channel: "web", chatId: "x", content: AUTHOR_WORDS, topic: null, departmentId: coord.id, roundId, now: new Date("2027-03-10T03:00:00Z") }),
    );
    await approvePublicText({ db: app.db, actor: coordinator, slug, code: question.code, input: { summary: SUMMARY }, now: clock.now(), texts: notices() });
    clock.set("2027-04-10T03:00:00Z");
    const list = await app.chat("web-vy", "/binhchon");
    const voteChoice = list.replies.flatMap((r: Reply) => r.choices ?? []).find((c: { id: string }) => c.id === `vote:${question.id}`)!;
    await app.chat("web-vy", voteChoice.label, { choice: voteChoice.id });
    expect(await app.db.prisma.roundVote.count({ where: { userId } })).toBe(1);
    clock.set("2027-04-20T03:00:00Z");
    await putOnAgenda({ db: app.db, actor: coordinator, slug, code: question.code, input: { departmentId: coord.id, dueAt: "2027-06-10" }, now: clock.now(), texts: notices() });

    const mine = texts(await app.chat("web-vy", "/dulieucuatoi"));
    expect(mine).toContain("Bình chọn câu hỏi đối thoại: 1");
    expect(mine).toContain("Trả lời khảo sát: 1");
    expect(mine).toContain("Thông báo về câu hỏi đối thoại đã gửi bạn: 1");
    expect(mine).toContain("Tin cơ hội đã báo bạn: 1");
    expect(mine).toContain("Thông báo, khảo sát cán bộ đã gửi bạn: 1");

    const link = /\/my-data\/[A-Za-z0-9_-]{43}/.exec(mine)![0];
    const res = await app.web("web-vy").request(link);
    expect(res.status).toBe(200);
    const body = await res.text();
    const data = JSON.parse(body);
    expect(data.roundVotes).toEqual([{ round: "Đối thoại với thanh niên 2027", question: question.code, publicSummary: SUMMARY, votedAt: "2027-04-10T03:00:00.000Z" }]);
    expect(data.pollAnswers).toEqual([{ poll: "Bạn muốn Tỉnh đoàn mở lớp kỹ năng nào?", option: 2, optionText: "Ngoại ngữ", channel: "web", answeredAt: "2027-02-20T03:00:00.000Z" }]);
    expect(data.roundNotices).toEqual([{ question: question.code, kind: "agenda", at: "2027-04-20T03:00:00.000Z" }]);
    expect(data.opportunityNotices).toMatchObject([{ opportunity: "Tuyển thợ hàn", kind: "job", via: "immediate", status: "sent" }]);
    expect(data.broadcasts).toMatchObject([{ kind: "poll", text: "Bạn muốn Tỉnh đoàn mở lớp kỹ năng nào?", channel: "web", status: "queued" }]);
    // The voted question's author keeps their own words to themselves.
    expect(body).not.toContain(AUTHOR_WORDS);
  });
});
