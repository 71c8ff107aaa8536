// Subscriptions as young people and coordinators live them: /dangky in the web chat with numbered
// choices, the consent recorded and shown in /dulieucuatoi; a new opportunity that fits is told at
// once (once per person and opportunity), one that does not fit is not; at 22:00 the notice waits
// until 07:00; weekly subscribers get one digest a week with at most five items and the /co-hoi
// link; STOP stops digests and broadcasts (and withdraws the digest not yet read); a broadcast's
// dry-run count is the number sent, it can be paused and resumed; a poll answer counts once and the
// results add up.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answerPoll } from "../../src/announcements/answer-poll.ts";
import { broadcastProgress, pollResults, pollResultsCsv } from "../../src/announcements/broadcast-report.ts";
import { createOpportunity } from "../../src/announcements/create-opportunity.ts";
import { queueOpportunityNotices, sendDueNotices } from "../../src/announcements/notify-subscribers.ts";
import { pauseBroadcast } from "../../src/announcements/pause-broadcast.ts";
import { pumpBroadcasts } from "../../src/announcements/pump-broadcasts.ts";
import { inQuietHours, sendableAt } from "../../src/announcements/quiet-hours.ts";
import { countSegment } from "../../src/announcements/segment-recipients.ts";
import { sendBroadcast } from "../../src/announcements/send-broadcast.ts";
import { sendWeeklyDigests } from "../../src/announcements/weekly-digest.ts";
import { fixedClock } from "../../src/clock.ts";
import { detectIntent } from "../../src/conversation/intent.ts";
import type { StaffActor } from "../../src/staff/staff-scope.ts";
import { runApp, type RunningApp } from "../support/app.ts";

const coordinator: StaffActor = { id: "c1", email: "dieuphoi@tinhdoan.gov.vn", name: "Điều phối", role: "coordinator", departmentId: null };
const topics = new Set(["viec-lam"]);

describe("quiet hours", () => {
  it("holds what falls due from 21:00 to 07:00 Vietnam time until 07:00", () => {
    expect(inQuietHours(new Date("2027-03-10T15:00:00Z"))).toBe(true); // 22:00
    expect(sendableAt(new Date("2027-03-10T15:00:00Z")).toISOString()).toBe("2027-03-11T00:00:00.000Z"); // 07:00 next day
    expect(sendableAt(new Date("2027-03-10T20:30:00Z")).toISOString()).toBe("2027-03-11T00:00:00.000Z"); // 03:30 → 07:00 same day
    expect(sendableAt(new Date("2027-03-10T03:00:00Z")).toISOString()).toBe("2027-03-10T03:00:00.000Z"); // 10:00: at once
    expect(inQuietHours(new Date("2027-03-10T13:59:00Z"))).toBe(false); // 20:59
  });
});

describe("asking to subscribe", () => {
  it("reads /dangky and 'đăng ký nhận tin' as subscribing, and leaves other registrations to the knowledge base", () => {
    for (const text of ["/dangky", "đăng ký nhận tin", "em muốn đăng ký nhận thông báo việc làm", "subscribe"]) expect(detectIntent(text).type, text).toBe("subscribe");
    expect(detectIntent("/huydangky").type).toBe("stopNotices");
    expect(detectIntent("đăng ký kết hôn cần giấy tờ gì").type).toBe("question");
  });
});

