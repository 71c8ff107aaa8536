// A round's rules as a coordinator and young people meet them, against a real database and a
// stopped clock: the plan is refused with a clear message when its dates are out of order; votes
// count only in the voting window, once per question and person, at most 3 per person; each staff
// action writes its audit row in the same transaction (no row, no change).
import { afterEach, describe, expect, it } from "vitest";
import { fixedClock } from "../../src/clock.ts";
import { approvePublicText } from "../../src/dialogue/approve-public-text.ts";
import { castVote } from "../../src/dialogue/cast-vote.ts";
import { editRound } from "../../src/dialogue/edit-round.ts";
import { findRoundBySlug } from "../../src/dialogue/find-rounds.ts";
import { listTopQuestions } from "../../src/dialogue/list-top-questions.ts";
import { openRound } from "../../src/dialogue/open-round.ts";
import { putOnAgenda } from "../../src/dialogue/put-on-agenda.ts";
import { recordConclusions } from "../../src/dialogue/record-conclusions.ts";
import { roundStatus } from "../../src/dialogue/round-status.ts";
import { createProposal } from "../../src/proposals/create-proposal.ts";
import { seedDepartments } from "../../src/proposals/seed-departments.ts";
import { Prompts } from "../../src/prompts.ts";
import type { StaffActor } from "../../src/staff/staff-scope.ts";
import { freshDatabaseEachTest } from "../support/database.ts";

const coordinator: StaffActor = { id: "c1", email: "dieuphoi@tinhdoan.gov.vn", name: "Điều phối", role: "coordinator", departmentId: null };
const texts = { prompts: Prompts.load() };
const departmentStaff: StaffActor = { id: "d1", email: "canbo@so.gov.vn", name: "Cán bộ", role: "department", departmentId: "x" };

const PLAN = {
  title: "Đối thoại giữa Chủ tịch UBND tỉnh với thanh niên 2027",
  kind: "dialogue",
  topics: "Việc làm\nKhởi nghiệp",
  collectFrom: "2027-03-01",
  collectUntil: "2027-03-31",
  voteFrom: "2027-04-05",
  voteUntil: "2027-04-15",
  meetingAt: "2027-05-20T08:00",
  answersDue: "2027-06-20",
};

