// STOP as a subscriber lives it: "STOP" (or /huydangky), said in any of the person's linked chats,
// stops at once everything the service sends on its own. The consent to receive messages is
// withdrawn, and the notices and broadcast messages still waiting in the outbox for any of their
// chats are taken out (the broadcast counts them as skipped), while the replies to their own
// messages and the department's answer to their own proposal or dialogue question still go.
// /nhantin turns the round notices back on, but nothing a subscription brings (an opportunity
// notice, the weekly digest, a broadcast's message at their turn) goes until they subscribe again.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { broadcastProgress } from "../../src/announcements/broadcast-report.ts";
import { createOpportunity } from "../../src/announcements/create-opportunity.ts";
import { pumpBroadcasts } from "../../src/announcements/pump-broadcasts.ts";
import { sendBroadcast } from "../../src/announcements/send-broadcast.ts";
import { sendWeeklyDigests } from "../../src/announcements/weekly-digest.ts";
import { fixedClock } from "../../src/clock.ts";
import type { HandleOptions } from "../../src/conversation/conversation.ts";
import type { Channel } from "../../src/conversation/messages.ts";
import { openRound } from "../../src/dialogue/open-round.ts";
import { putOnAgenda } from "../../src/dialogue/put-on-agenda.ts";
import { answerProposal } from "../../src/proposals/change-proposal-status.ts";
import { createProposal } from "../../src/proposals/create-proposal.ts";
import type { StaffActor } from "../../src/staff/staff-scope.ts";
import { runApp, type RunningApp } from "../support/app.ts";

const coordinator: StaffActor = { id: "c1", email: "dieuphoi@tinhdoan.gov.vn", name: "Điều phối", role: "coordinator", departmentId: null };
const topics = new Set(["viec-lam"]);
const LINK_CODE = /\b([A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4})\b/;
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

