// The broadcast crash scenario shared by test/reliability/broadcast-crash.test.ts and
// scripts/chaos.ts --broadcast: subscribers on web, Telegram and Zalo (seeded through the tables'
// owners), some of whom send STOP in the chat; the service runs as a child process in webhook mode
// against FakeTelegram and FakeZalo, which refuse (429) anything over their caps, and the service is
// configured with the same caps; a coordinator sends an announcement to everyone (the use case the
// console calls, on the same database); a few recipients send STOP while it goes out, before their
// turn; the process is SIGKILLed when given shares of the platform deliveries have arrived and
// started again on the same data. Web subscribers open their inbox (some in the middle, all at the
// end) and acknowledge what they saw, as the chat page does. At the end every subscriber's copies
// are counted at the fakes and in the web inboxes, and each platform's busiest second is measured.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { countSegment } from "../../../src/announcements/segment-recipients.ts";
import { Segment } from "../../../src/announcements/broadcast-terms.ts";
import { sendBroadcast } from "../../../src/announcements/send-broadcast.ts";
import { WEB_SESSION_COOKIE } from "../../../src/channels/web/web-session.ts";
import { openDatabase, type Db } from "../../../src/db/client.ts";
import { migrateDatabase } from "../../../src/db/migrate.ts";
import type { StaffActor } from "../../../src/staff/staff-scope.ts";
import { FakeTelegram } from "../../support/fake-telegram.ts";
import { FakeZalo } from "../../support/fake-zalo.ts";
import { seedSubscribers, type Subscriber } from "../../support/subscribers.ts";
import { auditDeliveries, busiestChatSecond, busiestSecond, type DeliveryAudit } from "./broadcast-audit.ts";
import { freePort, readJsonLog, sleep, startService, type ServiceProcess } from "./service-process.ts";

export interface BroadcastScenarioOptions {
  subscribers: number;
  /** Subscribers who send STOP before the broadcast (spread over the channels). */
  stopBefore: number;
  /** Recipients who send STOP just after it was sent, from the end of each channel's queue. */
  stopDuring: number;
  /** One SIGKILL per entry, when that share (0–1) of the expected platform deliveries has reached the fakes. */
  killAt: number[];
  /** The platforms' caps per second, for the fakes and the service alike (default: the service's defaults, Telegram 30, Zalo 20). */
  rates?: { telegram: number; zalo: number };
  /** Extra or overriding service environment (e.g. a shorter OUTBOX_CLAIM_LEASE_MS). */
  env?: Record<string, string>;
  drainTimeoutMs?: number;
  log?: (line: string) => void;
  keepData?: boolean;
}

export interface BroadcastKill {
  /** Platform deliveries of the broadcast at the fakes when the process was killed. */
  delivered: number;
  /** Broadcast messages claimed by the outbox worker (in flight) at the kill. */
  outboxSending: number;
  /** Of those, messages the platform already had: the only ones that can arrive twice. */
  sendingAlreadyDelivered: number;
  restartMs: number;
}

export interface PlatformRate {
  cap: number;
  /** Messages the platform accepted (broadcast, STOP replies, re-sends). */
  accepted: number;
  /** The most it accepted in any one second. */
  busiestSecond: number;
  /** The most one chat got in any one second. */
  busiestChatSecond: number;
  /** sendMessage calls refused with 429 for going over the bot's cap, and over a chat's. */
  refusedOverCap: number;
  refusedPerChat: number;
}

