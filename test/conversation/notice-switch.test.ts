// The stop switch as a young person uses it in the web chat: "STOP" stops the notices the service
// sends on its own and says so; /dulieucuatoi shows it; questions are still answered; /nhantin turns
// the notices back on. In the middle of a proposal, "stop" still cancels the proposal as before.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixedClock } from "../../src/clock.ts";
import { noticeRecipients } from "../../src/db/notice-recipients.ts";
import { runApp, type RunningApp } from "../support/app.ts";

describe("the stop switch in chat", () => {
  let app: RunningApp;
  const clock = fixedClock("2027-03-10T03:00:00Z");
  beforeAll(async () => {
    app = await runApp({ clock });
  });
  afterAll(async () => {
    await app.stop();
  });

  /** The person who wrote to the web chat for the first time most recently. */
  const newestWebUser = async () => {
    const identity = await app.db.prisma.channelIdentity.findFirstOrThrow({ where: { channel: "web" }, orderBy: { createdAt: "desc" } });
    return app.db.prisma.chatUser.findUniqueOrThrow({ where: { id: identity.userId } });
  };

  it("stops notices on STOP, says so, shows it in /dulieucuatoi, still answers, and turns them back on with /nhantin", async () => {
    await app.chat("web-lan", "xin chào");
    const user = await newestWebUser();
    expect(await noticeRecipients(app.db.prisma, [user.id])).toHaveLength(1);
    const before = await app.chat("web-lan", "/dulieucuatoi");
    expect(before.replies[0].text).toContain("Thông báo trợ lý tự gửi (câu hỏi đối thoại được chọn, được trả lời): đang nhận");

    const stop = await app.chat("web-lan", "STOP");
    expect(stop.replies[0].text).toContain("🔕 Đã dừng");
    expect(stop.replies[0].text).toContain("/nhantin");
    expect((await app.db.prisma.chatUser.findUniqueOrThrow({ where: { id: user.id } })).noticesStoppedAt?.toISOString()).toBe("2027-03-10T03:00:00.000Z");
    expect(await noticeRecipients(app.db.prisma, [user.id])).toEqual([]);
    const mine = await app.chat("web-lan", "/dulieucuatoi");
    expect(mine.replies[0].text).toContain("Thông báo trợ lý tự gửi: đã dừng từ ngày 10/03/2027; gõ /nhantin để nhận lại");

    // Replies to the person's own messages are never held back.
    const answer = await app.chat("web-lan", "lương thử việc được bao nhiêu");
    expect(["answer", "clarify", "fallback"]).toContain(answer.kind);
    expect(answer.replies[0].text.length).toBeGreaterThan(20);

    const on = await app.chat("web-lan", "bật lại thông báo nhé");
    expect(on.replies[0].text).toContain("🔔 Đã bật lại thông báo");
    expect((await app.db.prisma.chatUser.findUniqueOrThrow({ where: { id: user.id } })).noticesStoppedAt).toBeNull();
    expect(await noticeRecipients(app.db.prisma, [user.id])).toHaveLength(1);
    expect((await app.chat("web-lan", "/dulieucuatoi")).replies[0].text).toContain("đang nhận; gõ /huydangky để dừng");
  });

  it("reads 'stop' in the middle of a proposal as cancelling it, and /huydangky there as the switch", async () => {
    clock.set("2027-03-11T03:00:00Z");
    await app.chat("web-minh", "/kiennghi");
    const user = await newestWebUser();
    const cancelled = await app.chat("web-minh", "stop");
    expect(cancelled.kind).toBe("cancel");
    expect((await app.db.prisma.chatUser.findUniqueOrThrow({ where: { id: user.id } })).noticesStoppedAt).toBeNull();

    await app.chat("web-minh", "/kiennghi");
    const stopped = await app.chat("web-minh", "/huydangky");
    expect(stopped.replies[0].text).toContain("🔕 Đã dừng");
    expect((await app.db.prisma.chatUser.findUniqueOrThrow({ where: { id: user.id } })).noticesStoppedAt).not.toBeNull();
  });
});
