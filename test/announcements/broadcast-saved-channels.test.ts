// The broadcast pump and the channels a message goes out on. A broadcast saved with a segment that
// names Zalo goes on Zalo even when the rest of that saved segment no longer passes today's checks
// (an area written under older rules, "Phường 5"). And the pump's window per platform counts the
// messages on the platform they were written to: a person linked on Telegram and Zalo, recorded for
// Telegram when the broadcast was sent but seen on Zalo since, is written on Zalo, and that message
// does not take Telegram's place in the window, so the next Telegram recipient is not held back.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Segment } from "../../src/announcements/broadcast-terms.ts";
import { pumpBroadcasts } from "../../src/announcements/pump-broadcasts.ts";
import { sendBroadcast } from "../../src/announcements/send-broadcast.ts";
import { fixedClock } from "../../src/clock.ts";
import type { Channel } from "../../src/conversation/messages.ts";
import type { StaffActor } from "../../src/staff/staff-scope.ts";
import { runApp, type RunningApp } from "../support/app.ts";

const coordinator: StaffActor = { id: "c1", email: "dieuphoi@tinhdoan.gov.vn", name: "Điều phối", role: "coordinator", departmentId: null };
const LINK_CODE = /\b([A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4})\b/;
const NONE: Segment = { kinds: [], area: "", ageBands: [], channels: [] };

describe("the channels of a broadcast's messages", () => {
  let app: RunningApp;
  // 22:00 in Vietnam: the service's own broadcast pump waits for the morning, so only the runs the
  // tests make, at `morning`, move recipients, each after the change it is about.
  const clock = fixedClock("2027-03-01T15:00:00Z");
  const morning = () => new Date(clock.now().getTime() + 10 * 3600_000);
  const texts = () => ({ prompts: app.prompts, publicBaseUrl: "https://tro-ly.example.vn" });
  let n = 0;
  beforeAll(async () => {
    app = await runApp({ clock });
  });
  afterAll(async () => {
    await app.stop();
  });

  const say = async (channel: Channel, who: string, text: string) => {
    const result = await app.conversation.handle({ channel, chatId: who, userId: who, text, messageId: `m${++n}`, date: clock.now() });
    return result!.replies.map((r) => r.text).join("\n\n");
  };
  const identity = (channel: string, who: string) => app.db.prisma.channelIdentity.findUniqueOrThrow({ where: { channel_externalId: { channel, externalId: who } } });
  /** A subscriber on Zalo who linked their Telegram chat; returns both identities. */
  const linkedSubscriber = async (zaloChat: string, telegramChat: string) => {
    for (const text of ["/dangky", "7", "cả tỉnh", "1"]) await say("zalo", zaloChat, text);
    expect(await say("zalo", zaloChat, "Đồng ý")).toContain("✅ Đã đăng ký");
    const asked = await say("zalo", zaloChat, "/lienket");
    await say("telegram", telegramChat, `/lienket ${LINK_CODE.exec(asked)![1]}`);
    expect(await say("telegram", telegramChat, "đồng ý")).toContain("✅ Đã liên kết");
    return { zalo: await identity("zalo", zaloChat), telegram: await identity("telegram", telegramChat) };
  };
  /** The person was last seen in this chat (a broadcast goes to the chat last seen, among the segment's channels). */
  const seen = (id: string) => app.db.prisma.channelIdentity.update({ where: { id }, data: { lastSeenAt: clock.advance(60_000) } });
  const messagesOf = (words: string) => app.db.prisma.outboxMessage.findMany({ where: { payload: { contains: words } }, orderBy: { id: "asc" } });

  it("sends a broadcast saved for Zalo on Zalo, though its saved area no longer passes today's check", async () => {
    const kim = await linkedSubscriber("zl-kim", "tg-kim");
    await seen(kim.telegram.id);
    const words = "Lớp kỹ năng phỏng vấn xin việc miễn phí";
    const sent = await sendBroadcast({ db: app.db, actor: coordinator, input: { kind: "announcement", text: `${words} tối thứ Năm.`, segment: { ...NONE, channels: ["zalo"] } }, now: clock.now() });
    // As saved under older rules: an area with a number in it, which the place-name check now refuses.
    await app.db.prisma.broadcast.update({ where: { id: sent.id }, data: { segment: JSON.stringify({ kinds: [], area: "Phường 5", ageBands: [], channels: ["zalo"] }) } });

    await pumpBroadcasts(app.db, { now: morning(), texts: texts() });
    expect((await messagesOf(words)).map((m) => [m.channel, m.chatId])).toEqual([["zalo", "zl-kim"]]);
  });

  it("does not count a message written on Zalo against Telegram's window", async () => {
    clock.set("2027-03-02T15:00:00Z");
    const people = [await linkedSubscriber("zl-an", "tg-an"), await linkedSubscriber("zl-binh", "tg-binh")];
    for (const p of people) await seen(p.telegram.id);
    const words = "Ngày hội tư vấn tuyển sinh và hướng nghiệp cho thanh niên";
    const sent = await sendBroadcast({ db: app.db, actor: coordinator, input: { kind: "announcement", text: `${words} sáng Chủ nhật.` }, now: clock.now() });
    const recipients = await app.db.prisma.broadcastRecipient.findMany({ where: { broadcastId: sent.id, userId: { in: people.map((p) => p.telegram.userId) } }, orderBy: { id: "asc" } });
    expect(recipients.map((r) => r.channel)).toEqual(["telegram", "telegram"]);
    // The one whose turn comes first writes on Zalo before it comes: their message goes on Zalo.
    const first = people.find((p) => p.telegram.userId === recipients[0]!.userId)!;
    const second = people.find((p) => p.telegram.userId === recipients[1]!.userId)!;
    await seen(first.zalo.id);
    // Only this broadcast's two: everyone else who subscribed before was skipped or is elsewhere.
    await app.db.prisma.broadcastRecipient.updateMany({ where: { broadcastId: sent.id, id: { notIn: recipients.map((r) => r.id) } }, data: { status: "skipped" } });

    const window = { telegram: 1, zalo: 1 };
    await pumpBroadcasts(app.db, { now: morning(), texts: texts(), window });
    expect((await messagesOf(words)).map((m) => [m.channel, m.chatId])).toEqual([["zalo", first.zalo.chatId]]);
    // Telegram has nothing of this broadcast waiting: the next run writes the second person there.
    await pumpBroadcasts(app.db, { now: morning(), texts: texts(), window });
    expect((await messagesOf(words)).map((m) => [m.channel, m.chatId])).toEqual([
      ["zalo", first.zalo.chatId],
      ["telegram", second.telegram.chatId],
    ]);
  });
});
