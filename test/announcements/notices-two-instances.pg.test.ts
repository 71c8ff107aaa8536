// Two instances of the service on one PostgreSQL database run the same job at the same moment: the
// broadcast pump, the opportunity notices that waited for 07:00, the weekly digests and the round
// notices that waited for 07:00. Each message still goes once. The jobs are made to overlap for
// certain, not by luck: a third connection holds the outbox table locked, so both instances read
// what they are about to send and then wait (to write their outbox rows, or for the other's claim);
// the lock is let go only once both wait. Under READ COMMITTED, a job that read and then wrote
// without a condition would send everything twice here.
import pg from "pg";
import { describe, expect, it } from "vitest";
import { createOpportunity } from "../../src/announcements/create-opportunity.ts";
import { sendDueNotices } from "../../src/announcements/notify-subscribers.ts";
import { pumpBroadcasts } from "../../src/announcements/pump-broadcasts.ts";
import { sendBroadcast } from "../../src/announcements/send-broadcast.ts";
import { subscribe } from "../../src/announcements/subscribe.ts";
import { sendWeeklyDigests } from "../../src/announcements/weekly-digest.ts";
import { createChatUser } from "../../src/db/chat-users.ts";
import { openRound } from "../../src/dialogue/open-round.ts";
import { putOnAgenda } from "../../src/dialogue/put-on-agenda.ts";
import { sendDueRoundNotices } from "../../src/dialogue/send-due-round-notices.ts";
import { createProposal } from "../../src/proposals/create-proposal.ts";
import { seedDepartments } from "../../src/proposals/seed-departments.ts";
import { Prompts } from "../../src/prompts.ts";
import type { StaffActor } from "../../src/staff/staff-scope.ts";
import { freshDatabaseEachTest } from "../support/database.ts";
import { POSTGRES_URL } from "../support/env.ts";
import { seedSubscribers } from "../support/subscribers.ts";

const coordinator: StaffActor = { id: "c1", email: "dieuphoi@tinhdoan.gov.vn", name: "Điều phối", role: "coordinator", departmentId: null };
const texts = { prompts: Prompts.load(), publicBaseUrl: "https://tro-ly.example.vn" };
const topics = new Set(["viec-lam"]);

/**
 * Runs the jobs at once, as two instances would, and certainly overlapping: while `url`'s outbox
 * table is held locked, each job reads and then waits; the lock goes when every job waits.
 */
