// STOP and the jobs that send unasked messages, racing on one PostgreSQL database, the steps made to
// happen in the racy order rather than left to luck.
// - A job writes a notice just after a STOP it did not see: the outbox worker drops it, never sends it.
// - STOP takes a broadcast message out of the outbox while a worker claims it: the broadcast must
//   record the recipient as skipped only when the message really was taken out, never while it is
//   being delivered.
// - Two instances run the opportunity notices job (or the broadcast pump) at the same moment, one
//   having read the people before a STOP and a /nhantin, the other after: they judge the same two
//   notices (recipients) oppositely. Both runs must finish, each notice going once, instead of each
//   holding one row the other waits for until PostgreSQL breaks the deadlock by failing one.
import pg from "pg";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { skipRecipientsOfCancelled } from "../../src/announcements/broadcast-store.ts";
import { createOpportunity } from "../../src/announcements/create-opportunity.ts";
import { sendDueNotices } from "../../src/announcements/notify-subscribers.ts";
import { pumpBroadcasts } from "../../src/announcements/pump-broadcasts.ts";
import { sendBroadcast } from "../../src/announcements/send-broadcast.ts";
import { MESSAGES_CONSENT } from "../../src/announcements/subscription-terms.ts";
import type { ChannelAdapter } from "../../src/channels/channel.ts";
import { OutboxWorker } from "../../src/channels/outbox-worker.ts";
import { fixedClock } from "../../src/clock.ts";
import { setNoticesStopped } from "../../src/db/chat-users.ts";
import type { Prisma } from "../../src/db/client.ts";
import { noticeRecipients } from "../../src/db/notice-recipients.ts";
import { cancelPendingBulk, claimDueMessages, enqueueMessages, type ClaimedMessage } from "../../src/db/outbox.ts";
import { Prompts } from "../../src/prompts.ts";
import type { StaffActor } from "../../src/staff/staff-scope.ts";
import { freshDatabaseEachTest } from "../support/database.ts";
import { POSTGRES_URL } from "../support/env.ts";
import { seedSubscribers } from "../support/subscribers.ts";

const coordinator: StaffActor = { id: "c1", email: "dieuphoi@tinhdoan.gov.vn", name: "Điều phối", role: "coordinator", departmentId: null };
const texts = { prompts: Prompts.load(), publicBaseUrl: "https://tro-ly.example.vn" };

/**
 * `tx`, but the first statement it runs on the outbox (a Prisma outboxMessage call or raw SQL) is
 * followed at once by `meanwhile`, before the transaction goes on: another connection acting
 * between two steps of the transaction, or right after its only one.
 */
