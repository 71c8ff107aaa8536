// A bare number on Zalo answers a poll when the poll is the last thing that reached the chat, in the
// order things reached it, not the order they were written. The outbox sends replies before bulk
// messages, so a poll queued while the person was chatting is often written before the bot's reply
// and delivered after it: then the poll is the last thing they saw, and "2" answers it. And a reply
// written before the poll but delivered after it (a retry) is what they saw last: "1" is then read
// as the message it is. Delivery is marked here as the outbox worker marks it, at chosen moments.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pumpBroadcasts } from "../../src/announcements/pump-broadcasts.ts";
import { sendBroadcast } from "../../src/announcements/send-broadcast.ts";
import { fixedClock } from "../../src/clock.ts";
import type { HandleOptions } from "../../src/conversation/conversation.ts";
import { markSentMany } from "../../src/db/outbox.ts";
import type { StaffActor } from "../../src/staff/staff-scope.ts";
import { runApp, type RunningApp } from "../support/app.ts";

const coordinator: StaffActor = { id: "c1", email: "dieuphoi@tinhdoan.gov.vn", name: "Điều phối", role: "coordinator", departmentId: null };
const NONE = { kinds: [], area: "", ageBands: [], channels: [] };

describe("a number answers the poll that reached the chat last", () => {
  let app: RunningApp;
  const clock = fixedClock("2027-03-01T03:00:00Z"); // 10:00 in Vietnam
  let n = 0;
  beforeAll(async () => {
    app = await runApp({ clock });
  });
  afterAll(async () => {
    await app.stop();
  });

  const say = async (who: string, text: string, opts: HandleOptions = {}) => {
    const result = await app.conversation.handle({ channel: "zalo", chatId: who, userId: who, text, messageId: `m${++n}`, date: clock.now() }, opts);
    return result!.replies.map((r) => r.text).join("\n\n");
  };
  const subscribe = async (who: string) => {
    for (const text of ["/dangky", "7", "cả tỉnh", "1"]) await say(who, text);
    expect(await say(who, "Đồng ý")).toContain("✅ Đã đăng ký");
  };
  /** A poll to everyone, moved into the outbox; returns its outbox message in `who`'s chat. */
  const poll = async (who: string, text: string, options: string[]) => {
    await sendBroadcast({ db: app.db, actor: coordinator, input: { kind: "poll", text, options, segment: NONE }, now: clock.now() });
    await pumpBroadcasts(app.db, { now: clock.now(), texts: { prompts: app.prompts, publicBaseUrl: "https://tro-ly.example.vn" } });
    return app.db.prisma.outboxMessage.findFirstOrThrow({ where: { chatId: who, payload: { contains: text } } });
  };
  /** The reply to a question, left in the outbox as the worker would find it. */
  const queuedReply = async (who: string, question: string) => {
    await say(who, question, { delivery: "outbox" });
    return app.db.prisma.outboxMessage.findFirstOrThrow({ where: { chatId: who, bulk: false, status: "pending" }, orderBy: { id: "desc" } });
  };
  const deliver = (id: number) => markSentMany(app.db.sql, [id], clock.advance(1000));
  const answersOf = async (who: string) => {
    const identity = await app.db.prisma.channelIdentity.findUniqueOrThrow({ where: { channel_externalId: { channel: "zalo", externalId: who } } });
    return app.db.prisma.pollAnswer.findMany({ where: { userId: identity.userId } });
  };

  it("reads '2' as the answer to a poll written before the bot's reply but delivered after it", async () => {
    await subscribe("zl-thu");
    const pollMessage = await poll("zl-thu", "Bạn muốn học kỹ năng nào trong hè này?", ["Tin học", "Ngoại ngữ", "Kỹ năng mềm"]);
    // She asks something while the poll waits: the reply is written after it and overtakes it.
    const reply = await queuedReply("zl-thu", "thanh niên là bao nhiêu tuổi");
    expect(reply.id).toBeGreaterThan(pollMessage.id);
    await deliver(reply.id);
    await deliver(pollMessage.id);

    expect(await say("zl-thu", "2")).toContain("Đã ghi nhận câu trả lời của bạn: “Ngoại ngữ”");
    expect((await answersOf("zl-thu")).map((a) => a.option)).toEqual([2]);
  });

  it("reads '1' as a message when a reply written before the poll reached the chat after it", async () => {
    clock.set("2027-03-02T03:00:00Z");
    await subscribe("zl-vy");
    // The reply to her question is written first, but its first try fails…
    const reply = await queuedReply("zl-vy", "thanh niên là bao nhiêu tuổi");
    const pollMessage = await poll("zl-vy", "Bạn thích học vào buổi nào?", ["Sáng", "Tối"]);
    expect(pollMessage.id).toBeGreaterThan(reply.id);
    // …so the poll arrives first and the retried reply after it: the reply is the last thing she saw.
    await deliver(pollMessage.id);
    await deliver(reply.id);

    expect(await say("zl-vy", "1")).not.toContain("Đã ghi nhận câu trả lời");
    expect(await answersOf("zl-vy")).toEqual([]);
  });
});