describe("STOP means stop", () => {
  let app: RunningApp;
  const clock = fixedClock("2027-03-01T03:00:00Z"); // Monday 10:00 in Vietnam
  const texts = () => ({ prompts: app.prompts, publicBaseUrl: "https://tro-ly.example.vn" });
  let n = 0;
  beforeAll(async () => {
    app = await runApp({ clock });
  });
  afterAll(async () => {
    await app.stop();
  });

  /** One message from `who` on a chat platform; its replies are returned (or, with delivery "outbox", queued). */
  const say = async (channel: Channel, who: string, text: string, opts: HandleOptions = {}) => {
    const result = await app.conversation.handle({ channel, chatId: who, userId: who, text, messageId: `m${++n}`, date: clock.now() }, opts);
    return { ...result!, text: result!.replies.map((r) => r.text).join("\n\n") };
  };
  const identity = (channel: string, who: string) => app.db.prisma.channelIdentity.findUniqueOrThrow({ where: { channel_externalId: { channel, externalId: who } } });
  /** /dangky with numbered answers: every kind, the whole province, at once ("1") or weekly ("2"). */
  const subscribe = async (channel: Channel, who: string, cadence: "1" | "2") => {
    await say(channel, who, "/dangky");
    await say(channel, who, "7");
    await say(channel, who, "cả tỉnh");
    await say(channel, who, cadence);
    expect((await say(channel, who, "Đồng ý")).text).toContain("✅ Đã đăng ký");
  };
  /** The texts waiting in the outbox for these chats (`pending`), or ever written to them. */
  const outboxTexts = async (identityIds: string[], only?: "pending") =>
    (await app.db.prisma.outboxMessage.findMany({ where: { identityId: { in: identityIds }, ...(only ? { status: only } : {}) }, orderBy: { id: "asc" } })).map(
      (m) => (JSON.parse(m.payload) as { text: string }).text,
    );
  const mentions = (texts: string[], words: string) => texts.some((t) => t.includes(words));
  const addJob = (title: string) =>
    createOpportunity({ db: app.db, actor: coordinator, input: { kind: "job", title, organiser: "Trung tâm Dịch vụ việc làm", place: "Xã Hòn Đất", deadline: "2027-04-30" }, topics, now: clock.now(), notices: texts() });

  it("withdraws the consent and takes every notice and broadcast message still waiting out of the outbox, on each linked chat; replies and answers still go", async () => {
    await subscribe("zalo", "zl-mai", "1");
    const asked = await say("zalo", "zl-mai", "/lienket");
    await say("telegram", "tg-mai", `/lienket ${LINK_CODE.exec(asked.text)![1]}`);
    expect((await say("telegram", "tg-mai", "đồng ý")).text).toContain("✅ Đã liên kết");
    const zalo = await identity("zalo", "zl-mai");
    const telegram = await identity("telegram", "tg-mai");
    expect(telegram.userId).toBe(zalo.userId);
    const chats = [zalo.id, telegram.id];

    // Her own proposal, answered by the department: the answer waits in the outbox.
    await say("telegram", "tg-mai", "/kiennghi Đề nghị mở lớp tin học buổi tối cho thanh niên công nhân ở xã");
    const proposal = (await say("telegram", "tg-mai", "đồng ý")).proposal!.code;
    await say("telegram", "tg-mai", "bỏ qua");
    await answerProposal({ db: app.db, prompts: app.prompts, code: proposal, answer: "Xã sẽ mở lớp tin học buổi tối từ tháng Tư.", actor: "canbo@so.gov.vn", now: clock.now() });
    // Notices go to the chat she was last seen in: a new job while that is Zalo waits for Zalo;
    // a broadcast after she was seen on Telegram waits there, beside the reply to her question.
    const seen = (id: string) => app.db.prisma.channelIdentity.update({ where: { id }, data: { lastSeenAt: clock.advance(60_000) } });
    await seen(zalo.id);
    await addJob("Tuyển nhân viên bán hàng ca tối");
    await seen(telegram.id);
    const hello = (await say("telegram", "tg-mai", "lương thử việc được bao nhiêu", { delivery: "outbox" })).replies[0]!.text;
    const broadcast = await sendBroadcast({ db: app.db, actor: coordinator, input: { kind: "announcement", text: "Hội chợ việc làm sáng thứ Bảy tại Nhà văn hóa thanh niên." }, now: clock.now() });
    await pumpBroadcasts(app.db, { now: clock.now(), texts: texts() });
    const before = await app.db.prisma.outboxMessage.findMany({ where: { identityId: { in: chats }, status: "pending" } });
    const on = (channel: string, words: string) => before.some((m) => m.channel === channel && m.payload.includes(words));
    expect(on("zalo", "Tuyển nhân viên bán hàng ca tối")).toBe(true);
    expect(on("telegram", "Hội chợ việc làm sáng thứ Bảy")).toBe(true);
    expect(mentions(await outboxTexts(chats, "pending"), "Xã sẽ mở lớp tin học buổi tối")).toBe(true);
    expect(mentions(await outboxTexts(chats, "pending"), hello)).toBe(true);

    const stop = await say("telegram", "tg-mai", "STOP");
    expect(stop.text).toContain("🔕 Đã dừng");
    const after = await outboxTexts(chats, "pending");
    expect(mentions(after, "Tuyển nhân viên bán hàng ca tối")).toBe(false);
    expect(mentions(after, "Hội chợ việc làm sáng thứ Bảy")).toBe(false);
    // Not notices: the answer to her own proposal and the reply to her question still go.
    expect(mentions(after, "Xã sẽ mở lớp tin học buổi tối")).toBe(true);
    expect(mentions(after, hello)).toBe(true);
    const consents = await app.db.prisma.consent.findMany({ where: { userId: zalo.userId, purpose: "messages" } });
    expect(consents.length).toBeGreaterThan(0);
    expect(consents.map((c) => c.withdrawnAt?.toISOString())).toEqual(consents.map(() => clock.now().toISOString()));
    expect((await broadcastProgress(app.db, broadcast.id))!.counts).toMatchObject({ skipped: 1, pending: 0, sent: 0 });
    expect((await say("telegram", "tg-mai", "/dulieucuatoi")).text).toContain("đã rút lại ngày 01/03/2027");
  });

  it("takes a round question's 'on the agenda' notice still waiting out of the outbox, while the department's answer to the question still goes", async () => {
    clock.set("2027-03-02T03:00:00Z");
    await say("zalo", "zl-tuan", "xin chào");
    const tuan = await identity("zalo", "zl-tuan");
    const coord = await app.db.prisma.department.findFirstOrThrow({ where: { isCoordinator: true } });
    const { slug, id: roundId } = await openRound({ db: app.db, actor: coordinator, input: PLAN, now: new Date("2027-02-20T03:00:00Z") });
    const question = await app.db.prisma.$transaction((tx) =>
      createProposal(tx, { kind: "proposal", userId: tuan.userId, channel: "zalo", chatId: "zl-tuan", content: "Tỉnh có cho thanh niên vay vốn học nghề không ạ?", topic: null, departmentId: coord.id, roundId, now: clock.now() }),
    );
    await putOnAgenda({ db: app.db, actor: coordinator, slug, code: question.code, input: { departmentId: coord.id }, now: clock.now(), texts: texts() });
    await answerProposal({ db: app.db, prompts: app.prompts, code: question.code, answer: "Có: Ngân hàng Chính sách xã hội cho vay vốn học nghề.", actor: "canbo@so.gov.vn", now: clock.now() });
    const before = await outboxTexts([tuan.id], "pending");
    expect(mentions(before, "đã được chọn vào chương trình")).toBe(true);
    expect(mentions(before, "Ngân hàng Chính sách xã hội cho vay vốn học nghề")).toBe(true);

    await say("zalo", "zl-tuan", "/huydangky");
    const after = await outboxTexts([tuan.id], "pending");
    expect(mentions(after, "đã được chọn vào chương trình")).toBe(false);
    expect(mentions(after, "Ngân hàng Chính sách xã hội cho vay vốn học nghề")).toBe(true);
  });

  it("after STOP and /nhantin sends nothing a subscription brings until the person subscribes again", async () => {
    clock.set("2027-03-02T03:00:00Z"); // Tuesday
    await subscribe("telegram", "tg-lan", "1");
    await subscribe("telegram", "tg-minh", "2");
    const lan = await identity("telegram", "tg-lan");
    const minh = await identity("telegram", "tg-minh");
    // A broadcast sent while both consented; their turn comes after they changed their minds.
    const broadcast = await sendBroadcast({ db: app.db, actor: coordinator, input: { kind: "announcement", text: "Khảo sát nhu cầu học nghề của thanh niên năm 2027 sắp bắt đầu." }, now: clock.now() });
    for (const who of ["tg-lan", "tg-minh"]) {
      await say("telegram", who, "STOP");
      const on = await say("telegram", who, "/nhantin");
      expect(on.text).toContain("🔔 Đã bật lại thông báo");
      expect(on.text).toContain("cần bạn đồng ý lại");
      expect(on.text).toContain("/dangky");
    }
    await pumpBroadcasts(app.db, { now: clock.now(), texts: texts() });
    const recipients = await app.db.prisma.broadcastRecipient.findMany({ where: { broadcastId: broadcast.id, userId: { in: [lan.userId, minh.userId] } } });
    expect(recipients.map((r) => r.status)).toEqual(["skipped", "skipped"]);
    await addJob("Tuyển thợ điện công trình");
    clock.set("2027-03-08T01:30:00Z"); // Monday 08:30: the weekly digests are due
    await sendWeeklyDigests(app.db, { now: clock.now(), texts: texts() });
    const theirs = await outboxTexts([lan.id, minh.id]);
    expect(mentions(theirs, "Khảo sát nhu cầu học nghề")).toBe(false);
    expect(mentions(theirs, "Tuyển thợ điện công trình")).toBe(false);
    expect(mentions(theirs, "Bản tin cơ hội")).toBe(false);

    // Subscribing again (and so consenting again) brings the news back.
    await subscribe("telegram", "tg-lan", "1");
    await addJob("Tuyển phụ bếp nhà hàng");
    expect(mentions(await outboxTexts([lan.id]), "Tuyển phụ bếp nhà hàng")).toBe(true);
  });
});
