// The chat's voting list as a person meets it, on either database: the round's questions people
// may see, most votes first (equal votes in the order they were sent) with their counts, without
// the questions this person already voted for, ten at a time with "more questions" after them,
// and a page past the end starting again from the top. The list is read by one direct SQL
// statement that sorts and pages in the database (dialogue/list-top-questions.ts
// listVotingChoices), so its order and paging are held here on SQLite and on PostgreSQL alike.
// Shared by voting-list.test.ts (SQLite) and voting-list.pg.test.ts.
import { describe, expect, it } from "vitest";
import { fixedClock } from "../../src/clock.ts";
import { Conversation } from "../../src/conversation/conversation.ts";
import type { IncomingMessage, OutgoingMessage } from "../../src/conversation/messages.ts";
import type { DatabaseTarget } from "../../src/db/database-url.ts";
import { approvePublicText } from "../../src/dialogue/approve-public-text.ts";
import { castVote } from "../../src/dialogue/cast-vote.ts";
import { openRound } from "../../src/dialogue/open-round.ts";
import type { KnowledgeSearch } from "../../src/knowledge/passage.ts";
import { createLogger } from "../../src/logger.ts";
import { createProposal } from "../../src/proposals/create-proposal.ts";
import { mergeProposals } from "../../src/proposals/merge-proposals.ts";
import { seedDepartments } from "../../src/proposals/seed-departments.ts";
import { Prompts } from "../../src/prompts.ts";
import type { StaffActor } from "../../src/staff/staff-scope.ts";
import { freshDatabaseEachTest } from "../support/database.ts";

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
const noKnowledge: KnowledgeSearch = {
  search: () => Promise.reject(new Error("the voting list never searches")),
  ask: () => Promise.reject(new Error("the voting list never asks")),
  passage: () => null,
};

/** "Câu 5 …" → 5: which question a line of the list is. */
const numbers = (reply: OutgoingMessage) => [...reply.text.matchAll(/^\d+\. Câu (\d+):/gm)].map((m) => Number(m[1]));
const counts = (reply: OutgoingMessage) => [...reply.text.matchAll(/^\d+\. Câu \d+:.*\((\d+) phiếu\)$/gm)].map((m) => Number(m[1]));

export function describeVotingList(provider: DatabaseTarget["provider"]): void {
  describe(`the chat's voting list (${provider})`, () => {
    const fresh = freshDatabaseEachTest(provider);

    it("lists the most voted first with their counts, leaves out one's own votes, pages ten at a time and starts again past the end", async () => {
      const db = fresh.db;
      const prompts = Prompts.load();
      await seedDepartments(db);
      const { id: roundId, slug } = await openRound({ db, actor: coordinator, input: PLAN, now: new Date("2027-02-20T03:00:00Z") });
      const dept = await db.prisma.department.findFirstOrThrow({ where: { isCoordinator: true } });
      const author = await db.prisma.chatUser.create({ data: {} });
      const send = (n: number, minute: number) =>
        db.prisma.$transaction((tx) =>
          createProposal(tx, {
            kind: "proposal",
            userId: author.id,
            channel: "zalo",
            chatId: "tac-gia",
            content: `Câu hỏi số ${n} gửi hội nghị đối thoại`,
            topic: null,
            departmentId: dept.id,
            roundId,
            now: new Date(Date.UTC(2027, 2, 10, 3, minute)),
          }),
        );
      const approve = (code: string, n: number) =>
        approvePublicText({ db, actor: coordinator, slug, code, input: { summary: `Câu ${n}: hỗ trợ thanh niên học nghề và việc làm` }, now: new Date("2027-04-01T03:00:00Z"), texts: { prompts } });
      // Sent first, so either would top the list if it were shown: one never approved, one merged.
      await send(14, 0);
      const merged = await send(15, 1);
      await approve(merged.code, 15);
      const ids = new Map<number, string>();
      let first = "";
      for (let n = 1; n <= 13; n++) {
        const q = await send(n, 10 + n);
        await approve(q.code, n);
        ids.set(n, q.id);
        first ||= q.code;
      }
      await mergeProposals({ db, actor: coordinator, code: merged.code, intoCode: first, historyNote: "Trùng câu 1" });

      // Others' votes: question 5 three, question 9 two, question 2 one.
      const voting = new Date("2027-04-10T03:00:00Z");
      for (const [n, voters] of [[5, 3], [9, 2], [2, 1]] as const) {
        for (let v = 0; v < voters; v++) {
          const voter = await db.prisma.chatUser.create({ data: {} });
          const cast = await db.sql.transaction((tx) => castVote(tx, { proposalId: ids.get(n)!, userId: voter.id, now: voting, source: { channel: "telegram" }, provider: db.provider }));
          expect(cast.outcome).toBe("voted");
        }
      }

      const clock = fixedClock(voting);
      const conversation = new Conversation({ db, knowledge: noKnowledge, prompts, log: createLogger("silent"), privacy: { url: "/privacy", retentionDays: 90, version: "test" }, clock });
      let update = 0;
      const say = async (chat: string, text: string, choice?: string) => {
        const msg: IncomingMessage = { channel: "zalo", chatId: chat, userId: chat, language: "vi", text, messageId: String(++update), date: clock.now(), ...(choice ? { choice } : {}) };
        const result = await conversation.handle(msg, { dedupeKey: `u${update}` });
        return result!.replies.filter((r) => !r.notice);
      };

      const [list] = await say("zl-an", "bình chọn");
      expect(numbers(list!)).toEqual([5, 9, 2, 1, 3, 4, 6, 7, 8, 10]);
      expect(counts(list!)).toEqual([3, 2, 1, 0, 0, 0, 0, 0, 0, 0]);
      expect(list!.text).toContain("Bạn còn 3 phiếu");
      expect(list!.choices).toHaveLength(11); // ten questions, then "more questions"

      // A vote for the first: it leaves the list sent back, which moves up one.
      const [voted, after] = await say("zl-an", "1");
      expect(voted!.text).toContain("Bạn còn 2 phiếu");
      expect(numbers(after!)).toEqual([9, 2, 1, 3, 4, 6, 7, 8, 10, 11]);
      expect(after!.text).toContain("Bạn còn 2 phiếu");

      // "More questions" (typed as its number on Zalo): the rest, and no "more" after them.
      const [rest] = await say("zl-an", "11");
      expect(numbers(rest!)).toEqual([12, 13]);
      expect(rest!.choices!.map((c) => c.id)).toEqual([`vote:${ids.get(12)}`, `vote:${ids.get(13)}`]);

      // Someone else sees question 5 with the new vote counted, still first.
      const [other] = await say("zl-binh", "bình chọn");
      expect(numbers(other!).slice(0, 3)).toEqual([5, 9, 2]);
      expect(counts(other!).slice(0, 3)).toEqual([4, 2, 1]);

      // A page past the end (an old "more" button after votes moved the list on) starts from the top.
      const [again] = await say("zl-an", "", "votes:40");
      expect(numbers(again!)).toEqual([9, 2, 1, 3, 4, 6, 7, 8, 10, 11]);
    });
  });
}
