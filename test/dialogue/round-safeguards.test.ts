// What keeps a round honest and people's data safe, against a real database and a stopped clock:
// a notice caused at 22:30 waits for 07:00 (and goes to nobody who said STOP in between); the public
// text check refuses a landline, an ID number and a proposal code; erasure on request scrubs a name
// the coordinator let through into the public summary; two rounds of a kind never collect or vote
// at once; the agenda deadline is never after the round's deadline for written answers; and giving
// an answered question to another department leaves a step in its history.
import { describe, expect, it } from "vitest";
import { fixedClock } from "../../src/clock.ts";
import { setNoticesStopped } from "../../src/db/chat-users.ts";
import { approvePublicText } from "../../src/dialogue/approve-public-text.ts";
import { editRound } from "../../src/dialogue/edit-round.ts";
import { getPublicRound } from "../../src/dialogue/public-round.ts";
import { openRound } from "../../src/dialogue/open-round.ts";
import { putOnAgenda } from "../../src/dialogue/put-on-agenda.ts";
import { sendDueRoundNotices } from "../../src/dialogue/send-due-round-notices.ts";
import { eraseUserData } from "../../src/privacy/erase-user-data.ts";
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
const NAME = "Trần Thị Mai";
const SUMMARY = "Tỉnh có hỗ trợ thanh niên nông thôn vay vốn học nghề không?";

