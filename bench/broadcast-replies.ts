// Chat replies while a broadcast goes out (issue 19's target: a 10,000-recipient broadcast does not
// delay chat replies; p99 ≤ 50 ms on SQLite). One service instance (a child process) on a fresh
// SQLite file with 10,000 subscribers on web, Telegram and Zalo, the platforms' real caps configured
// (Telegram 30, Zalo 20 messages a second; the fakes refuse anything over them). The same chat load
// (Telegram webhook, paced) runs twice: before the broadcast, and while the broadcast pump moves its
// recipients into the outbox and the worker sends them at the caps. Per message: the server time
// (webhook POST until its 200: the reply is computed and in the outbox) and the reply latency (POST
// until the fake received the reply, which shares the platform's rate with the broadcast).
import { randomBytes } from "node:crypto";
import path from "node:path";
import { sendBroadcast } from "../src/announcements/send-broadcast.ts";
import { openDatabase } from "../src/db/client.ts";
import { migrateDatabase } from "../src/db/migrate.ts";
import type { StaffActor } from "../src/staff/staff-scope.ts";
import { FakeTelegram } from "../test/support/fake-telegram.ts";
import { FakeZalo } from "../test/support/fake-zalo.ts";
import { seedSubscribers } from "../test/support/subscribers.ts";
import { runMessageLoad, type LoadResult } from "./message-load.ts";
import { MESSAGE_TEXTS } from "./messages.ts";
import { sqliteDatabase, startService } from "./services.ts";

export interface BroadcastRepliesResult {
  scenario: string;
  recipients: number;
  /** Chat messages per second offered in each run. */
  rate: number;
  caps: { telegram: number; zalo: number };
  /** The chat load before the broadcast: this machine, this run, without it. */
  before: LoadResult;
  /** The same load while the broadcast was being sent. */
  during: LoadResult;
  /** What the broadcast did during that run: recipients queued into the outbox, messages the platforms received, recipients still waiting at its end. */
  broadcast: { queued: number; delivered: number; waitingAtEnd: number };
}

const SECRET = "bench-webhook-secret";
const coordinator: StaffActor = { id: "bench", email: "dieuphoi@tinhdoan.gov.vn", name: "Điều phối (bench)", role: "coordinator", departmentId: null };

/** Hours to move the service's clock so that it is daytime in Vietnam (quiet hours, 21:00–07:00, hold broadcasts back). */
function daytimeOffsetHours(now: Date): number {
  const hour = (now.getUTCHours() + 7) % 24;
  return hour >= 8 && hour < 20 ? 0 : (10 - hour + 24) % 24;
}

export async function runBroadcastRepliesBench(opts: {
  repoRoot: string;
  recipients: number;
  /** Chat messages per second, and how many per run. */
  rate: number;
  messages: number;
  log: (line: string) => void;
}): Promise<BroadcastRepliesResult> {
  const caps = { telegram: 30, zalo: 20 };
  const telegram = new FakeTelegram({ perSecond: caps.telegram });
  const zalo = new FakeZalo({ perSecond: caps.zalo });
  await telegram.start();
  await zalo.start();
  const db = sqliteDatabase();
  const offsetMs = daytimeOffsetHours(new Date()) * 3600_000;
  const now = () => new Date(Date.now() + offsetMs);
  const target = { provider: "sqlite" as const, url: db.url };
  await migrateDatabase(target);
  const data = await openDatabase(target);
  let service: Awaited<ReturnType<typeof startService>> | undefined;
  try {
    const seeded = Date.now();
    await seedSubscribers(data, { count: opts.recipients, now: now() });
    opts.log(`  ${opts.recipients} subscribers seeded in ${((Date.now() - seeded) / 1000).toFixed(1)} s`);
    service = await startService({
      DATABASE_URL: db.url,
      KNOWLEDGE_DIR: process.env.BENCH_KNOWLEDGE_DIR?.trim() || path.join(opts.repoRoot, "knowledge"),
      TELEGRAM_BOT_TOKEN: telegram.token,
      TELEGRAM_API_ROOT: telegram.apiRoot,
      TELEGRAM_MODE: "webhook",
      TELEGRAM_WEBHOOK_SECRET: SECRET,
      TELEGRAM_RATE_PER_SECOND: String(caps.telegram),
      // A first message's reply follows the privacy notice at once: the per-chat limit is not measured here.
      TELEGRAM_CHAT_RATE_PER_SECOND: "0",
      ZALO_BOT_TOKEN: zalo.token,
      ZALO_API_ROOT: zalo.apiRoot,
      ZALO_MODE: "webhook",
      ZALO_WEBHOOK_SECRET: SECRET,
      ZALO_RATE_PER_SECOND: String(caps.zalo),
      ZALO_CHAT_RATE_PER_SECOND: "1",
      PUBLIC_BASE_URL: "http://127.0.0.1:9",
      FLOOD_MAX_MESSAGES: "10000",
      BENCH_CLOCK_OFFSET_MS: String(offsetMs),
    });
    const common = {
      fake: telegram,
      targets: [{ url: `${service.url}/webhooks/telegram`, secret: SECRET }],
      texts: MESSAGE_TEXTS,
      users: Math.max(50, Math.floor(opts.messages / 5)),
      concurrency: 64,
      ratePerSecond: opts.rate,
    };
    // Chat users' ids are far from the subscribers' (800,000,000 on), so no reply is taken for a notice.
    await runMessageLoad({ ...common, messages: 100, firstUserId: 40_000_000 });
    const before = await runMessageLoad({ ...common, messages: opts.messages, firstUserId: 41_000_000 });

    const token = randomBytes(4).toString("hex");
    const sent = await sendBroadcast({ db: data, actor: coordinator, input: { kind: "announcement", text: `Ngày hội việc làm thanh niên sáng Chủ nhật (${token}).` }, now: now() });
    const carries = () => telegram.sent.filter((m) => m.plainText.includes(token)).length + zalo.sent.filter((m) => m.text.includes(token)).length;
    // The pump runs every 2 s: the chat load starts once the first window is on its way.
    const deadline = Date.now() + 30_000;
    while (carries() === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const queued = () => data.prisma.broadcastRecipient.count({ where: { broadcastId: sent.id, status: { not: "waiting" } } });
    const queuedBefore = await queued();
    const deliveredBefore = carries();
    const during = await runMessageLoad({ ...common, messages: opts.messages, firstUserId: 42_000_000 });
    const broadcast = {
      queued: (await queued()) - queuedBefore,
      delivered: carries() - deliveredBefore,
      waitingAtEnd: await data.prisma.broadcastRecipient.count({ where: { broadcastId: sent.id, status: "waiting" } }),
    };
    return { scenario: `SQLite, ${opts.recipients.toLocaleString("en")} recipients`, recipients: sent.recipients, rate: opts.rate, caps, before, during, broadcast };
  } finally {
    await service?.stop();
    await data.close();
    await db.drop();
    await telegram.stop();
    await zalo.stop();
  }
}
