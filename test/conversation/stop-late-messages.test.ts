// STOP holds for the messages it could not take out of the outbox itself. A job that read "not
// stopped" just before the STOP committed writes its notice just after; a broadcast message being
// sent at the moment of STOP fails and is put back for a retry, or its worker dies and its lease runs
// out. Each of them reaches the outbox worker later: it is dropped there, never sent, and the
// broadcast counts its recipient as skipped, as for the messages STOP took out. The racy steps are
// called here one after the other in the racy order; the worker is a real OutboxWorker over the
// service's database, sending to a recording Telegram stand-in, run for one round.
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { broadcastProgress } from "../../src/announcements/broadcast-report.ts";
import { pumpBroadcasts } from "../../src/announcements/pump-broadcasts.ts";
import { sendBroadcast } from "../../src/announcements/send-broadcast.ts";
import { MESSAGES_CONSENT } from "../../src/announcements/subscription-terms.ts";
import type { ChannelAdapter } from "../../src/channels/channel.ts";
import { OutboxWorker } from "../../src/channels/outbox-worker.ts";
import { fixedClock } from "../../src/clock.ts";
import { noticeRecipients } from "../../src/db/notice-recipients.ts";
import { claimDueMessages, enqueueMessages, markRetry } from "../../src/db/outbox.ts";
import type { StaffActor } from "../../src/staff/staff-scope.ts";
import { runApp, type RunningApp } from "../support/app.ts";
import { seedSubscribers, type Subscriber } from "../support/subscribers.ts";

const coordinator: StaffActor = { id: "c1", email: "dieuphoi@tinhdoan.gov.vn", name: "Điều phối", role: "coordinator", departmentId: null };

