// Which chat a broadcast reaches, and which typed number answers a poll. A segment that names
// channels is sent only on those channels: a subscriber linked on Telegram and Zalo is counted and
// written on Zalo for a Zalo broadcast, even when Telegram is the chat they were last seen in, at
// the dry run and at their turn alike. A bare "2" answers a poll only on Zalo, where the options
// arrive as a numbered list, once the poll was delivered there and while it is still the last
// thing the bot wrote in that chat; on Telegram (buttons), before delivery, or after the
// conversation moved on, the number is read as the message it is.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Segment } from "../../src/announcements/broadcast-terms.ts";
import { pumpBroadcasts } from "../../src/announcements/pump-broadcasts.ts";
import { countSegment } from "../../src/announcements/segment-recipients.ts";
import { sendBroadcast } from "../../src/announcements/send-broadcast.ts";
import { fixedClock } from "../../src/clock.ts";
import type { HandleOptions } from "../../src/conversation/conversation.ts";
import type { Channel } from "../../src/conversation/messages.ts";
import { markSentMany } from "../../src/db/outbox.ts";
import type { StaffActor } from "../../src/staff/staff-scope.ts";
import { runApp, type RunningApp } from "../support/app.ts";

const coordinator: StaffActor = { id: "c1", email: "dieuphoi@tinhdoan.gov.vn", name: "Điều phối", role: "coordinator", departmentId: null };
const LINK_CODE = /\b([A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4})\b/;
const NONE: Segment = { kinds: [], area: "", ageBands: [], channels: [] };

