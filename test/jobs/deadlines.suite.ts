// The deadlines job on a real database with a test clock (fixedClock, moved forward by the
// stories), run on SQLite (deadlines.test.ts) and PostgreSQL (deadlines.pg.test.ts): departments
// are reminded of items due soon and overdue items are escalated to the coordinators, once each,
// with an audit entry and a Telegram notice through the outbox; and the job lease lets one
// instance run it.
import pino from "pino";
import { afterAll, beforeAll, expect, it } from "vitest";
import { fixedClock } from "../../src/clock.ts";
import { openDatabase, type Db } from "../../src/db/client.ts";
import { migrateDatabase } from "../../src/db/migrate.ts";
import { checkDeadlines, DEADLINES_ACTOR } from "../../src/jobs/check-deadlines.ts";
import { Events } from "../../src/events.ts";
import { deadlineJob } from "../../src/jobs/deadline-job.ts";
import { claimLease } from "../../src/jobs/job-lease.ts";
import { startScheduledJobs } from "../../src/jobs/scheduler.ts";
import { createProposal } from "../../src/proposals/create-proposal.ts";
import { seedDepartments } from "../../src/proposals/seed-departments.ts";
import type { DatabaseTarget } from "../../src/db/database-url.ts";
import { createTestDatabase, tempDir, testConfig, type TestDatabase } from "../support/env.ts";

const DAY = 86_400_000;
const NOW = new Date("2026-03-10T02:00:00Z");
const silent = pino({ level: "silent" });