describe("round safeguards", () => {
  const fresh = freshDatabaseEachTest("sqlite");
  const clock = fixedClock("2027-02-20T03:00:00Z");

  /** A round with one question from a Telegram user named NAME, its summary approved. */
  async function roundQuestion() {
    await seedDepartments(fresh.db);
    const { slug, id: roundId } = await openRound({ db: fresh.db, actor: coordinator, input: PLAN, now: clock.now() });
    const coord = await fresh.db.prisma.department.findFirstOrThrow({ where: { isCoordinator: true } });
    const labour = await fresh.db.prisma.department.findFirstOrThrow({ where: { isCoordinator: false } });
    const user = await fresh.db.prisma.chatUser.create({ data: {} });
    await fresh.db.prisma.channelIdentity.create({ data: { userId: user.id, channel: "telegram", externalId: "tg-mai", chatId: "tg-mai", displayName: NAME } });
    const question = await fresh.db.prisma.$transaction((tx) =>
      createProposal(tx, { kind: "proposal", userId: user.id, channel: "telegram", chatId: "tg-mai", content: `Em là ${NAME}, em muốn hỏi về vay vốn học nghề`, topic: null, departmentId: coord.id, roundId, now: new Date("2027-03-10T03:00:00Z") }),
    );
    await approvePublicText({ db: fresh.db, actor: coordinator, slug, code: question.code, input: { summary: SUMMARY }, now: clock.now(), texts });
    return { slug, roundId, userId: user.id, question, coord, labour };
  }

  const outboxTo = (chatId: string) => fresh.db.prisma.outboxMessage.findMany({ where: { chatId } });

  it("keeps an agenda notice caused at 22:30 out of the outbox until 07:00, and sends it then", async () => {
    const { slug, question, labour } = await roundQuestion();
    const lateEvening = new Date("2027-04-20T15:30:00Z"); // 22:30 in Vietnam
    const { notified } = await putOnAgenda({ db: fresh.db, actor: coordinator, slug, code: question.code, input: { departmentId: labour.id, dueAt: "2027-06-10" }, now: lateEvening, texts });
    expect(notified).toBe(1);
    expect(await outboxTo("tg-mai")).toHaveLength(0);
    expect(await fresh.db.prisma.roundNotice.findMany()).toMatchObject([{ kind: "agenda", status: "waiting", dueAt: new Date("2027-04-21T00:00:00Z") }]);

    expect(await sendDueRoundNotices(fresh.db, { now: new Date("2027-04-20T23:59:00Z"), texts })).toEqual({ sent: 0, dropped: 0 }); // 06:59
    expect(await outboxTo("tg-mai")).toHaveLength(0);
    expect(await sendDueRoundNotices(fresh.db, { now: new Date("2027-04-21T00:00:00Z"), texts })).toEqual({ sent: 1, dropped: 0 }); // 07:00
    const [notice] = await outboxTo("tg-mai");
    expect(JSON.parse(notice!.payload).text).toContain(`“${SUMMARY}”`);
    expect(JSON.parse(notice!.payload).text).toContain(labour.name);
    expect(await fresh.db.prisma.roundNotice.findFirstOrThrow()).toMatchObject({ status: "sent", sentAt: new Date("2027-04-21T00:00:00Z") });
    // Run again: nothing more, and the same change made again tells nobody twice.
    expect(await sendDueRoundNotices(fresh.db, { now: new Date("2027-04-21T00:05:00Z"), texts })).toEqual({ sent: 0, dropped: 0 });
    expect((await putOnAgenda({ db: fresh.db, actor: coordinator, slug, code: question.code, input: { departmentId: labour.id }, now: new Date("2027-04-21T01:00:00Z"), texts })).notified).toBe(0);
    expect(await outboxTo("tg-mai")).toHaveLength(1);
  });

  it("does not send a waiting notice to someone who said STOP before 07:00, and a later change can still reach them", async () => {
    const { slug, userId, question, labour } = await roundQuestion();
    await answerProposal({ db: fresh.db, prompts, code: question.code, answer: "Có, qua Ngân hàng Chính sách xã hội.", actor: "canbo@so.gov.vn", now: new Date("2027-05-25T03:00:00Z") });
    await putOnAgenda({ db: fresh.db, actor: coordinator, slug, code: question.code, input: { departmentId: labour.id, dueAt: "2027-06-10" }, now: new Date("2027-05-25T04:00:00Z"), texts });
    const before = (await outboxTo("tg-mai")).length;
    const answer = "Thanh niên nông thôn được vay vốn học nghề qua Ngân hàng Chính sách xã hội.";
    await approvePublicText({ db: fresh.db, actor: coordinator, slug, code: question.code, input: { summary: SUMMARY, answer }, now: new Date("2027-05-25T20:00:00Z"), texts }); // 03:00
    await setNoticesStopped(fresh.db.prisma, userId, new Date("2027-05-25T21:00:00Z"));
    expect(await sendDueRoundNotices(fresh.db, { now: new Date("2027-05-26T00:01:00Z"), texts })).toEqual({ sent: 0, dropped: 1 });
    expect((await outboxTo("tg-mai")).length).toBe(before);
    expect(await fresh.db.prisma.roundNotice.count({ where: { kind: "answered" } })).toBe(0); // not recorded as told

    await setNoticesStopped(fresh.db.prisma, userId, null);
    const again = await approvePublicText({ db: fresh.db, actor: coordinator, slug, code: question.code, input: { summary: SUMMARY, answer }, now: new Date("2027-05-26T03:00:00Z"), texts });
    expect(again.notified).toBe(1);
    expect((await outboxTo("tg-mai")).length).toBe(before + 1);
  });

  it("refuses a public text with a landline, an ID card number or a proposal code", async () => {
    const { slug, question } = await roundQuestion();
    for (const [summary, reason] of [
      ["Gọi cho em theo số 02973 862 123 để trao đổi thêm", "personal"], // 11-digit landline
      ["Bạn có CCCD 091203004567 hỏi về vay vốn học nghề", "personal"],
      ["Bạn có CMND 371234567 hỏi về vay vốn học nghề", "personal"],
      [`Câu hỏi ${question.code} về vay vốn học nghề`, "code"],
      ["Giống câu hỏi KN-2027-00012 về vay vốn học nghề", "code"],
    ] as const) {
      await expect(approvePublicText({ db: fresh.db, actor: coordinator, slug, code: question.code, input: { summary }, now: clock.now(), texts }), summary).rejects.toMatchObject({
        code: "bad_request",
        detail: { field: "summary", reason },
      });
    }
    expect((await fresh.db.prisma.proposal.findUniqueOrThrow({ where: { id: question.id } })).publicSummary).toBe(SUMMARY);
  });

  it("scrubs the sender's name from the public summary and answer when they erase their data", async () => {
    const { slug, userId, question } = await roundQuestion();
    await answerProposal({ db: fresh.db, prompts, code: question.code, answer: "Có.", actor: "canbo@so.gov.vn", now: new Date("2027-05-25T03:00:00Z") });
    await approvePublicText({ db: fresh.db, actor: coordinator, slug, code: question.code, input: { summary: `Bạn ${NAME} hỏi về vay vốn học nghề`, answer: `Trả lời bạn ${NAME}: được vay vốn học nghề.` }, now: new Date("2027-05-25T03:00:00Z"), texts });
    await fresh.db.prisma.$transaction((tx) => eraseUserData(tx, userId, { now: new Date("2027-05-26T03:00:00Z") }));
    const item = await fresh.db.prisma.proposal.findUniqueOrThrow({ where: { id: question.id } });
    expect(item.publicSummary).not.toContain(NAME);
    expect(item.publicAnswer).not.toContain(NAME);
    expect(item.publicSummary).toContain("vay vốn học nghề");
    await fresh.db.prisma.proposal.update({ where: { id: question.id }, data: { agenda: true } });
    const round = await getPublicRound(fresh.db, slug, new Date("2027-05-27T03:00:00Z"));
    expect(JSON.stringify(round)).not.toContain(NAME);
  });

  it("refuses a round of the same kind that would collect or vote while another does, in a sentence naming it", async () => {
    await seedDepartments(fresh.db);
    const first = await openRound({ db: fresh.db, actor: coordinator, input: PLAN, now: clock.now() });
    const second = { ...PLAN, title: "Đối thoại bổ sung với thanh niên 2027" };
    await expect(openRound({ db: fresh.db, actor: coordinator, input: { ...second, collectFrom: "2027-03-31", collectUntil: "2027-04-02", voteFrom: "2027-04-20", voteUntil: "2027-04-25" }, now: clock.now() })).rejects.toMatchObject({
      code: "bad_request",
      detail: { field: "collectFrom", reason: "overlap", round: PLAN.title },
    });
    await expect(openRound({ db: fresh.db, actor: coordinator, input: { ...second, collectFrom: "2027-04-01", collectUntil: "2027-04-05", voteFrom: "2027-04-15", voteUntil: "2027-04-25" }, now: clock.now() })).rejects.toMatchObject({
      detail: { field: "voteFrom", reason: "overlap" },
    });
    expect(await fresh.db.prisma.dialogueRound.count()).toBe(1);
    // Back to back is not an overlap ("until" is the end of its day, the next "from" the start of the next).
    const next = await openRound({ db: fresh.db, actor: coordinator, input: { ...second, collectFrom: "2027-04-01", collectUntil: "2027-04-04", voteFrom: "2027-04-16", voteUntil: "2027-04-25" }, now: clock.now() });
    // A forum of a department may run beside the conference; a round may keep its own dates when edited.
    const dept = await fresh.db.prisma.department.findFirstOrThrow({ where: { isCoordinator: false } });
    await openRound({ db: fresh.db, actor: coordinator, input: { ...PLAN, title: "Diễn đàn chính sách việc làm 2027", kind: "forum", departmentId: dept.id }, now: clock.now() });
    await editRound({ db: fresh.db, actor: coordinator, slug: first.slug, input: { ...PLAN, title: "Đối thoại với thanh niên năm 2027" }, now: clock.now() });
    await expect(editRound({ db: fresh.db, actor: coordinator, slug: next.slug, input: { ...second, collectFrom: "2027-04-01", collectUntil: "2027-04-04", voteFrom: "2027-04-10", voteUntil: "2027-04-25" }, now: clock.now() })).rejects.toMatchObject({
      detail: { field: "voteFrom", reason: "overlap", round: "Đối thoại với thanh niên năm 2027" },
    });
  });

  it("puts a question on the agenda due by the round's deadline for written answers when that comes before the department's usual days", async () => {
    const { slug, question, labour } = await roundQuestion();
    await fresh.db.prisma.department.update({ where: { id: labour.id }, data: { dueDays: 30 } });
    const { dueAt } = await putOnAgenda({ db: fresh.db, actor: coordinator, slug, code: question.code, input: { departmentId: labour.id }, now: new Date("2027-06-01T03:00:00Z"), texts });
    expect(dueAt.toISOString()).toBe("2027-06-20T16:59:59.999Z"); // the end of 20/06, not 01/07
    const early = await putOnAgenda({ db: fresh.db, actor: coordinator, slug, code: question.code, input: { departmentId: labour.id }, now: new Date("2027-04-20T03:00:00Z"), texts });
    expect(early.dueAt.toISOString()).toBe("2027-05-20T03:00:00.000Z"); // 30 days, before the round's deadline
  });

  it("records a step in the history when an answered question is given to another department on the agenda", async () => {
    const { slug, question, coord, labour } = await roundQuestion();
    await answerProposal({ db: fresh.db, prompts, code: question.code, answer: "Có.", actor: "canbo@so.gov.vn", now: new Date("2027-04-18T03:00:00Z") });
    await putOnAgenda({ db: fresh.db, actor: coordinator, slug, code: question.code, input: { departmentId: labour.id, dueAt: "2027-06-10" }, now: new Date("2027-04-20T03:00:00Z"), texts });
    const item = await fresh.db.prisma.proposal.findUniqueOrThrow({ where: { id: question.id }, include: { events: { orderBy: { id: "asc" } } } });
    expect(item).toMatchObject({ status: "answered", departmentId: labour.id, agenda: true });
    expect(item.events.at(-1)).toMatchObject({ fromStatus: "answered", toStatus: "answered", actor: coordinator.email, note: `Chương trình hội nghị đối thoại: ${labour.name} trả lời` });
    expect(coord.id).not.toBe(labour.id);
  });
});
