// The retention job also clears the /lienket bookkeeping when nobody asks for a new code (which
// clears expired codes by itself): a code used or expired more than a day ago, and wrong-code
// attempts older than a day, are deleted; younger ones are kept, and linking works as before.
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixedClock } from "../../src/clock.ts";
import type { Channel } from "../../src/conversation/messages.ts";
import { retentionJob } from "../../src/jobs/retention-job.ts";
import { runApp, type RunningApp } from "../support/app.ts";

const CODE = /\b([A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4})\b/;

describe("retention of linking codes and attempts", () => {
  let app: RunningApp;
  const clock = fixedClock("2027-04-06T03:00:00Z");
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
  const codeOf = async (who: string) => CODE.exec(await say("telegram", who, "/lienket"))![1]!;
  const identityOf = async (channel: string, who: string) => (await app.db.prisma.channelIdentity.findUniqueOrThrow({ where: { channel_externalId: { channel, externalId: who } } })).id;
  const codesOf = async () => {
    const rows = await app.db.prisma.linkCode.findMany({ include: { identity: true } });
    return rows.map((r) => r.identity.externalId).sort();
  };
  const retention = () => retentionJob({ db: app.db, retentionDays: 180, log: pino({ level: "silent" }) }).run(clock.now());

  it("deletes codes used or expired, and attempts made, more than a day ago, and keeps the rest", async () => {
    await codeOf("tg-unused"); // never typed: expires 10 minutes later
    await say("zalo", "zl-unused", "/lienket ABCD-EFGH"); // two wrong codes
    await say("zalo", "zl-unused", "/lienket ABCD-EFGJ");
    await say("zalo", "zl-used", `/lienket ${await codeOf("tg-used")}`);
    expect(await say("zalo", "zl-used", "đồng ý")).toContain("✅ Đã liên kết");

    clock.advance(2 * 3600_000);
    await say("zalo", "zl-recent", "/lienket ABCD-EFGK");
    await retention();
    // Nothing is a day old yet.
    expect(await codesOf()).toEqual(["tg-unused", "tg-used"]);
    expect(await app.db.prisma.linkAttempt.count()).toBe(3);

    clock.advance(23 * 3600_000); // 25 hours after the first codes, 23 after the recent attempt
    await retention();
    expect(await codesOf()).toEqual([]);
    const attempts = await app.db.prisma.linkAttempt.findMany();
    expect(attempts.map((a) => a.identityId)).toEqual([await identityOf("zalo", "zl-recent")]);

    // Linking works as before.
    await say("zalo", "zl-waiting", `/lienket ${await codeOf("tg-waiting")}`);
    expect(await say("zalo", "zl-waiting", "đồng ý")).toContain("✅ Đã liên kết");
  });
});