describe("subscriptions, digests and broadcasts", () => {
  let app: RunningApp;
  const clock = fixedClock("2027-03-01T03:00:00Z"); // Monday 10:00 in Vietnam
  const texts = () => ({ prompts: app.prompts, publicBaseUrl: "https://tro-ly.example.vn" });
  const add = (input: Record<string, string>) =>
    createOpportunity({ db: app.db, actor: coordinator, input: { organiser: "Trung tâm Dịch vụ việc làm", ...input }, topics, now: clock.now(), notices: texts() });
  const userOf = async (label: string) => {
    await app.chat(label, "xin chào");
    const rows = await app.db.prisma.message.findMany({ orderBy: { id: "desc" }, take: 1, include: { identity: true } });
    return rows[0]!.identity;
  };
  const outboxFor = (chatId: string) => app.db.prisma.outboxMessage.findMany({ where: { chatId }, orderBy: { id: "asc" } });
  const subscribe = async (label: string, kinds: string, area: string, cadence: "1" | "2") => {
    const first = await app.chat(label, "/dangky");
    await app.chat(label, kinds);
    await app.chat(label, area);
    const confirm = await app.chat(label, cadence);
    const done = await app.chat(label, "Đồng ý");
    return { first, confirm, done };
  };
  let lan: { userId: string; chatId: string };
  let minh: { userId: string; chatId: string };
  const people: { userId: string; chatId: string }[] = [];

  beforeAll(async () => {
    app = await runApp({ clock });
    lan = await userOf("web-lan");
    minh = await userOf("web-minh");
  });
  afterAll(async () => {
    await app.stop();
  });

  it("subscribes with numbered choices, records the consent and shows both in /dulieucuatoi", async () => {
    const { first, confirm, done } = await subscribe("web-lan", "1 3", "Rạch Giá", "1");
    expect(first.replies[0].text).toContain("Đăng ký nhận tin");
    expect(first.replies[0].choices.map((c: { label: string }) => c.label)).toContain("Khóa học, học nghề");
    expect(confirm.replies[0].text).toContain("việc làm, khóa học, học nghề, ở Rạch Giá");
    expect(confirm.replies[0].text).toContain("21 giờ đến 7 giờ");
    expect(done.replies[0].text).toContain("✅ Đã đăng ký");
    const sub = await app.db.prisma.subscription.findUniqueOrThrow({ where: { userId: lan.userId } });
    expect(sub).toMatchObject({ kinds: "job,course", area: "Rạch Giá", cadence: "immediate" });
    const consents = await app.db.prisma.consent.findMany({ where: { userId: lan.userId, purpose: "messages", withdrawnAt: null } });
    expect(consents).toHaveLength(1);
    const mine = (await app.chat("web-lan", "/dulieucuatoi")).replies[0].text;
    expect(mine).toContain("Đăng ký nhận tin: việc làm, khóa học, học nghề, ở Rạch Giá, Báo ngay khi có (từ 01/03/2027)");
    expect(mine).toContain("nhận tin về cơ hội, thông báo và khảo sát bạn đã đăng ký");
  });

  it("refuses a place that is not a commune's name and asks again", async () => {
    await app.chat("web-hoa", "/dangky");
    await app.chat("web-hoa", "2");
    const bad = await app.chat("web-hoa", "12345");
    expect(bad.replies[0].text).toContain("không giống tên một xã, phường");
    const ok = await app.chat("web-hoa", "Cả tỉnh");
    expect(ok.replies[0].text).toContain("Bạn muốn nhận tin thế nào?");
    await app.chat("web-hoa", "huỷ"); // leaves the flow: nothing saved
  });

  it("tells an immediate subscriber of a new opportunity that fits, once, and not of one that does not", async () => {
    const before = (await outboxFor(lan.chatId)).length;
    const fits = await add({ kind: "job", title: "Tuyển thợ hàn", place: "Phường Rạch Giá", deadline: "2027-03-20", link: "https://vieclam.example.vn/han" });
    await add({ kind: "job", title: "Tuyển hướng dẫn viên", place: "Đặc khu Phú Quốc", deadline: "2027-03-20" });
    await add({ kind: "event", title: "Đêm nhạc thanh niên", place: "Phường Rạch Giá", startsAt: "2027-03-20" });
    const after = await outboxFor(lan.chatId);
    expect(after.length - before).toBe(1);
    const text = JSON.parse(after.at(-1)!.payload).text as string;
    expect(text).toContain("🔔 Cơ hội mới phù hợp với bạn: Tuyển thợ hàn — Trung tâm Dịch vụ việc làm, Phường Rạch Giá; hạn đăng ký 20/03/2027 https://vieclam.example.vn/han");
    expect(text).toContain("/huydangky");
    // Told once per person and opportunity, whatever calls it again.
    await app.db.prisma.$transaction((tx) => queueOpportunityNotices(tx, { opportunityIds: [fits.id], now: clock.now(), texts: texts() }));
    expect((await outboxFor(lan.chatId)).length).toBe(after.length);
    expect(await app.db.prisma.opportunityNotice.count({ where: { userId: lan.userId, opportunityId: fits.id } })).toBe(1);
  });

  it("holds a notice due at 22:00 until 07:00 the next morning", async () => {
    clock.set("2027-03-01T15:00:00Z"); // 22:00
    const before = (await outboxFor(lan.chatId)).length;
    const late = await add({ kind: "course", title: "Lớp tin học miễn phí", place: "Phường Rạch Giá", deadline: "2027-03-25" });
    const waiting = await app.db.prisma.opportunityNotice.findFirstOrThrow({ where: { userId: lan.userId, opportunityId: late.id } });
    expect(waiting.status).toBe("waiting");
    expect(waiting.dueAt.toISOString()).toBe("2027-03-02T00:00:00.000Z");
    expect((await outboxFor(lan.chatId)).length).toBe(before);
    clock.set("2027-03-01T18:00:00Z"); // 01:00: still quiet
    expect((await sendDueNotices(app.db, { now: clock.now(), texts: texts() })).sent).toBe(0);
    clock.set("2027-03-02T00:05:00Z"); // 07:05
    expect((await sendDueNotices(app.db, { now: clock.now(), texts: texts() })).sent).toBe(1);
    const after = await outboxFor(lan.chatId);
    expect(after.length).toBe(before + 1);
    expect(JSON.parse(after.at(-1)!.payload).text).toContain("Lớp tin học miễn phí");
  });

  it("sends what waited for a person as one message listing five and counting the rest, not one message each", async () => {
    // 07:05 in Vietnam (the clock the test before left): nothing is held by quiet hours now.
    const before = (await outboxFor(lan.chatId)).length;
    for (let i = 1; i <= 7; i++) {
      // Without texts the notices wait for the job, as an import's do when it cannot write them.
      await createOpportunity({ db: app.db, actor: coordinator, input: { organiser: "Trung tâm Dịch vụ việc làm", kind: "job", title: `Tuyển công nhân đợt ${i}`, place: "Phường Rạch Giá", deadline: "2027-03-28" }, topics, now: clock.now() });
    }
    const result = await sendDueNotices(app.db, { now: clock.now(), texts: texts() });
    expect(result.sent).toBe(7);
    const after = await outboxFor(lan.chatId);
    expect(after.length).toBe(before + 1);
    const text = JSON.parse(after.at(-1)!.payload).text as string;
    expect(text).toContain("🔔 7 cơ hội mới phù hợp với bạn:");
    expect(text).toContain("Tuyển công nhân đợt 5");
    expect(text).not.toContain("Tuyển công nhân đợt 6");
    expect(text).toContain("… và 2 cơ hội khác.");
    expect(text).toContain("/co-hoi");
    expect(await app.db.prisma.opportunityNotice.count({ where: { userId: lan.userId, status: "sent", opportunity: { title: { startsWith: "Tuyển công nhân đợt" } } } })).toBe(7);
  });

  it("sends a weekly subscriber one digest a week of at most five items with the /co-hoi link, and nothing after STOP", async () => {
    clock.set("2027-03-02T03:00:00Z");
    await subscribe("web-minh", "7", "cả tỉnh", "2");
    for (let i = 1; i <= 6; i++) await add({ kind: "volunteering", title: `Chiến dịch tình nguyện số ${i}`, place: "Xã Hòn Đất", deadline: `2027-03-${10 + i}` });
    expect(await app.db.prisma.opportunityNotice.count({ where: { userId: minh.userId } })).toBe(0); // weekly: not told at once
    clock.set("2027-03-08T01:30:00Z"); // Monday 08:30
    const before = (await outboxFor(minh.chatId)).length;
    expect((await sendWeeklyDigests(app.db, { now: clock.now(), texts: texts() })).sent).toBe(1);
    const digest = await outboxFor(minh.chatId);
    expect(digest.length).toBe(before + 1);
    const text = JSON.parse(digest.at(-1)!.payload).text as string;
    expect(text).toContain("📬 Bản tin cơ hội trong tuần");
    expect(text).toContain("1. Chiến dịch tình nguyện số 1");
    expect(text).toContain("5. ");
    expect(text).not.toContain("6. ");
    expect(text).toContain("… và");
    expect(text).toContain("https://tro-ly.example.vn/co-hoi");
    // Once a week, however often the job runs.
    clock.set("2027-03-09T02:00:00Z");
    expect((await sendWeeklyDigests(app.db, { now: clock.now(), texts: texts() })).sent).toBe(0);
    // STOP: the digest not yet read in the web chat is withdrawn, and next week's does not go.
    await app.chat("web-minh", "STOP");
    await add({ kind: "event", title: "Ngày hội thanh niên", place: "Xã Hòn Đất", startsAt: "2027-03-30" });
    clock.set("2027-03-15T01:30:00Z");
    await sendWeeklyDigests(app.db, { now: clock.now(), texts: texts() });
    expect((await outboxFor(minh.chatId)).length).toBe(digest.length - 1);
    expect((await outboxFor(minh.chatId)).some((m) => m.payload.includes("Bản tin cơ hội"))).toBe(false);
    expect((await countSegment(app.db, { kinds: [], area: "", ageBands: [], channels: [] })).total).toBe(1); // only Lan
  });

  it("sends a broadcast to as many as the dry run counted, pauses and resumes it, and never to someone who stopped", async () => {
    clock.set("2027-03-15T03:00:00Z");
    for (let i = 0; i < 5; i++) {
      people.push(await userOf(`web-b${i}`));
      await subscribe(`web-b${i}`, "1", "Phường Rạch Giá", "2");
    }
    const segment = { kinds: ["job"], area: "Rạch Giá", ageBands: [], channels: ["web"] };
    const dry = await countSegment(app.db, segment as never);
    expect(dry.total).toBe(6); // Lan and the five; Minh stopped
    const sent = await sendBroadcast({ db: app.db, actor: coordinator, input: { kind: "announcement", text: "Hội chợ việc làm sáng thứ Bảy tại Nhà văn hóa thanh niên.", segment }, now: clock.now() });
    expect(sent.recipients).toBe(dry.total);

    await pumpBroadcasts(app.db, { now: clock.now(), texts: texts(), window: { web: 2 } });
    expect((await broadcastProgress(app.db, sent.id))!.counts).toMatchObject({ pending: 2, waiting: 4 });
    await pauseBroadcast({ db: app.db, actor: coordinator, id: sent.id, pause: true, now: clock.now() });
    await app.db.prisma.outboxMessage.updateMany({ where: { status: "pending", chatId: { in: people.map((p) => p.chatId).concat(lan.chatId) } }, data: { status: "sent" } });
    await pumpBroadcasts(app.db, { now: clock.now(), texts: texts(), window: { web: 2 } });
    expect((await broadcastProgress(app.db, sent.id))!.counts).toMatchObject({ sent: 2, waiting: 4 }); // paused: nothing more
    await expect(pauseBroadcast({ db: app.db, actor: coordinator, id: sent.id, pause: true, now: clock.now() })).rejects.toMatchObject({ code: "conflict" });
    // Someone stops before their turn: skipped, not sent.
    const waitingIds = new Set((await app.db.prisma.broadcastRecipient.findMany({ where: { broadcastId: sent.id, status: "waiting" } })).map((r) => r.userId));
    const stoppedAt = people.findIndex((p) => waitingIds.has(p.userId));
    await app.chat(`web-b${stoppedAt}`, "/huydangky");
    await pauseBroadcast({ db: app.db, actor: coordinator, id: sent.id, pause: false, now: clock.now() });
    for (let i = 0; i < 5; i++) await pumpBroadcasts(app.db, { now: clock.now(), texts: texts(), window: { web: 100 } });
    const done = (await broadcastProgress(app.db, sent.id))!;
    expect(done.broadcast.status).toBe("sent");
    expect(done.counts).toMatchObject({ waiting: 0, skipped: 1 });
    expect(done.counts.sent + done.counts.pending).toBe(5);
    const stopped = people[stoppedAt]!;
    expect((await outboxFor(stopped.chatId)).some((m) => m.payload.includes("Hội chợ việc làm sáng thứ Bảy"))).toBe(false);
    const audit = await app.db.prisma.auditLog.findMany({ where: { target: sent.id }, orderBy: { id: "asc" } });
    expect(audit.map((a) => a.action)).toEqual(["broadcast.send", "broadcast.pause", "broadcast.resume"]);
  });

  it("records a poll answer once, by button, not by a bare number typed where the options were buttons, and adds up the results", async () => {
    clock.set("2027-03-16T03:00:00Z");
    const poll = await sendBroadcast({
      db: app.db,
      actor: coordinator,
      input: { kind: "poll", text: "Bạn muốn Tỉnh đoàn mở lớp kỹ năng nào?", options: ["Tin học", "Ngoại ngữ", "Kỹ năng mềm"], segment: { kinds: ["job"], channels: ["web"] } },
      now: clock.now(),
    });
    await pumpBroadcasts(app.db, { now: clock.now(), texts: texts(), window: { web: 100 } });
    const message = (await outboxFor(lan.chatId)).at(-1)!;
    const payload = JSON.parse(message.payload);
    expect(payload.choices.map((c: { label: string }) => c.label)).toEqual(["Tin học", "Ngoại ngữ", "Kỹ năng mềm"]);

    const byButton = await app.chat("web-lan", "Ngoại ngữ", { choice: payload.choices[1].id });
    expect(byButton.replies[0].text).toContain("Đã ghi nhận câu trả lời của bạn: “Ngoại ngữ”");
    const again = await app.chat("web-lan", "Tin học", { choice: payload.choices[0].id });
    expect(again.replies[0].text).toContain("Bạn đã trả lời khảo sát này rồi (“Ngoại ngữ”)");
    const polled = new Set((await app.db.prisma.broadcastRecipient.findMany({ where: { broadcastId: poll.id, status: "queued" } })).map((r) => r.userId));
    const voter = people.findIndex((p) => polled.has(p.userId));
    // In the web chat the options are buttons: a bare "3" typed there is read as a message, not as
    // an answer (on Zalo, where they arrive as a numbered list, it is: broadcast-chats.test.ts).
    const typed = await app.chat(`web-b${voter}`, "3");
    expect(typed.replies[0].text).not.toContain("Đã ghi nhận câu trả lời");
    const byNumber = await app.chat(`web-b${voter}`, "Kỹ năng mềm", { choice: payload.choices[2].id });
    expect(byNumber.replies[0].text).toContain("“Kỹ năng mềm”");
    const wrong = await app.db.prisma.$transaction((tx) => answerPoll(tx, { broadcastId: poll.id, userId: lan.userId, option: 9, channel: "web", now: clock.now() }));
    expect(wrong.outcome).toBe("badOption");

    const results = (await pollResults(app.db, poll.id))!;
    expect(results.options.map((o) => o.count)).toEqual([0, 1, 1]);
    expect(results.answered).toBe(2);
    expect(results.asked).toBe(poll.recipients);
    expect(pollResultsCsv(results)).toContain("2,Ngoại ngữ,1,50");
  });

  it("offers /dangky when nothing matches in chat", async () => {
    const none = await app.chat("web-kn", "có cuộc thi khởi nghiệp nào không");
    expect(none.replies[0].text).toContain("/dangky");
    const start = await app.chat("web-kn", "Đăng ký nhận tin", { choice: none.replies[0].choices[0].id });
    expect(start.replies[0].text).toContain("bạn muốn được báo về loại cơ hội nào");
  });
});