describe("the chats of broadcasts and polls", () => {
  let app: RunningApp;
  const clock = fixedClock("2027-03-01T03:00:00Z"); // 10:00 in Vietnam
  const texts = () => ({ prompts: app.prompts, publicBaseUrl: "https://tro-ly.example.vn" });
  let n = 0;
  beforeAll(async () => {
    app = await runApp({ clock });
  });
  afterAll(async () => {
    await app.stop();
  });

  const say = async (channel: Channel, who: string, text: string, opts: HandleOptions = {}) => {
    const result = await app.conversation.handle({ channel, chatId: who, userId: who, text, messageId: `m${++n}`, date: clock.now() }, opts);
    return { ...result!, text: result!.replies.map((r) => r.text).join("\n\n") };
  };
  const identity = (channel: string, who: string) => app.db.prisma.channelIdentity.findUniqueOrThrow({ where: { channel_externalId: { channel, externalId: who } } });
  const subscribe = async (channel: Channel, who: string) => {
    for (const text of ["/dangky", "7", "cả tỉnh", "1"]) await say(channel, who, text);
    expect((await say(channel, who, "Đồng ý")).text).toContain("✅ Đã đăng ký");
  };
  /** The person was last seen in this chat (notices go to the chat last seen). */
  const seen = (id: string) => app.db.prisma.channelIdentity.update({ where: { id }, data: { lastSeenAt: clock.advance(60_000) } });
  const announce = (text: string, segment = NONE) => sendBroadcast({ db: app.db, actor: coordinator, input: { kind: "announcement", text, segment }, now: clock.now() });
  const messagesOf = (broadcastText: string) => app.db.prisma.outboxMessage.findMany({ where: { payload: { contains: broadcastText } }, orderBy: { id: "asc" } });

  it("sends a broadcast to Zalo only on Zalo, to a person linked on Telegram too, whichever chat they were last seen in", async () => {
    await subscribe("zalo", "zl-kim");
    const asked = await say("zalo", "zl-kim", "/lienket");
    await say("telegram", "tg-kim", `/lienket ${LINK_CODE.exec(asked.text)![1]}`);
    expect((await say("telegram", "tg-kim", "đồng ý")).text).toContain("✅ Đã liên kết");
    const zalo = await identity("zalo", "zl-kim");
    const telegram = await identity("telegram", "tg-kim");
    const zaloOnly: Segment = { ...NONE, channels: ["zalo"] };

    // Last seen on Telegram: still counted for Zalo, and written on Zalo.
    await seen(telegram.id);
    expect(await countSegment(app.db, zaloOnly)).toEqual({ total: 1, byChannel: { zalo: 1 } });
    await announce("Tuyển tình nguyện viên Mùa hè xanh tại các xã ven biển.", zaloOnly);
    await pumpBroadcasts(app.db, { now: clock.now(), texts: texts() });
    expect((await messagesOf("Mùa hè xanh")).map((m) => [m.channel, m.chatId])).toEqual([["zalo", "zl-kim"]]);

    // Chosen on Zalo, then seen on Telegram before their turn: still Zalo.
    await seen(zalo.id);
    await announce("Lớp kỹ năng phỏng vấn xin việc miễn phí tối thứ Năm.", zaloOnly);
    await seen(telegram.id);
    await pumpBroadcasts(app.db, { now: clock.now(), texts: texts() });
    expect((await messagesOf("kỹ năng phỏng vấn")).map((m) => [m.channel, m.chatId])).toEqual([["zalo", "zl-kim"]]);

    // A segment naming no channel goes to the chat last seen, as before.
    await announce("Ngày hội khởi nghiệp thanh niên tại Nhà văn hóa tỉnh.");
    await pumpBroadcasts(app.db, { now: clock.now(), texts: texts() });
    expect((await messagesOf("Ngày hội khởi nghiệp")).map((m) => m.channel)).toEqual(["telegram"]);
  });

  it("takes a bare number as a poll answer only on Zalo, after the poll was delivered, while it is the last thing the bot wrote there", async () => {
    clock.set("2027-03-02T03:00:00Z");
    await subscribe("zalo", "zl-hoa");
    await subscribe("telegram", "tg-son");
    const hoa = await identity("zalo", "zl-hoa");
    const son = await identity("telegram", "tg-son");
    const poll = async (text: string, options: string[]) => {
      await sendBroadcast({ db: app.db, actor: coordinator, input: { kind: "poll", text, options, segment: NONE }, now: clock.now() });
      await pumpBroadcasts(app.db, { now: clock.now(), texts: texts() });
      return app.db.prisma.outboxMessage.findMany({ where: { identityId: { in: [hoa.id, son.id] }, payload: { contains: text } } });
    };
    const answers = () => app.db.prisma.pollAnswer.findMany({ where: { userId: { in: [hoa.userId, son.userId] } }, orderBy: { id: "asc" } });

    const first = await poll("Bạn muốn học kỹ năng nào trong hè này?", ["Tin học", "Ngoại ngữ", "Kỹ năng mềm"]);
    expect(first.map((m) => m.channel).sort()).toEqual(["telegram", "zalo"]);
    // Not yet delivered to Zalo: a "2" typed now cannot be an answer to a list she has not seen.
    expect((await say("zalo", "zl-hoa", "2")).text).not.toContain("Đã ghi nhận câu trả lời");
    expect(await answers()).toEqual([]);
    await markSentMany(app.db.sql, first.map((m) => m.id), clock.now());
    // Delivered on Zalo as a numbered list: "2" answers it.
    expect((await say("zalo", "zl-hoa", "2")).text).toContain("Đã ghi nhận câu trả lời của bạn: “Ngoại ngữ”");
    // On Telegram the options are buttons: a bare "2" is read as a message.
    expect((await say("telegram", "tg-son", "2")).text).not.toContain("Đã ghi nhận câu trả lời");
    expect((await answers()).map((a) => [a.userId, a.option, a.channel])).toEqual([[hoa.userId, 2, "zalo"]]);

    // A second poll, delivered; then Hoa asks something and gets a reply: the poll is no longer the
    // last thing the bot wrote, so "1" is read normally.
    const second = await poll("Bạn thích học vào buổi nào?", ["Sáng", "Tối"]);
    await markSentMany(app.db.sql, second.map((m) => m.id), clock.now());
    await say("zalo", "zl-hoa", "thanh niên là bao nhiêu tuổi", { delivery: "outbox" });
    await say("zalo", "zl-hoa", "1");
    expect(await answers()).toHaveLength(1);
  });
});
