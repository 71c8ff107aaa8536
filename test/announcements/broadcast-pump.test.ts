// The broadcast pump with more web recipients than one window. Web chat messages are not sent by a
// worker: they wait in the outbox until the person opens the chat page, which may be days later or
// never. They must not hold the broadcast back, or a broadcast to more web subscribers than one
// window would stop there forever (and never be marked sent).
import { describe, expect, it } from "vitest";
import { broadcastProgress } from "../../src/announcements/broadcast-report.ts";
import { pumpBroadcasts } from "../../src/announcements/pump-broadcasts.ts";
import { sendBroadcast } from "../../src/announcements/send-broadcast.ts";
import { fixedClock } from "../../src/clock.ts";
import type { StaffActor } from "../../src/staff/staff-scope.ts";
import { Prompts } from "../../src/prompts.ts";
import { freshDatabaseEachTest } from "../support/database.ts";
import { seedSubscribers } from "../support/subscribers.ts";

const coordinator: StaffActor = { id: "c1", email: "dieuphoi@tinhdoan.gov.vn", name: "Điều phối", role: "coordinator", departmentId: null };

// On the database alone: a running service would pump too, every two seconds, between these runs.
describe("broadcast pump", () => {
  const fresh = freshDatabaseEachTest("sqlite");
  const clock = fixedClock("2027-03-01T03:00:00Z"); // 10:00 in Vietnam, outside quiet hours
  const prompts = Prompts.load({ botName: "Trợ lý", orgName: "Tỉnh đoàn" });

  it("queues web recipients a window per run even when nobody has opened the chat page yet", async () => {
    const people = await seedSubscribers(fresh.db, { count: 250, now: clock.now(), channels: ["web"] });
    const sent = await sendBroadcast({ db: fresh.db, actor: coordinator, input: { kind: "announcement", text: "Ngày hội việc làm thanh niên sáng Chủ nhật." }, now: clock.now() });
    expect(sent.recipients).toBe(250);
    const texts = { prompts, publicBaseUrl: "https://tro-ly.example.vn" };

    const runs = [];
    for (let i = 0; i < 4; i++) runs.push(await pumpBroadcasts(fresh.db, { now: clock.now(), texts, window: { web: 100 } }));
    expect(runs.map((r) => r.queued)).toEqual([100, 100, 50, 0]);
    const progress = (await broadcastProgress(fresh.db, sent.id))!;
    expect(progress.broadcast.status).toBe("sent");
    expect(progress.counts).toMatchObject({ waiting: 0, pending: 250 });
    // One message in each person's inbox.
    const inbox = await fresh.db.prisma.outboxMessage.groupBy({ by: ["chatId"], where: { channel: "web", payload: { contains: "Ngày hội việc làm thanh niên" } }, _count: { _all: true } });
    expect(inbox).toHaveLength(people.length);
    expect(inbox.every((r) => r._count._all === 1)).toBe(true);
    // Written as bulk messages, which the outbox worker sends after replies.
    expect(await fresh.db.prisma.outboxMessage.count({ where: { channel: "web", bulk: true } })).toBe(250);
  });
});