export interface BroadcastScenarioReport {
  subscribers: number;
  stoppedBefore: number;
  stoppedDuring: number;
  /** The dry run's count just before sending, and the recipients the broadcast was sent to. */
  dryRun: number;
  recipients: number;
  /** BroadcastRecipient rows by status at the end (queued, skipped, waiting). */
  recipientRows: Record<string, number>;
  broadcastStatus: string;
  kills: BroadcastKill[];
  /** Distinct messages that had reached a platform but were not yet marked sent at some kill. */
  deliveredInFlight: number;
  audit: DeliveryAudit;
  rates: { telegram: PlatformRate; zalo: PlatformRate };
  /** Web inbox reads: polls made, copies seen in the middle of the run. */
  web: { polls: number; seenMidway: number };
  outbox: Record<string, number>;
  timings: { seedMs: number; sendingMs: number; drainAfterLastRestartMs: number; totalMs: number };
  /** Hours the service's clock was moved into the day (quiet hours hold broadcasts back). */
  clockOffsetHours: number;
  errorLogLines: number;
  errorSamples: string[];
  gracefulExit: boolean;
  dataDir: string;
}

const SECRET = "chaos-broadcast-secret-0123456789";
const coordinator: StaffActor = { id: "chaos", email: "dieuphoi@tinhdoan.gov.vn", name: "Điều phối (chaos)", role: "coordinator", departmentId: null };

/** Whole hours that move `now` to 10:00–19:59 in Vietnam (UTC+7); 0 when it already is, so a run of minutes stays out of quiet hours. */
export function daytimeOffsetHours(now: Date): number {
  const hour = (now.getUTCHours() + 7) % 24;
  return hour >= 8 && hour < 20 ? 0 : (10 - hour + 24) % 24;
}