export function runDeadlineSuite(provider: DatabaseTarget["provider"]): void {
  let target: TestDatabase;
  let db: Db;
  const codes: Record<string, string> = {};
  // The suite's one clock: each check reads it, and the stories move it forward.
  const clock = fixedClock(NOW);

  /** A proposal created `ageDays` before NOW in a department that gives 15 days. */
  async function proposal(name: string, ageDays: number, extra: { status?: string; mergedIntoId?: string } = {}) {
    const dept = await db.prisma.department.findUniqueOrThrow({ where: { slug: "so-noi-vu" } });
    const user = await db.prisma.chatUser.create({ data: {} });
    const created = await db.prisma.$transaction((tx) =>
      createProposal(tx, { kind: "proposal", userId: user.id, channel: "web", chatId: `u-${name}`, content: `Kiến nghị ${name}`, topic: null, departmentId: dept.id, now: new Date(NOW.getTime() - ageDays * DAY) }),
    );
    if (extra.status || extra.mergedIntoId) await db.prisma.proposal.update({ where: { id: created.id }, data: extra });
    codes[name] = created.code;
    return created;
  }

  beforeAll(async () => {
    target = await createTestDatabase(provider);
    await migrateDatabase(target.target);
    db = await openDatabase(target.target);
    await seedDepartments(db);
    const overdue = await proposal("overdue", 20); // due 5 days ago
    await proposal("dueSoon", 13); // due in 2 days
    await proposal("dueLater", 2); // due in 13 days
    await proposal("overdueClosed", 20, { status: "closed" });
    await proposal("overdueMerged", 20, { mergedIntoId: overdue.id });
  });
  afterAll(async () => {
    await db.close();
    await target.cleanup();
  });

  it("reminds of items due within the reminder days and escalates overdue ones, with notices", async () => {
    const report = await checkDeadlines({ db, now: clock.now(), reminderDays: 3, telegramChatId: "-1001234567890", publicBaseUrl: "https://bot.example.gov.vn" });
    expect(report).toEqual({ reminded: [codes.dueSoon], escalated: [codes.overdue], urgent: [] });
    const rows = await db.prisma.proposal.findMany({ select: { code: true, reminderSentAt: true, escalatedAt: true } });
    const byCode = new Map(rows.map((r) => [r.code, r]));
    expect(byCode.get(codes.dueSoon!)!.reminderSentAt).toEqual(NOW);
    expect(byCode.get(codes.overdue!)!.escalatedAt).toEqual(NOW);
    for (const name of ["dueLater", "overdueClosed", "overdueMerged"]) {
      expect(byCode.get(codes[name]!)).toMatchObject({ reminderSentAt: null, escalatedAt: null });
    }
    const audit = await db.prisma.auditLog.findMany({ where: { actor: DEADLINES_ACTOR }, orderBy: { id: "asc" } });
    expect(audit.map((a) => [a.action, a.target])).toEqual([
      ["proposal.escalate", codes.overdue],
      ["proposal.reminder", codes.dueSoon],
    ]);
    const notices = await db.prisma.outboxMessage.findMany({ where: { channel: "telegram", chatId: "-1001234567890" }, orderBy: { id: "asc" } });
    expect(notices).toHaveLength(2);
    const [escalation, reminder] = notices.map((n) => JSON.parse(n.payload).text as string);
    expect(escalation).toContain(`Quá hạn: ${codes.overdue}`);
    expect(escalation).toContain("05/03/2026");
    expect(escalation).toContain(`https://bot.example.gov.vn/console/items/${codes.overdue}`);
    expect(reminder).toContain(`Nhắc hạn: ${codes.dueSoon}`);
    expect(reminder).toContain("12/03/2026");
  });

  it("does each only once, and escalates a reminded item when it becomes overdue", async () => {
    clock.advance(3600_000);
    expect(await checkDeadlines({ db, now: clock.now(), reminderDays: 3 })).toEqual({ reminded: [], escalated: [], urgent: [] });
    clock.set(new Date(NOW.getTime() + 3 * DAY)); // the item reminded two days before its deadline is now overdue
    const report = await checkDeadlines({ db, now: clock.now(), reminderDays: 3 });
    expect(report.escalated).toEqual([codes.dueSoon]);
    expect(report.reminded).toEqual([]);
    // Without a staff chat configured, no notice is queued.
    expect(await db.prisma.outboxMessage.count()).toBe(2);
  });

  it("lets exactly one instance hold a job's lease until it runs out", async () => {
    clock.set("2026-03-11T00:00:00Z");
    const results = await Promise.all(["a", "b", "c"].map((owner) => claimLease(db.prisma, { name: "lease-test", owner, ttlMs: 60_000, now: clock.now() })));
    expect(results.filter(Boolean)).toHaveLength(1);
    const winner = ["a", "b", "c"][results.indexOf(true)]!;
    const other = winner === "a" ? "b" : "a";
    clock.advance(30_000);
    expect(await claimLease(db.prisma, { name: "lease-test", owner: other, ttlMs: 60_000, now: clock.now() })).toBe(false);
    clock.advance(31_000);
    expect(await claimLease(db.prisma, { name: "lease-test", owner: other, ttlMs: 60_000, now: clock.now() })).toBe(true);
  });

  it("runs the deadlines job from two schedulers only once per period", async () => {
    await proposal("overdue2", 30);
    clock.set(new Date(NOW.getTime() + 10 * DAY));
    const dir = tempDir();
    const config = testConfig(dir.path, { TELEGRAM_BOT_TOKEN: "123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ", STAFF_TELEGRAM_CHAT_ID: "@canbo_tinhdoan" });
    let woken = 0;
    const schedulers = [1, 2].map(() =>
      startScheduledJobs({
        db,
        log: silent,
        intervalMs: 60_000,
        firstRunMs: 3_600_000,
        clock,
        jobs: [deadlineJob({ db, config, log: silent, events: wakeCounter(() => woken++) })],
      }),
    );
    try {
      await Promise.all(schedulers.map((s) => s.tick()));
      const escalations = await db.prisma.auditLog.count({ where: { action: "proposal.escalate", target: codes.overdue2 } });
      expect(escalations).toBe(1);
      expect(await db.prisma.outboxMessage.count({ where: { channel: "telegram", chatId: "@canbo_tinhdoan", payload: { contains: codes.overdue2! } } })).toBe(1);
      expect(woken).toBe(1);
      const lease = await db.prisma.jobLease.findUniqueOrThrow({ where: { name: "deadlines" } });
      expect(lease.lastRunAt).toEqual(clock.now());
      clock.advance(30_000); // within the lease: neither scheduler runs it again
      await Promise.all(schedulers.map((s) => s.tick()));
      expect((await db.prisma.jobLease.findUniqueOrThrow({ where: { name: "deadlines" } })).lastRunAt).toEqual(lease.lastRunAt);
    } finally {
      await Promise.all(schedulers.map((s) => s.stop()));
      dir.remove();
    }
  });
}

/** An event hub that counts the outbox wake-ups the job asks for. */
function wakeCounter(onWake: () => void): Events {
  const events = new Events();
  events.on("outboxWritten", onWake);
  return events;
}