describe("nothing unasked goes after STOP, even what STOP could not take out itself", () => {
  let app: RunningApp;
  const clock = fixedClock("2027-03-01T03:00:00Z"); // Monday 10:00 in Vietnam
  const texts = () => ({ prompts: app.prompts, publicBaseUrl: "https://tro-ly.example.vn" });
  /** What reached "Telegram", by chat. The service itself has no Telegram configured: only this worker sends there. */
  const delivered: { chatId: string; text: string }[] = [];
  const telegram: ChannelAdapter = {
    channel: "telegram",
    // High enough that one round claims every bulk message due here (a tenth of the rate a round).
    rateLimits: { perSecond: 1000, perChatPerSecond: 0 },
    start: async () => undefined,
    stop: async () => undefined,
    status: () => "webhook",
    send: async (chatId, message) => {
      delivered.push({ chatId, text: message.text });
    },
  };
  /** One round of the outbox worker: it claims what is due now (replies, then bulk messages) and sends or drops it. */
  const runWorker = async () => {
    const worker = new OutboxWorker(app.db, [telegram], pino({ level: "silent" }), { clock });
    worker.start();
    await worker.stop();
  };
  let n = 0;
  const say = (who: Subscriber, text: string) =>
    app.conversation.handle({ channel: "telegram", chatId: who.chatId, userId: who.chatId, text, messageId: `m${++n}`, date: clock.now() });
  const reached = (who: Subscriber, words: string) => delivered.some((d) => d.chatId === who.chatId && d.text.includes(words));
  /** Each person's line in the broadcast's progress, as the console shows it. */
  const statusOf = async (broadcastId: string, people: Subscriber[]) => {
    const progress = (await broadcastProgress(app.db, broadcastId))!;
    return people.map((p) => progress.recipients.find((r) => r.userId === p.userId)!.status);
  };
  const outboxOf = (who: Subscriber, words: string) => app.db.prisma.outboxMessage.findMany({ where: { chatId: who.chatId, payload: { contains: words } } });

  beforeAll(async () => {
    app = await runApp({ clock });
  });
  afterAll(async () => {
    await app.stop();
  });

  it("drops a notice a job wrote just after STOP, having read the switch just before it", async () => {
    const [lan, minh] = await seedSubscribers(app.db, { count: 2, now: clock.now(), channels: ["telegram"], firstChatId: 810_000_000 });
    // The job reads who may be told: both, neither has stopped yet.
    const recipients = await noticeRecipients(app.db.prisma, [lan!.userId, minh!.userId], { consent: MESSAGES_CONSENT });
    expect(recipients).toHaveLength(2);
    // Lan's STOP commits now: there is nothing of the job's in the outbox to take out yet.
    expect((await say(lan!, "STOP"))!.replies[0]!.text).toContain("🔕 Đã dừng");
    // The job's transaction commits its notices after the STOP.
    const words = "Tuyển công nhân may xuất khẩu, làm việc tại xã";
    await enqueueMessages(
      app.db.prisma,
      recipients.map((r) => ({ channel: r.channel, chatId: r.chatId, identityId: r.identityId, payload: { text: words } })),
      clock.now(),
      { bulk: true },
    );

    await runWorker();
    expect(reached(minh!, words)).toBe(true);
    expect(reached(lan!, words)).toBe(false);
    expect(await outboxOf(lan!, words)).toEqual([]);
  });

  it("drops a broadcast message that was being sent at the moment of STOP and failed, instead of retrying it, and counts its recipient as skipped", async () => {
    const [hoa, son] = await seedSubscribers(app.db, { count: 2, now: clock.now(), channels: ["telegram"], firstChatId: 820_000_000 });
    const words = "Hội thi tin học trẻ cấp tỉnh năm 2027";
    const broadcast = await sendBroadcast({ db: app.db, actor: coordinator, input: { kind: "announcement", text: `${words}: đăng ký trước ngày 15/3.` }, now: clock.now() });
    await pumpBroadcasts(app.db, { now: clock.now(), texts: texts() });
    // A worker claims both messages (and those of the subscribers before them) and starts sending them…
    const claimed = await claimDueMessages(app.db.sql, { channels: ["telegram"], limit: 100, now: clock.now(), provider: app.db.provider, bulk: true });
    expect(claimed.map((m) => m.chatId)).toEqual(expect.arrayContaining([hoa!.chatId, son!.chatId]));
    // …Hoa says STOP meanwhile (hers is being sent, so STOP leaves it)…
    await say(hoa!, "STOP");
    expect(await outboxOf(hoa!, words)).toHaveLength(1);
    // …and Telegram refuses both with a 500: they are put back for a retry.
    for (const m of claimed) await markRetry(app.db.prisma, m.id, clock.now(), "Telegram 500");

    await runWorker();
    expect(reached(son!, words)).toBe(true);
    expect(reached(hoa!, words)).toBe(false);
    expect(await outboxOf(hoa!, words)).toEqual([]);
    expect(await statusOf(broadcast.id, [hoa!, son!])).toEqual(["skipped", "sent"]);
  });

  it("drops a broadcast message whose worker died while sending it, once its lease runs out after STOP", async () => {
    const [kim] = await seedSubscribers(app.db, { count: 1, now: clock.now(), channels: ["telegram"], firstChatId: 830_000_000 });
    const words = "Chương trình tình nguyện Mùa hè xanh tuyển sinh viên";
    const broadcast = await sendBroadcast({ db: app.db, actor: coordinator, input: { kind: "announcement", text: `${words} ở các xã ven biển.` }, now: clock.now() });
    await pumpBroadcasts(app.db, { now: clock.now(), texts: texts() });
    // Claimed by a worker that dies mid-send: the row stays "sending" until its lease runs out.
    const claimed = await claimDueMessages(app.db.sql, { channels: ["telegram"], limit: 100, now: clock.now(), provider: app.db.provider, bulk: true, leaseMs: 30_000 });
    expect(claimed.map((m) => m.chatId)).toContain(kim!.chatId);
    await say(kim!, "/huydangky");
    clock.advance(60_000);

    await runWorker();
    expect(reached(kim!, words)).toBe(false);
    expect(await outboxOf(kim!, words)).toEqual([]);
    expect(await statusOf(broadcast.id, [kim!])).toEqual(["skipped"]);
  });
});
