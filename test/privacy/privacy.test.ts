// Personal data: masking in logs, the first-contact notice and /privacy, and retention.
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixedClock } from "../../src/clock.ts";
import { createLogger } from "../../src/logger.ts";
import { maskPersonalData } from "../../src/privacy/mask.ts";
import { purgeChatLogs } from "../../src/privacy/purge-chat-logs.ts";
import { runApp, type RunningApp } from "../support/app.ts";

describe("masking personal data", () => {
  it.each([
    ["gọi em số 0912 345 678 nhé", "gọi em số 09******78 nhé"],
    ["sđt +84912345678", "sđt 84*******78"],
    ["email lan.nguyen@example.com", "email l***@example.com"],
    ["CCCD 001203004567 và CMND 123456789", "CCCD 00********67 và CMND 12*****89"],
  ])("masks %s", (input, expected) => {
    expect(maskPersonalData(input)).toBe(expected);
  });

  it("leaves dates, codes and amounts alone", () => {
    const text = "Kiến nghị KN-2026-00042 ngày 29/11/2026, mức 5.310.000 đồng, Luật 57/2020/QH14";
    expect(maskPersonalData(text)).toBe(text);
  });

  it("masks what reaches the log, and never logs secrets", () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) });
    const log = createLogger("info", sink);
    log.info({ text: "số của em là 0987654321", token: "123456:SECRET", nested: { email: "a.b@c.vn" } }, "user 0987654321 wrote");
    const line = lines.join("");
    expect(line).not.toContain("0987654321");
    expect(line).not.toContain("SECRET");
    expect(line).not.toContain("a.b@c.vn");
    expect(line).toContain("09******21");
  });
});

describe("privacy in chat", () => {
  let app: RunningApp;
  // The service's clock: the retention story moves it on instead of back-dating rows.
  const clock = fixedClock("2026-05-04T03:00:00Z");
  beforeAll(async () => {
    app = await runApp({ clock });
  });
  afterAll(async () => {
    await app.stop();
  });

  it("shows a short notice on first contact only, and records the version seen", async () => {
    const first = await app.chat("web-privacy", "/start");
    const notice = first.replies.at(-1).text as string;
    expect(notice).toContain("/xoadulieu");
    expect(notice).toContain("/privacy");
    expect(notice).toContain("180 ngày");
    const second = await app.chat("web-privacy", "/start");
    expect(second.replies.map((r: { text: string }) => r.text).join()).not.toContain("/privacy");
    const user = await app.db.prisma.chatUser.findFirstOrThrow({ where: { identities: { some: { externalId: app.web("web-privacy").webId } } } });
    expect(user.privacyNoticeVersion).toBe("2026-12-06");
    expect(user.privacyNoticeSeenAt).toBeInstanceOf(Date);
  });

  it("serves the full notice at /privacy", async () => {
    const res = await app.get("/privacy");
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("<h1>Thông báo về xử lý dữ liệu cá nhân</h1>");
    expect(html).toContain("180 ngày");
    expect(html).toContain("/xoadulieu");
  });

  it("tells a user under 16 that a guardian should agree, and asks no contact details", async () => {
    await app.chat("web-kid", "/kiennghi Em 14 tuổi, em mong trường em có thêm sân chơi cho học sinh");
    const created = await app.chat("web-kid", "đồng ý");
    const texts = created.replies.map((r: { text: string }) => r.text).join("\n");
    expect(texts).toContain("bố mẹ hoặc người giám hộ");
    expect(texts).not.toContain("số điện thoại hoặc email");
  });

  it("purges chat logs older than the retention period, and not a day before", async () => {
    const DAY = 86_400_000;
    await app.chat("web-old", "xin chào");
    const identity = await app.db.prisma.channelIdentity.findFirstOrThrow({ where: { externalId: app.web("web-old").webId } });
    const written = await app.db.prisma.message.count(); // this story's and the ones before, all from the first day
    clock.advance(179 * DAY);
    await app.chat("web-new", "xin chào");
    expect((await purgeChatLogs({ db: app.db, retentionDays: 180, now: clock.now() })).messages).toBe(0);
    clock.advance(2 * DAY);
    const report = await purgeChatLogs({ db: app.db, retentionDays: 180, now: clock.now() });
    expect(report.messages).toBe(written);
    expect(await app.db.prisma.message.count({ where: { identityId: identity.id } })).toBe(0);
    expect(await app.db.prisma.message.count({ where: { identity: { externalId: app.web("web-new").webId } } })).toBe(2);
  });
});
