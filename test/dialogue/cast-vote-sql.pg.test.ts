// The chat casts a vote in its per-message direct SQL transaction (db/sql.ts), not Prisma's: the
// limits must hold there too when one person's votes race on PostgreSQL (round-votes.ts
// serialiseVotes takes its advisory locks through that session).
import { describe, expect, it } from "vitest";
import { approvePublicText } from "../../src/dialogue/approve-public-text.ts";
import { castVote } from "../../src/dialogue/cast-vote.ts";
import { openRound } from "../../src/dialogue/open-round.ts";
import { MAX_VOTES_PER_ROUND } from "../../src/dialogue/round-status.ts";
import { createProposal } from "../../src/proposals/create-proposal.ts";
import { seedDepartments } from "../../src/proposals/seed-departments.ts";
import { Prompts } from "../../src/prompts.ts";
import type { StaffActor } from "../../src/staff/staff-scope.ts";
import { freshDatabaseEachTest } from "../support/database.ts";
import { POSTGRES_URL } from "../support/env.ts";

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

describe.skipIf(!POSTGRES_URL)("votes racing in the chat's SQL transactions on PostgreSQL (skipped: TEST_POSTGRES_URL not set)", () => {
  const fresh = freshDatabaseEachTest("postgresql");

  it(`counts exactly ${MAX_VOTES_PER_ROUND} of one person's votes sent at the same time through the chat's SQL session`, async () => {
    const db = fresh.db;
    await seedDepartments(db);
    const { slug, id: roundId } = await openRound({ db, actor: coordinator, input: PLAN, now: new Date("2027-02-20T03:00:00Z") });
    const dept = await db.prisma.department.findFirstOrThrow({ where: { isCoordinator: true } });
    const author = await db.prisma.chatUser.create({ data: {} });
    const ids: string[] = [];
    for (let i = 0; i < 8; i++) {
      const q = await db.prisma.$transaction((tx) =>
        createProposal(tx, { kind: "proposal", userId: author.id, channel: "telegram", chatId: "x", content: `Câu hỏi số ${i} về việc làm`, topic: null, departmentId: dept.id, roundId, now: new Date("2027-03-10T03:00:00Z") }),
      );
      await approvePublicText({ db, actor: coordinator, slug, code: q.code, input: { summary: `Tóm tắt câu hỏi số ${i}` }, now: new Date("2027-04-01T03:00:00Z"), texts: { prompts: Prompts.load() } });
      ids.push(q.id);
    }
    const voter = await db.prisma.chatUser.create({ data: {} });
    const now = new Date("2027-04-10T03:00:00Z");
    const results = await Promise.all(
      ids.map((proposalId) => db.sql.transaction((tx) => castVote(tx, { proposalId, userId: voter.id, now, source: { channel: "zalo" }, provider: db.provider }))),
    );
    expect(results.filter((r) => r.outcome === "voted")).toHaveLength(MAX_VOTES_PER_ROUND);
    expect(results.filter((r) => r.outcome === "limit")).toHaveLength(ids.length - MAX_VOTES_PER_ROUND);
    expect(await db.prisma.roundVote.count({ where: { userId: voter.id } })).toBe(MAX_VOTES_PER_ROUND);
  });
});