function afterFirstOutboxStatement(tx: Prisma.TransactionClient, meanwhile: () => Promise<void>): Prisma.TransactionClient {
  let done = false;
  const then = async (result: PromiseLike<unknown>) => {
    const value = await result;
    if (!done) {
      done = true;
      await meanwhile();
    }
    return value;
  };
  const calls = (target: object) => (...args: unknown[]) => (fn: (...a: unknown[]) => PromiseLike<unknown>) => then(fn.apply(target, args));
  return new Proxy(tx, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (prop === "outboxMessage") {
        const model = value as Record<string, unknown>;
        return new Proxy(model, {
          get: (m, method) => {
            const f = Reflect.get(m, method) as unknown;
            return typeof f === "function" ? (...args: unknown[]) => calls(m)(...args)(f as (...a: unknown[]) => PromiseLike<unknown>) : f;
          },
        });
      }
      if ((prop === "$queryRaw" || prop === "$executeRaw") && typeof value === "function") {
        return (...args: unknown[]) => calls(target)(...args)(value as (...a: unknown[]) => PromiseLike<unknown>);
      }
      return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/**
 * Runs `first`, waits until it waits for `table` (held locked by a third connection, which lets it
 * read but not write), runs `between`, then `second` likewise, and lets both go at once.
 */
async function bothWaitingToWrite<T>(url: string, table: string, first: () => Promise<T>, between: () => Promise<void>, second: () => Promise<T>): Promise<T[]> {
  const locker = new pg.Client({ connectionString: url });
  await locker.connect();
  try {
    await locker.query("BEGIN");
    await locker.query(`LOCK TABLE "${table}" IN EXCLUSIVE MODE`);
    let settled = 0;
    const waitFor = async (waiting: number) => {
      for (;;) {
        // pg_locks, not pg_stat_activity: the latter is read once per transaction and would not show the second.
        const { rows } = await locker.query<{ n: number }>(`SELECT count(*)::int AS "n" FROM pg_locks WHERE NOT granted AND relation = $1::regclass`, [`"${table}"`]);
        if (rows[0]!.n >= waiting || settled > 0) return;
        await new Promise((r) => setTimeout(r, 10));
      }
    };
    const running = [first().finally(() => settled++)];
    await waitFor(1);
    await between();
    running.push(second().finally(() => settled++));
    await waitFor(2);
    await locker.query("COMMIT");
    return await Promise.all(running);
  } finally {
    await locker.end();
  }
}

describe.skipIf(!POSTGRES_URL)("STOP and the senders racing on PostgreSQL (skipped: TEST_POSTGRES_URL not set)", () => {
  const fresh = freshDatabaseEachTest("postgresql");

  it("never sends a notice a job wrote just after a STOP it had not seen, and still sends the others", async () => {
    const clock = fixedClock("2027-03-01T03:00:00Z");
    const [lan, minh] = await seedSubscribers(fresh.db, { count: 2, now: clock.now(), channels: ["telegram"] });
    const recipients = await noticeRecipients(fresh.db.prisma, [lan!.userId, minh!.userId], { consent: MESSAGES_CONSENT });
    await setNoticesStopped(fresh.db.prisma, lan!.userId, clock.now()); // Lan's STOP commits between the job's read and its write
    const words = "Tuyển công nhân may xuất khẩu";
    await enqueueMessages(fresh.db.prisma, recipients.map((r) => ({ channel: r.channel, chatId: r.chatId, identityId: r.identityId, payload: { text: words } })), clock.now(), { bulk: true });
    const delivered: string[] = [];
    const telegram: ChannelAdapter = {
      channel: "telegram",
      rateLimits: { perSecond: 1000, perChatPerSecond: 0 },
      start: async () => undefined,
      stop: async () => undefined,
      status: () => "webhook",
      send: async (chatId) => void delivered.push(chatId),
    };
    const worker = new OutboxWorker(fresh.db, [telegram], pino({ level: "silent" }), { clock });
    worker.start();
    await worker.stop(); // one round: what was due is sent or dropped

    expect(delivered).toEqual([minh!.chatId]);
    expect((await fresh.db.prisma.outboxMessage.findMany({ where: { payload: { contains: words } } })).map((m) => [m.chatId, m.status])).toEqual([[minh!.chatId, "sent"]]);
  });

  it("records a broadcast recipient as skipped only when STOP really took its message out, not while a worker claimed it", async () => {
    const now = new Date("2027-03-01T03:00:00Z");
    const [mai] = await seedSubscribers(fresh.db, { count: 1, now, channels: ["telegram"] });
    const broadcast = await sendBroadcast({ db: fresh.db, actor: coordinator, input: { kind: "announcement", text: "Ngày hội việc làm thanh niên sáng Chủ nhật." }, now });
    await pumpBroadcasts(fresh.db, { now, texts });
    const identities = (await fresh.db.prisma.channelIdentity.findMany({ where: { userId: mai!.userId } })).map((i) => i.id);

    // STOP's transaction, as notice-switch.ts runs it; a worker claims right after it first touches the outbox.
    let claimed: ClaimedMessage[] = [];
    const worker = async () => {
      claimed = await claimDueMessages(fresh.db.sql, { channels: ["telegram"], limit: 10, now, provider: "postgresql", bulk: true });
    };
    await fresh.db.prisma.$transaction(async (tx) => {
      const cancelled = await cancelPendingBulk(afterFirstOutboxStatement(tx, worker), identities);
      await skipRecipientsOfCancelled(tx, cancelled);
    });

    const recipient = await fresh.db.prisma.broadcastRecipient.findFirstOrThrow({ where: { broadcastId: broadcast.id } });
    const outbox = await fresh.db.prisma.outboxMessage.findMany({ where: { chatId: mai!.chatId } });
    const seen = { claimed: claimed.map((m) => m.chatId), recipient: recipient.status, outbox: outbox.map((m) => m.status) };
    // Either STOP took it (skipped, gone, the worker got nothing) or the worker did (still queued, being sent).
    expect([
      { claimed: [], recipient: "skipped", outbox: [] },
      { claimed: [mai!.chatId], recipient: "queued", outbox: ["sending"] },
    ]).toContainEqual(seen);
  });

  it("sends each opportunity notice once when two instances judge the same two notices oppositely", async () => {
    const [an, binh] = await seedSubscribers(fresh.db, { count: 2, now: new Date("2027-03-01T03:00:00Z"), channels: ["telegram"] });
    const evening = new Date("2027-03-10T15:00:00Z"); // 22:00 in Vietnam: the notices wait for 07:00
    await createOpportunity({
      db: fresh.db,
      actor: coordinator,
      input: { kind: "job", title: "Tuyển thợ điện công trình", organiser: "Công ty Điện lực", place: "Xã Hòn Đất", deadline: "2027-04-30" },
      topics: new Set(["viec-lam"]),
      now: evening,
      notices: texts,
    });
    const morning = new Date("2027-03-11T00:00:00Z");
    // Bình has stopped notices when the first instance reads; by the second's read, An has and Bình turned them back on.
    await setNoticesStopped(fresh.db.prisma, binh!.userId, evening);
    const flip = async () => {
      await setNoticesStopped(fresh.db.prisma, an!.userId, morning);
      await setNoticesStopped(fresh.db.prisma, binh!.userId, null);
    };
    const run = () => sendDueNotices(fresh.db, { now: morning, texts });
    const runs = await bothWaitingToWrite(fresh.target.url, "OpportunityNotice", run, flip, run);

    expect(runs.reduce((sum, r) => sum + r.sent, 0)).toBe(1);
    expect(runs.reduce((sum, r) => sum + r.skipped, 0)).toBe(1);
    expect((await fresh.db.prisma.opportunityNotice.findMany()).map((n) => n.status).sort()).toEqual(["sent", "skipped"]);
    expect(await fresh.db.prisma.outboxMessage.count({ where: { payload: { contains: "Tuyển thợ điện công trình" } } })).toBe(1);
  });

  it("queues each broadcast recipient once when two pumps judge the same two recipients oppositely", async () => {
    const now = new Date("2027-03-01T03:00:00Z");
    const [an, binh] = await seedSubscribers(fresh.db, { count: 2, now, channels: ["telegram"] });
    const broadcast = await sendBroadcast({ db: fresh.db, actor: coordinator, input: { kind: "announcement", text: "Hội thi tin học trẻ cấp tỉnh năm 2027." }, now });
    await setNoticesStopped(fresh.db.prisma, binh!.userId, now);
    const flip = async () => {
      await setNoticesStopped(fresh.db.prisma, an!.userId, now);
      await setNoticesStopped(fresh.db.prisma, binh!.userId, null);
    };
    const run = () => pumpBroadcasts(fresh.db, { now, texts });
    const runs = await bothWaitingToWrite(fresh.target.url, "BroadcastRecipient", run, flip, run);

    expect(runs.reduce((sum, r) => sum + r.queued, 0)).toBe(1);
    expect(runs.reduce((sum, r) => sum + r.skipped, 0)).toBe(1);
    const recipients = await fresh.db.prisma.broadcastRecipient.findMany({ where: { broadcastId: broadcast.id } });
    expect(recipients.map((r) => r.status).sort()).toEqual(["queued", "skipped"]);
    expect(await fresh.db.prisma.outboxMessage.count({ where: { payload: { contains: "Hội thi tin học trẻ" } } })).toBe(1);
  });
});