describe("dialogue rounds", () => {
  const fresh = freshDatabaseEachTest("sqlite");
  afterEach(async () => {
    await fresh.db.prisma.$executeRawUnsafe(`DROP TRIGGER IF EXISTS audit_down`);
  });
  const clock = fixedClock("2027-02-20T03:00:00Z");

  async function roundWithQuestions(n: number) {
    await seedDepartments(fresh.db);
    clock.set("2027-02-20T03:00:00Z");
    const { slug } = await openRound({ db: fresh.db, actor: coordinator, input: PLAN, now: clock.now() });
    const round = (await findRoundBySlug(fresh.db, slug))!;
    const dept = await fresh.db.prisma.department.findFirstOrThrow({ where: { isCoordinator: true } });
    const codes: string[] = [];
    for (let i = 0; i < n; i++) {
      const user = await fresh.db.prisma.chatUser.create({ data: {} });
      const created = await fresh.db.prisma.$transaction((tx) =>
        createProposal(tx, { kind: "proposal", userId: user.id, channel: "web", chatId: `c${i}`, content: `Câu hỏi số ${i} về việc làm cho thanh niên`, topic: null, departmentId: dept.id, roundId: round.id, now: new Date("2027-03-10T03:00:00Z") }),
      );
      await approvePublicText({ db: fresh.db, actor: coordinator, slug, code: created.code, input: { summary: `Tóm tắt câu hỏi số ${i} về việc làm` }, now: clock.now(), texts });
      codes.push(created.code);
    }
    const ids = await Promise.all(codes.map(async (code) => (await fresh.db.prisma.proposal.findUniqueOrThrow({ where: { code } })).id));
    return { slug, round, codes, ids };
  }

  const vote = (proposalId: string, userId: string, at: string) => fresh.db.prisma.$transaction((tx) => castVote(tx, { proposalId, userId, now: new Date(at), source: { channel: "telegram" }, provider: fresh.db.provider }));

  it("derives the status from the dates", async () => {
    const { round } = await roundWithQuestions(0);
    const at = (iso: string) => roundStatus(round, new Date(iso));
    expect(at("2027-02-28T16:59:00Z")).toBe("planned");
    expect(at("2027-02-28T17:00:00Z")).toBe("collecting"); // 1 March 00:00 in Vietnam
    expect(at("2027-03-31T16:00:00Z")).toBe("collecting"); // the 31st is included
    expect(at("2027-03-31T16:59:30Z")).toBe("collecting"); // its last minute too: "until 31/03" ends at 23:59:59.999
    expect(at("2027-03-31T17:00:00Z")).toBe("reviewing");
    expect(at("2027-04-01T03:00:00Z")).toBe("reviewing");
    expect(at("2027-04-10T03:00:00Z")).toBe("voting");
    expect(at("2027-05-01T03:00:00Z")).toBe("preparing");
    expect(at("2027-05-20T02:00:00Z")).toBe("held");
  });

  it("refuses a plan whose dates are out of order, naming the field", async () => {
    await seedDepartments(fresh.db);
    const bad = { ...PLAN, voteFrom: "2027-03-20" };
    await expect(openRound({ db: fresh.db, actor: coordinator, input: bad, now: clock.now() })).rejects.toMatchObject({
      code: "bad_request",
      message: "voteFrom: voting must start after collecting ends",
      detail: { field: "voteFrom" },
    });
    await expect(openRound({ db: fresh.db, actor: coordinator, input: { ...PLAN, meetingAt: "2027-02-30" }, now: clock.now() })).rejects.toMatchObject({ detail: { field: "meetingAt" } });
    await expect(openRound({ db: fresh.db, actor: coordinator, input: { ...PLAN, kind: "forum" }, now: clock.now() })).rejects.toMatchObject({ detail: { field: "departmentId" } });
    await expect(openRound({ db: fresh.db, actor: departmentStaff, input: PLAN, now: clock.now() })).rejects.toMatchObject({ code: "forbidden" });
    expect(await fresh.db.prisma.dialogueRound.count()).toBe(0);
  });

  it("counts votes only while voting, once per question and person, at most 3 per person", async () => {
    const { round, ids } = await roundWithQuestions(5);
    const voter = await fresh.db.prisma.chatUser.create({ data: {} });
    expect(await vote(ids[0]!, voter.id, "2027-03-20T03:00:00Z")).toMatchObject({ outcome: "closed" }); // still collecting
    expect(await vote(ids[0]!, voter.id, "2027-04-16T03:00:00Z")).toMatchObject({ outcome: "closed" }); // voting ended
    const during = "2027-04-10T03:00:00Z";
    expect(await vote(ids[0]!, voter.id, during)).toMatchObject({ outcome: "voted", left: 2 });
    expect(await vote(ids[0]!, voter.id, during)).toMatchObject({ outcome: "already", left: 2 });
    expect(await vote(ids[1]!, voter.id, during)).toMatchObject({ outcome: "voted", left: 1 });
    expect(await vote(ids[2]!, voter.id, during)).toMatchObject({ outcome: "voted", left: 0 });
    expect(await vote(ids[3]!, voter.id, during)).toMatchObject({ outcome: "limit" });
    expect(await fresh.db.prisma.roundVote.count({ where: { userId: voter.id } })).toBe(3);

    const other = await fresh.db.prisma.chatUser.create({ data: {} });
    expect(await vote(ids[1]!, other.id, during)).toMatchObject({ outcome: "voted" });
    const top = await listTopQuestions(fresh.db.prisma, round.id);
    expect(top.map((q) => q.votes)).toEqual([2, 1, 1, 0, 0]);
    expect(top[0]!.summary).toBe("Tóm tắt câu hỏi số 1 về việc làm");
  });

  it("refuses a vote for a merged question", async () => {
    const { ids } = await roundWithQuestions(2);
    await fresh.db.prisma.proposal.update({ where: { id: ids[1]! }, data: { mergedIntoId: ids[0]! } });
    const voter = await fresh.db.prisma.chatUser.create({ data: {} });
    expect(await vote(ids[1]!, voter.id, "2027-04-10T03:00:00Z")).toMatchObject({ outcome: "unavailable", left: 3 });
    expect(await fresh.db.prisma.roundVote.count()).toBe(0);
  });

  it("puts a question on the agenda with a department and deadline, audited, and nothing without the audit row", async () => {
    const { slug, codes } = await roundWithQuestions(1);
    const labour = await fresh.db.prisma.department.findFirstOrThrow({ where: { isCoordinator: false } });
    const now = new Date("2027-04-20T03:00:00Z");
    await expect(putOnAgenda({ db: fresh.db, actor: coordinator, slug, code: codes[0]!, input: { departmentId: labour.id, dueAt: "2027-04-01" }, now, texts })).rejects.toMatchObject({ detail: { field: "dueAt" } });

    await fresh.db.prisma.$executeRawUnsafe(`CREATE TRIGGER audit_down BEFORE INSERT ON "AuditLog" BEGIN SELECT RAISE(ABORT, 'audit log unavailable'); END`);
    await expect(putOnAgenda({ db: fresh.db, actor: coordinator, slug, code: codes[0]!, input: { departmentId: labour.id, dueAt: "2027-06-10" }, now, texts })).rejects.toThrow();
    expect(await fresh.db.prisma.proposal.findUniqueOrThrow({ where: { code: codes[0]! } })).toMatchObject({ agenda: false });
    await fresh.db.prisma.$executeRawUnsafe(`DROP TRIGGER audit_down`);

    await putOnAgenda({ db: fresh.db, actor: coordinator, slug, code: codes[0]!, input: { departmentId: labour.id, dueAt: "2027-06-10" }, now, texts });
    const item = await fresh.db.prisma.proposal.findUniqueOrThrow({ where: { code: codes[0]! }, include: { events: true } });
    expect(item).toMatchObject({ agenda: true, departmentId: labour.id, status: "routed" });
    expect(item.dueAt.toISOString()).toBe("2027-06-10T16:59:59.999Z"); // the last millisecond of 10/06 in Vietnam
    expect(item.events.map((e) => e.toStatus)).toEqual(["received", "routed"]);
    const audit = await fresh.db.prisma.auditLog.findFirstOrThrow({ where: { action: "round.agenda" } });
    expect(audit.target).toBe(codes[0]);
  });

  it("edits the plan and records the conclusions after the meeting, each with its audit entry", async () => {
    const { slug } = await roundWithQuestions(0);
    await editRound({ db: fresh.db, actor: coordinator, slug, input: { ...PLAN, title: "Đối thoại với thanh niên năm 2027" }, now: clock.now() });
    await expect(recordConclusions({ db: fresh.db, actor: coordinator, slug, input: { conclusions: "Kết luận của Chủ tịch UBND tỉnh" }, now: new Date("2027-05-01T00:00:00Z") })).rejects.toMatchObject({ code: "conflict" });
    await recordConclusions({ db: fresh.db, actor: coordinator, slug, input: { conclusions: "Kết luận của Chủ tịch UBND tỉnh" }, now: new Date("2027-05-21T00:00:00Z") });
    const round = (await findRoundBySlug(fresh.db, slug))!;
    expect(round.title).toBe("Đối thoại với thanh niên năm 2027");
    expect(roundStatus(round, new Date("2027-05-22T00:00:00Z"))).toBe("concluded");
    expect((await fresh.db.prisma.auditLog.findMany({ orderBy: { id: "asc" } })).map((a) => a.action)).toEqual(["round.open", "round.edit", "round.conclude"]);
  });

  it("refuses a public text with a phone number or e-mail address", async () => {
    const { slug, codes } = await roundWithQuestions(1);
    await expect(approvePublicText({ db: fresh.db, actor: coordinator, slug, code: codes[0]!, input: { summary: "Liên hệ em qua 0912 345 678 nhé" }, now: clock.now(), texts })).rejects.toMatchObject({ detail: { field: "summary" } });
  });
});
