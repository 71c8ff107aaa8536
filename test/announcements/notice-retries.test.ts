// A broadcast message that Telegram refused at 20:59:59 is not tried again a second later, at
// 21:00, in the quiet hours: its retry waits for 07:00 and it goes then. A reply refused at the same
// moment is retried on its usual back-off, quiet hours or not. The service runs whole, its outbox
// worker sending to a fake Telegram that answers 500 twice, on a stopped clock.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pumpBroadcasts } from "../../src/announcements/pump-broadcasts.ts";
import { sendBroadcast } from "../../src/announcements/send-broadcast.ts";
import { fixedClock } from "../../src/clock.ts";
import type { StaffActor } from "../../src/staff/staff-scope.ts";
import { runApp, type RunningApp } from "../support/app.ts";
import { FakeTelegram } from "../support/fake-telegram.ts";
import { seedSubscribers } from "../support/subscribers.ts";

const coordinator: StaffActor = { id: "c1", email: "dieuphoi@tinhdoan.gov.vn", name: "Điều phối", role: "coordinator", departmentId: null };
const BROADCAST = "Ngày hội việc làm thanh niên sáng Chủ nhật tại Nhà văn hóa tỉnh.";

describe("retries in the quiet hours", () => {
  const fake = new FakeTelegram();
  let app: RunningApp;
  const clock = fixedClock("2027-03-10T13:59:59.500Z"); // 20:59:59.5 in Vietnam
  beforeAll(async () => {
    await fake.start();
    app = await runApp({ clock, env: { ...fake.webhookEnv("retry-secret-0123456789"), OUTBOX_RETRY_BASE_MS: "1000" } });
  });
  afterAll(async () => {
    await app.stop();
    await fake.stop();
  });

  /** Waits until the worker has tried and failed the outbox message, and returns it. */
  const failedOnce = async (id: number) => {
    for (;;) {
      const row = await app.db.prisma.outboxMessage.findUniqueOrThrow({ where: { id } });
      if (row.lastError !== null && row.status === "pending") return row;
      await new Promise((r) => setTimeout(r, 20));
    }
  };

  it("holds a failed broadcast message until 07:00 and sends it then, while a failed reply is retried at once", async () => {
    const [person] = await seedSubscribers(app.db, { count: 1, now: clock.now(), channels: ["telegram"] });
    fake.failNext("sendMessage", 2, { status: 500 });

    await app.conversation.handle({ channel: "telegram", chatId: "555", userId: "555", text: "lương thử việc được bao nhiêu", messageId: "r1", date: clock.now() }, { delivery: "outbox" });
    const reply = await app.db.prisma.outboxMessage.findFirstOrThrow({ where: { chatId: "555" }, orderBy: { id: "asc" } });
    await sendBroadcast({ db: app.db, actor: coordinator, input: { kind: "announcement", text: BROADCAST }, now: clock.now() });
    expect((await pumpBroadcasts(app.db, { now: clock.now(), texts: { prompts: app.prompts } })).queued).toBe(1);
    const bulk = await app.db.prisma.outboxMessage.findFirstOrThrow({ where: { chatId: person!.chatId, bulk: true } });

    // Both refused at 20:59:59.5; a retry a second later would fall at 21:00.
    const retriedReply = await failedOnce(reply.id);
    const retriedBulk = await failedOnce(bulk.id);
    expect(retriedBulk.nextAttemptAt.toISOString()).toBe("2027-03-11T00:00:00.000Z"); // 07:00 the next morning
    expect(retriedReply.nextAttemptAt.getTime()).toBeLessThan(new Date("2027-03-10T14:00:05Z").getTime());

    clock.set("2027-03-11T00:00:00Z");
    const delivered = await fake.waitFor((m) => m.text.includes("Ngày hội việc làm thanh niên"), 10_000);
    expect(String(delivered.chat_id)).toBe(person!.chatId);
  });
});