async function overlapping<T>(url: string, jobs: (() => Promise<T>)[]): Promise<T[]> {
  const locker = new pg.Client({ connectionString: url });
  await locker.connect();
  try {
    await locker.query("BEGIN");
    await locker.query('LOCK TABLE "OutboxMessage" IN EXCLUSIVE MODE');
    let settled = 0;
    const running = jobs.map((job) => job().finally(() => settled++));
    // A job that finished (or failed) without waiting ends the wait too: Promise.all reports it.
    // So does a deadline: a job can wait where pg_locks does not show it (for a pooled connection
    // the other job holds), and holding the table locked then would hang the test, not test it.
    const deadline = Date.now() + 10_000;
    for (;;) {
      const { rows } = await locker.query<{ n: number }>(
        `SELECT count(*)::int AS "n" FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid WHERE NOT l.granted AND a.datname = current_database()`,
      );
      if (rows[0]!.n >= jobs.length || settled > 0 || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    await locker.query("COMMIT");
    return await Promise.all(running);
  } finally {
    await locker.end();
  }
}

describe.skipIf(!POSTGRES_URL)("notices and broadcasts with two instances on PostgreSQL (skipped: TEST_POSTGRES_URL not set)", () => {
  const fresh = freshDatabaseEachTest("postgresql");
  /** How many outbox messages each chat got that contain `words`. */
  const perChat = async (words: string) => {
    const rows = await fresh.db.prisma.outboxMessage.findMany({ where: { payload: { contains: words } }, select: { chatId: true } });
    const counts = new Map<string, number>();
    for (const r of rows) counts.set(r.chatId, (counts.get(r.chatId) ?? 0) + 1);
    return counts;
  };

  it("queues each recipient of a broadcast once when two pumps run at the same moment", async () => {
    const now = new Date("2027-03-01T03:00:00Z");
    const people = await seedSubscribers(fresh.db, { count: 6, now, channels: ["telegram"] });
    const sent = await sendBroadcast({ db: fresh.db, actor: coordinator, input: { kind: "announcement", text: "Ngày hội việc làm thanh niên sáng Chủ nhật." }, now });
    const runs = await overlapping(fresh.target.url, [() => pumpBroadcasts(fresh.db, { now, texts }), () => pumpBroadcasts(fresh.db, { now, texts })]);
    expect(runs.reduce((sum, r) => sum + r.queued, 0)).toBe(6);
    const counts = await perChat("Ngày hội việc làm thanh niên");
    expect(people.map((p) => counts.get(p.chatId))).toEqual(people.map(() => 1));
    const recipients = await fresh.db.prisma.broadcastRecipient.findMany({ where: { broadcastId: sent.id } });
    expect(recipients.map((r) => r.status)).toEqual(people.map(() => "queued"));
    expect(new Set(recipients.map((r) => r.outboxId)).size).toBe(6);
  });

  it("sends each opportunity notice that waited for 07:00 once when two instances run the job at 07:00", async () => {
    const people = await seedSubscribers(fresh.db, { count: 4, now: new Date("2027-03-01T03:00:00Z"), channels: ["telegram", "zalo"] });
    const evening = new Date("2027-03-10T15:00:00Z"); // 22:00 in Vietnam: the notices wait
    await createOpportunity({
      db: fresh.db,
      actor: coordinator,
      input: { kind: "job", title: "Tuyển thợ điện công trình", organiser: "Công ty Điện lực", place: "Xã Hòn Đất", deadline: "2027-04-30" },
      topics,
      now: evening,
      notices: texts,
    });
    expect(await fresh.db.prisma.opportunityNotice.count({ where: { status: "waiting" } })).toBe(4);
    const morning = new Date("2027-03-11T00:00:00Z"); // 07:00
    const runs = await overlapping(fresh.target.url, [() => sendDueNotices(fresh.db, { now: morning, texts }), () => sendDueNotices(fresh.db, { now: morning, texts })]);
    expect(runs.reduce((sum, r) => sum + r.sent, 0)).toBe(4);
    const counts = await perChat("Tuyển thợ điện công trình");
    expect(people.map((p) => counts.get(p.chatId))).toEqual(people.map(() => 1));
  });

  it("makes each weekly digest once when two instances make the digests at the same moment", async () => {
    const tuesday = new Date("2027-03-02T03:00:00Z");
    const people = await seedSubscribers(fresh.db, { count: 3, now: tuesday, channels: ["telegram"] });
    await fresh.db.prisma.$transaction(async (tx) => {
      for (const p of people) await subscribe(tx, { userId: p.userId, kinds: [], area: "", cadence: "weekly", now: tuesday });
    });
    // More than a digest lists (five): what one digest leaves out must wait for next week's, not make a second one.
    for (let i = 1; i <= 7; i++) {
      await createOpportunity({
        db: fresh.db,
        actor: coordinator,
        input: { kind: "course", title: `Khóa học nghề miễn phí số ${i}`, organiser: "Trường Cao đẳng Kiên Giang", place: "Xã Hòn Đất", deadline: `2027-04-${10 + i}` },
        topics,
        now: tuesday,
        notices: texts,
      });
    }
    const monday = new Date("2027-03-08T01:30:00Z"); // 08:30
    const runs = await overlapping(fresh.target.url, [() => sendWeeklyDigests(fresh.db, { now: monday, texts }), () => sendWeeklyDigests(fresh.db, { now: monday, texts })]);
    expect(runs.reduce((sum, r) => sum + r.sent, 0)).toBe(3);
    const counts = await perChat("Bản tin cơ hội trong tuần");
    expect(people.map((p) => counts.get(p.chatId))).toEqual(people.map(() => 1));
  });

  it("sends a round notice that waited for 07:00 once when two instances run the job at 07:00", async () => {
    await seedDepartments(fresh.db);
    const plan = { title: "Đối thoại với thanh niên 2027", kind: "dialogue", collectFrom: "2027-03-01", collectUntil: "2027-03-31", voteFrom: "2027-04-05", voteUntil: "2027-04-15", meetingAt: "2027-05-20T08:00", answersDue: "2027-06-20" };
    const { slug, id: roundId } = await openRound({ db: fresh.db, actor: coordinator, input: plan, now: new Date("2027-02-20T03:00:00Z") });
    const coord = await fresh.db.prisma.department.findFirstOrThrow({ where: { isCoordinator: true } });
    await createChatUser(fresh.db.sql, { userId: "u-mai", identityId: "i-mai", channel: "telegram", externalId: "tg-mai", chatId: "tg-mai", displayName: null, locale: "vi", now: new Date("2027-03-01T03:00:00Z") });
    const question = await fresh.db.prisma.$transaction((tx) =>
      createProposal(tx, { kind: "proposal", userId: "u-mai", channel: "telegram", chatId: "tg-mai", content: "Tỉnh có cho thanh niên vay vốn học nghề không?", topic: null, departmentId: coord.id, roundId, now: new Date("2027-03-10T03:00:00Z") }),
    );
    await putOnAgenda({ db: fresh.db, actor: coordinator, slug, code: question.code, input: { departmentId: coord.id }, now: new Date("2027-04-20T15:30:00Z"), texts }); // 22:30: waits
    const morning = new Date("2027-04-21T00:00:00Z");
    const runs = await overlapping(fresh.target.url, [() => sendDueRoundNotices(fresh.db, { now: morning, texts }), () => sendDueRoundNotices(fresh.db, { now: morning, texts })]);
    expect(runs.reduce((sum, r) => sum + r.sent, 0)).toBe(1);
    expect((await perChat("đã được chọn vào chương trình")).get("tg-mai")).toBe(1);
  });
});