export async function runBroadcastScenario(opts: BroadcastScenarioOptions): Promise<BroadcastScenarioReport> {
  const log = opts.log ?? (() => undefined);
  const started = Date.now();
  const rates = opts.rates ?? { telegram: 30, zalo: 20 };
  const telegram = new FakeTelegram({ perSecond: rates.telegram, perChatPerSecond: 1 });
  const zalo = new FakeZalo({ perSecond: rates.zalo, perChatPerSecond: 1 });
  await telegram.start();
  await zalo.start();
  const offsetHours = daytimeOffsetHours(new Date());
  const now = () => new Date(Date.now() + offsetHours * 3600_000);
  if (offsetHours) log(`quiet hours in Vietnam now: the service's clock runs ${offsetHours} h ahead`);

  const dataDir = mkdtempSync(path.join(tmpdir(), "ya-chaos-broadcast-"));
  const logFile = path.join(dataDir, "service.log");
  const target = { provider: "sqlite" as const, url: `file:${path.join(dataDir, "app.db")}` };
  await migrateDatabase(target);
  const db: Db = await openDatabase(target);
  const seeded = await seedSubscribers(db, { count: opts.subscribers, now: now() });
  const seedMs = Date.now() - started;
  log(`${seeded.length} subscribers seeded (web, Telegram, Zalo in turn) in ${seedMs} ms`);

  const port = await freePort();
  const env: Record<string, string> = {
    NODE_ENV: "production",
    PORT: String(port),
    DATA_DIR: dataDir,
    LOG_LEVEL: "info",
    KNOWLEDGE_DIR: "test/fixtures/knowledge",
    PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
    TELEGRAM_BOT_TOKEN: telegram.token,
    TELEGRAM_API_ROOT: telegram.apiRoot,
    TELEGRAM_MODE: "webhook",
    TELEGRAM_WEBHOOK_SECRET: SECRET,
    TELEGRAM_RATE_PER_SECOND: String(rates.telegram),
    TELEGRAM_CHAT_RATE_PER_SECOND: "1",
    ZALO_BOT_TOKEN: zalo.token,
    ZALO_API_ROOT: zalo.apiRoot,
    ZALO_MODE: "webhook",
    ZALO_WEBHOOK_SECRET: SECRET,
    ZALO_RATE_PER_SECOND: String(rates.zalo),
    ZALO_CHAT_RATE_PER_SECOND: "1",
    OUTBOX_POLL_MS: "100",
    CHANNEL_REQUEST_TIMEOUT_SECONDS: "5",
    // Every web subscriber opens their inbox from 127.0.0.1.
    WEB_CHAT_RATE_PER_IP_PER_MINUTE: "1000000",
    SERVICE_CLOCK_OFFSET_MS: String(offsetHours * 3600_000),
    ...opts.env,
  };
  const entry = "test/reliability/support/daytime-service.ts";
  let service: ServiceProcess = await startService({ env, logFile, entry });
  log(`service started (pid ${service.pid}) on ${service.url}`);

  // --- chat: STOP, as each platform delivers it -------------------------------------------------
  const stop = async (p: Subscriber): Promise<void> => {
    for (let attempt = 0; ; attempt++) {
      const status = await postStop(p).catch(() => 0);
      if (status === 200) return;
      if (attempt > 100) throw new Error(`STOP from ${p.channel}:${p.chatId} never acknowledged (last status ${status})`);
      await sleep(200);
    }
  };
  let zaloMessage = 0;
  const postStop = (p: Subscriber): Promise<number> => {
    if (p.channel === "telegram") return telegram.postWebhook(`${service.url}/webhooks/telegram`, telegram.textMessage({ chatId: Number(p.chatId), text: "STOP" }), SECRET);
    if (p.channel === "zalo") return zalo.postWebhook(`${service.url}/webhooks/zalo`, zalo.textMessage({ chatId: p.chatId, text: "STOP", messageId: `chaos-stop-${++zaloMessage}` }), SECRET);
    return fetch(`${service.url}/api/chat`, { method: "POST", headers: { "content-type": "application/json", cookie: `${WEB_SESSION_COOKIE}=${p.session}` }, body: JSON.stringify({ text: "STOP" }) }).then(
      async (r) => (await r.arrayBuffer(), r.status),
    );
  };
  const stopped = new Set<string>();
  // Spread over the channels and over each channel's subscribers.
  const before: Subscriber[] = [];
  for (const [n, channel] of (["web", "telegram", "zalo"] as const).entries()) {
    const share = Math.floor(opts.stopBefore / 3) + (n < opts.stopBefore % 3 ? 1 : 0);
    const ofChannel = seeded.filter((p) => p.channel === channel);
    const every = Math.max(1, Math.floor(ofChannel.length / Math.max(1, share)));
    before.push(...ofChannel.filter((_, i) => i % every === 1 % every).slice(0, share));
  }
  await inBatches(before, 16, stop);
  for (const p of before) stopped.add(p.userId);
  log(`${before.length} subscribers sent STOP before the broadcast`);

  // --- the broadcast --------------------------------------------------------------------------
  const token = `CB${Date.now().toString(36)}`;
  const text = `Ngày hội việc làm thanh niên sáng Chủ nhật tại Nhà văn hóa thanh niên (${token}).`;
  const dry = await countSegment(db, Segment.parse({}));
  const sendStarted = Date.now();
  const sent = await sendBroadcast({ db, actor: coordinator, input: { kind: "announcement", text }, now: now(), expected: dry.total });
  log(`broadcast ${sent.id} sent to ${sent.recipients} (dry run: ${dry.total}, ${JSON.stringify(dry.byChannel)})`);

  // A few recipients stop before their turn comes: the last ones of each channel's queue.
  const waiting = await db.prisma.broadcastRecipient.findMany({ where: { broadcastId: sent.id, status: "waiting" }, orderBy: { id: "desc" }, select: { userId: true, channel: true } });
  const byUser = new Map(seeded.map((p) => [p.userId, p]));
  const during: Subscriber[] = [];
  for (const channel of ["web", "telegram", "zalo"]) {
    const share = Math.floor(opts.stopDuring / 3) + (channel === "web" ? opts.stopDuring % 3 : 0);
    during.push(...waiting.filter((r) => r.channel === channel).slice(0, share).map((r) => byUser.get(r.userId)!));
  }
  await inBatches(during, 16, stop);
  for (const p of during) stopped.add(p.userId);
  log(`${during.length} recipients sent STOP after the broadcast was sent, before their turn`);

  // --- deliveries, kills and restarts -----------------------------------------------------------
  const carries = (t: string) => t.includes(token);
  const platformDeliveries = () => telegram.sent.filter((m) => carries(m.plainText)).length + zalo.sent.filter((m) => carries(m.text)).length;
  const expectedPlatform = seeded.filter((p) => p.channel !== "web" && !stopped.has(p.userId)).length;
  const kills: BroadcastKill[] = [];
  const deliveredInFlight = new Set<number>();
  let lastRestartAt = Date.now();
  const copiesAt = (channel: string, chatId: string) =>
    channel === "telegram"
      ? telegram.sent.filter((m) => String(m.chat_id) === chatId && carries(m.plainText)).length
      : zalo.sent.filter((m) => m.chat_id === chatId && carries(m.text)).length;

  const webPeople = seeded.filter((p) => p.channel === "web");
  const webCopies = new Map<string, number>();
  let webPolls = 0;
  const openInbox = async (p: Subscriber): Promise<number> => {
    const headers = { cookie: `${WEB_SESSION_COOKIE}=${p.session}` };
    const res = await fetch(`${service.url}/api/chat/inbox`, { headers });
    webPolls++;
    if (res.status !== 200) throw new Error(`inbox of ${p.chatId}: ${res.status}`);
    const { messages } = (await res.json()) as { messages: { id: number; text: string }[] };
    const mine = messages.filter((m) => carries(m.text)).length;
    webCopies.set(p.chatId, (webCopies.get(p.chatId) ?? 0) + mine);
    if (messages.length) {
      const ack = await fetch(`${service.url}/api/chat/inbox/ack`, { method: "POST", headers: { ...headers, "content-type": "application/json" }, body: JSON.stringify({ ids: messages.map((m) => m.id) }) });
      if (ack.status !== 200) throw new Error(`inbox ack of ${p.chatId}: ${ack.status}`);
    }
    return mine;
  };

  let seenMidway = 0;
  for (const [i, share] of [...opts.killAt].sort((a, b) => a - b).entries()) {
    const threshold = Math.max(1, Math.round(expectedPlatform * share));
    while (platformDeliveries() < threshold) await sleep(20);
    // A random moment shortly after: not always in the tick a message was answered.
    await sleep(Math.random() * 250);
    const delivered = platformDeliveries();
    const killedAt = Date.now();
    await service.kill("SIGKILL");
    const rows = await db.prisma.outboxMessage.findMany({ where: { status: "sending", payload: { contains: token } }, select: { id: true, channel: true, chatId: true } });
    const atPlatform = rows.filter((r) => copiesAt(r.channel, r.chatId) > 0);
    for (const r of atPlatform) deliveredInFlight.add(r.id);
    log(`SIGKILL ${i + 1} after ${delivered} platform deliveries: ${rows.length} broadcast messages in flight, ${atPlatform.length} of them already at the platform`);
    service = await startService({ env, logFile, entry });
    lastRestartAt = Date.now();
    kills.push({ delivered, outboxSending: rows.length, sendingAlreadyDelivered: atPlatform.length, restartMs: lastRestartAt - killedAt });
    log(`restarted (pid ${service.pid}) ${lastRestartAt - killedAt} ms after the kill`);
    if (i === 0) {
      // Every tenth web subscriber has the chat page open and reads what arrived so far.
      const readers = webPeople.filter((_, n) => n % 10 === 0);
      seenMidway = (await inBatches(readers, 16, openInbox)).reduce((a, b) => a + b, 0);
      log(`${readers.length} web subscribers opened their inbox: ${seenMidway} copies of the broadcast`);
    }
  }

  // --- drained: the broadcast finished and nothing left for the platforms --------------------------
  const deadline = Date.now() + (opts.drainTimeoutMs ?? 15 * 60_000);
  for (;;) {
    const status = (await db.prisma.broadcast.findUniqueOrThrow({ where: { id: sent.id }, select: { status: true } })).status;
    const left = await db.prisma.outboxMessage.count({ where: { channel: { in: ["telegram", "zalo"] }, status: { in: ["pending", "sending"] } } });
    if (status === "sent" && left === 0) break;
    if (Date.now() > deadline) {
      log(`not drained after ${opts.drainTimeoutMs ?? 15 * 60_000} ms: broadcast ${status}, ${left} platform messages left`);
      break;
    }
    await sleep(200);
  }
  const sendingMs = Date.now() - sendStarted;
  const drainAfterLastRestartMs = Date.now() - lastRestartAt;
  log(`broadcast finished ${Math.round(sendingMs / 1000)} s after it was sent; every web subscriber opens their inbox`);
  await inBatches(webPeople, 16, openInbox);
  await inBatches(webPeople, 16, openInbox); // a second look: what was acknowledged never comes back
  await sleep(1000); // anything sent twice would show up now

  const received = new Map<string, number>();
  for (const m of telegram.sent) if (carries(m.plainText)) received.set(`telegram:${m.chat_id}`, (received.get(`telegram:${m.chat_id}`) ?? 0) + 1);
  for (const m of zalo.sent) if (carries(m.text)) received.set(`zalo:${m.chat_id}`, (received.get(`zalo:${m.chat_id}`) ?? 0) + 1);
  for (const [chatId, n] of webCopies) if (n) received.set(`web:${chatId}`, n);
  const audit = auditDeliveries(
    seeded.map((p) => ({ channel: p.channel, chatId: p.chatId, stopped: stopped.has(p.userId) })),
    received,
  );
  const rate = (fake: FakeTelegram | FakeZalo, cap: number, sends: { chatId: string; at: number }[]): PlatformRate => {
    const refused = fake.calls.filter((c) => c.method === "sendMessage" && c.status === 429).length;
    return {
      cap,
      accepted: sends.length,
      busiestSecond: busiestSecond(sends.map((s) => s.at)),
      busiestChatSecond: busiestChatSecond(sends),
      refusedOverCap: fake.botRateRefusals,
      refusedPerChat: refused - fake.botRateRefusals,
    };
  };
  const platformRates = {
    telegram: rate(telegram, rates.telegram, telegram.sent.map((m) => ({ chatId: String(m.chat_id), at: m.at }))),
    zalo: rate(zalo, rates.zalo, zalo.sent.map((m) => ({ chatId: m.chat_id, at: m.at }))),
  };
  const recipientRows = Object.fromEntries(
    (await db.prisma.broadcastRecipient.groupBy({ by: ["status"], where: { broadcastId: sent.id }, _count: { _all: true } })).map((g) => [g.status, g._count._all]),
  );
  const broadcastStatus = (await db.prisma.broadcast.findUniqueOrThrow({ where: { id: sent.id }, select: { status: true } })).status;
  const outbox = Object.fromEntries(
    (await db.prisma.outboxMessage.groupBy({ by: ["channel", "status"], _count: { _all: true } })).map((g) => [`${g.channel} ${g.status}`, g._count._all]),
  );
  await db.close();

  await service.kill("SIGTERM");
  const exit = await service.exited;
  const errors = readJsonLog(logFile).filter((l) => typeof l.level === "number" && l.level >= 50);
  await telegram.stop();
  await zalo.stop();
  if (!opts.keepData) rmSync(dataDir, { recursive: true, force: true });
  return {
    subscribers: seeded.length,
    stoppedBefore: before.length,
    stoppedDuring: during.length,
    dryRun: dry.total,
    recipients: sent.recipients,
    recipientRows,
    broadcastStatus,
    kills,
    deliveredInFlight: deliveredInFlight.size,
    audit,
    rates: platformRates,
    web: { polls: webPolls, seenMidway },
    outbox,
    timings: { seedMs, sendingMs, drainAfterLastRestartMs, totalMs: Date.now() - started },
    clockOffsetHours: offsetHours,
    errorLogLines: errors.length,
    errorSamples: errors.slice(0, 5).map((l) => JSON.stringify(l).slice(0, 400)),
    gracefulExit: exit.code === 0,
    dataDir,
  };
}

/** Runs `fn` over `items`, `width` at a time; the results in order. */
async function inBatches<T, R>(items: readonly T[], width: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!);
      }
    }),
  );
  return out;
}
