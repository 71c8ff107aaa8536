// The crash scenario shared by test/reliability/crash-restart.test.ts and scripts/chaos.ts: the
// service runs as a child process in Telegram webhook mode against FakeTelegram; a burst of chat
// traffic is delivered the way Telegram delivers it; the process is SIGKILLed when a given number of
// updates has been acknowledged and started again on the same data; Telegram keeps re-sending what
// was not acknowledged. At the end every update's replies are counted at the fake, proposals are
// counted in the database, and the moment of each kill is described (what was in flight).
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Update } from "grammy/types";
import { FakeTelegram } from "../../support/fake-telegram.ts";
import { auditReplies, planBurst, type AuditResult } from "./burst.ts";
import { DataDb } from "./data-db.ts";
import { freePort, readJsonLog, sleep, startService, type ServiceProcess } from "./service-process.ts";
import { WebhookSender, type SenderStats } from "./webhook-sender.ts";

export interface CrashScenarioOptions {
  users: number;
  perUser: number;
  /** Every n-th user files a proposal (/kiennghi, đồng ý, bỏ qua). */
  proposerEvery: number;
  /** One SIGKILL per entry, when that many updates have been acknowledged in total. */
  killAfterAcks: number[];
  /** Webhook connections at once (Telegram's default max_connections is 40). */
  concurrency?: number;
  /** Telegram answers every sendMessage with `status` for `ms`, from the moment `atAcks` updates were acknowledged. */
  outage?: { atAcks: number; ms: number; status: 500 | 429 };
  /** Extra or overriding service environment. */
  env?: Record<string, string>;
  /** A PostgreSQL database for the service (empty, created by the caller); SQLite in the data folder otherwise. */
  databaseUrl?: string;
  drainTimeoutMs?: number;
  log?: (line: string) => void;
  keepData?: boolean;
}

export interface KillSnapshot {
  /** Updates acknowledged with 200 before the kill. */
  acknowledged: number;
  /** Updates committed as processed at the kill. */
  processed: number;
  /** Processed but never acknowledged: Telegram re-sends them and they must have no second effect. */
  processedNotAcknowledged: number;
  outboxPending: number;
  /** Replies claimed by the worker (in flight) at the kill. */
  outboxSending: number;
  /** Of those, replies Telegram had already received: the only ones that can be sent twice. */
  sendingAlreadyDelivered: number;
  /** From the kill to /healthz answering again. */
  restartMs: number;
}

export interface CrashScenarioReport {
  messages: number;
  users: number;
  proposers: number;
  kills: KillSnapshot[];
  /** Distinct replies that had reached Telegram but were not yet marked sent at some kill (a row can be caught by two kills). */
  deliveredInFlight: number;
  sender: SenderStats;
  audit: AuditResult;
  proposals: { expected: number; stored: number; missing: number; duplicated: number };
  processedUpdates: number;
  inboundLogged: number;
  outbox: Record<string, number>;
  timings: { totalMs: number; burstMs: number; drainAfterLastRestartMs: number };
  /** Log lines at level error or fatal, over all runs of the service. */
  errorLogLines: number;
  errorSamples: string[];
  /** The platform outage, when one was asked for. */
  outage: { ms: number; status: number; failedAttempts: number; heldAtEnd: number; drainAfterEndMs: number } | undefined;
  /** Log lines (over all runs) that contain the bot token's secret part or the webhook secret. */
  secretsInLog: number;
  /** The last run stopped on SIGTERM with exit code 0. */
  gracefulExit: boolean;
  dataDir: string;
}

const SECRET = "chaos-webhook-secret-0123456789";

export async function runCrashScenario(opts: CrashScenarioOptions): Promise<CrashScenarioReport> {
  const log = opts.log ?? (() => undefined);
  const fake = new FakeTelegram();
  await fake.start();
  const dataDir = mkdtempSync(path.join(tmpdir(), "ya-chaos-"));
  const logFile = path.join(dataDir, "service.log");
  const port = await freePort();
  const env: Record<string, string> = {
    NODE_ENV: "production",
    PORT: String(port),
    DATA_DIR: dataDir,
    LOG_LEVEL: "info",
    KNOWLEDGE_DIR: "test/fixtures/knowledge",
    TELEGRAM_BOT_TOKEN: fake.token,
    TELEGRAM_API_ROOT: fake.apiRoot,
    TELEGRAM_MODE: "webhook",
    TELEGRAM_WEBHOOK_SECRET: SECRET,
    PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
    TELEGRAM_CHAT_RATE_PER_SECOND: "0",
    TELEGRAM_RATE_PER_SECOND: "1000",
    OUTBOX_POLL_MS: "50",
    OUTBOX_RETRY_BASE_MS: "100",
    OUTBOX_RETRY_MAX_MS: "1000",
    CHANNEL_REQUEST_TIMEOUT_SECONDS: "5",
    // The burst is 10 messages per user; a flood notice would replace a reply and blur the count.
    FLOOD_MAX_MESSAGES: "1000",
    ...(opts.databaseUrl ? { DATABASE_URL: opts.databaseUrl } : {}),
    ...opts.env,
  };
  const openDataDb = () => DataDb.open({ dataDir, databaseUrl: opts.databaseUrl });
  const started = Date.now();
  let service: ServiceProcess = await startService({ env, logFile });
  log(`service started (pid ${service.pid}) on ${service.url} in ${Date.now() - started} ms`);

  const plans = planBurst({ users: opts.users, perUser: opts.perUser, proposerEvery: opts.proposerEvery, firstChatId: 610_000, runTag: `chaos${Date.now() % 100_000}` });
  const chats: Update[][] = plans.map((p) => p.messages.map((m) => fake.textMessage({ chatId: p.chatId, text: m.text })));
  const messages = chats.reduce((n, c) => n + c.length, 0);
  const kills: KillSnapshot[] = [];
  const thresholds = [...opts.killAfterAcks].sort((a, b) => a - b);
  let killing: Promise<void> | undefined;
  let lastRestartAt = started;
  const deliveredInFlight = new Set<number>();

  let acknowledgedNow = () => 0;
  const killAndRestart = async () => {
    // A random moment shortly after the threshold: killing in the very tick an update was
    // acknowledged would always catch that update's reply on its way to Telegram.
    await sleep(Math.random() * 250);
    const acknowledged = acknowledgedNow();
    const killedAt = Date.now();
    await service.kill("SIGKILL");
    const db = await openDataDb();
    const processed = await db.count("ProcessedUpdate", `"channel" = 'telegram'`);
    const byStatus = await db.outboxByStatus();
    const sentRows = (await db.outbox("all")).filter((r) => r.status === "sent");
    const sending = await db.outbox("sending");
    await db.close();
    const atFake = (chatId: string, text: string) => fake.sent.filter((m) => String(m.chat_id) === chatId && m.plainText === text).length;
    const markedSent = (chatId: string, text: string) => sentRows.filter((r) => r.chatId === chatId && r.text === text).length;
    const delivered = sending.filter((r) => atFake(r.chatId, r.text) > markedSent(r.chatId, r.text));
    for (const r of delivered) deliveredInFlight.add(r.id);
    const sendingAlreadyDelivered = delivered.length;
    log(`SIGKILL after ${acknowledged} acknowledged updates: ${processed} processed, ${byStatus.pending ?? 0} replies pending, ${sending.length} in flight (${sendingAlreadyDelivered} already at Telegram)`);
    service = await startService({ env, logFile });
    lastRestartAt = Date.now();
    const restartMs = lastRestartAt - killedAt;
    log(`restarted (pid ${service.pid}) ${restartMs} ms after the kill`);
    kills.push({
      acknowledged,
      processed,
      processedNotAcknowledged: Math.max(0, processed - acknowledged),
      outboxPending: byStatus.pending ?? 0,
      outboxSending: sending.length,
      sendingAlreadyDelivered,
      restartMs,
    });
  };

  let outageEndsAt: number | undefined;
  let outageFailures = 0;
  let heldAtOutageEnd = 0;
  let outageWatch: Promise<void> | undefined;
  const startOutage = (o: NonNullable<CrashScenarioOptions["outage"]>) => {
    log(`Telegram answers ${o.status} to every sendMessage for ${Math.round(o.ms / 1000)} s`);
    const callsBefore = fake.calls.length;
    fake.failFor("sendMessage", o.ms, o.status === 429 ? { status: 429, retryAfter: 5 } : { status: o.status });
    outageEndsAt = Date.now() + o.ms;
    outageWatch = sleep(o.ms - 50).then(async () => {
      const db = await openDataDb();
      const s = await db.outboxByStatus();
      await db.close();
      heldAtOutageEnd = (s.pending ?? 0) + (s.sending ?? 0);
      outageFailures = fake.calls.slice(callsBefore).filter((c) => c.method === "sendMessage" && c.status === o.status).length;
      log(`outage over: ${heldAtOutageEnd} replies held, ${outageFailures} failed attempts`);
    });
  };
  const sender = new WebhookSender<Update>({
    post: (update) => fake.postWebhook(`${service.url}/webhooks/telegram`, update, SECRET),
    concurrency: opts.concurrency ?? 40,
    retryBaseMs: 200,
    retryMaxMs: 2000,
    onAcknowledged: (total) => {
      if (opts.outage && outageEndsAt === undefined && total >= opts.outage.atAcks) startOutage(opts.outage);
      if (killing || thresholds.length === 0 || total < thresholds[0]!) return;
      thresholds.shift();
      killing = killAndRestart().finally(() => (killing = undefined));
    },
  });
  acknowledgedNow = () => sender.stats.acknowledged;
  const stats = await sender.deliver(chats);
  while (killing) await killing;
  await outageWatch;
  const burstMs = Date.now() - started;
  log(`burst delivered: ${stats.acknowledged}/${messages} acknowledged, ${stats.redelivered} re-sent by the platform, in ${burstMs} ms`);

  // Drained: nothing pending or in flight in the outbox (in-flight rows of a killed process come
  // back when their claim lease expires).
  const db = await openDataDb();
  const deadline = Date.now() + (opts.drainTimeoutMs ?? 90_000);
  for (;;) {
    const s = await db.outboxByStatus();
    if ((s.pending ?? 0) + (s.sending ?? 0) === 0) break;
    if (Date.now() > deadline) break;
    await sleep(100);
  }
  const drainAfterLastRestartMs = Date.now() - lastRestartAt;
  const drainAfterOutageMs = outageEndsAt === undefined ? 0 : Date.now() - outageEndsAt;
  await sleep(1000); // anything sent twice would show up now
  const audit = auditReplies(
    plans,
    fake.sent.map((m) => ({ chatId: String(m.chat_id), text: m.plainText })),
  );
  const proposers = plans.filter((p) => p.proposalToken);
  let stored = 0;
  let missing = 0;
  let duplicated = 0;
  for (const p of proposers) {
    const found = (await db.proposalsEndingWith(`mã thử ${p.proposalToken!}`)).length;
    stored += found;
    if (found === 0) missing++;
    if (found > 1) duplicated += found - 1;
  }
  const processedUpdates = await db.count("ProcessedUpdate", `"channel" = 'telegram'`);
  const inboundLogged = await db.count("Message", `"direction" = 'in'`);
  const outbox = await db.outboxByStatus();
  await db.close();

  await service.kill("SIGTERM");
  const exit = await service.exited;
  const lines = readJsonLog(logFile);
  const errors = lines.filter((l) => typeof l.level === "number" && l.level >= 50);
  const secrets = [fake.token.split(":")[1]!, SECRET];
  const secretsInLog = readFileSync(logFile, "utf8")
    .split("\n")
    .filter((line) => secrets.some((secret) => line.includes(secret))).length;
  await fake.stop();
  if (!opts.keepData) rmSync(dataDir, { recursive: true, force: true });
  return {
    messages,
    users: opts.users,
    proposers: proposers.length,
    kills,
    deliveredInFlight: deliveredInFlight.size,
    sender: stats,
    audit,
    proposals: { expected: proposers.length, stored, missing, duplicated },
    processedUpdates,
    inboundLogged,
    outbox,
    timings: { totalMs: Date.now() - started, burstMs, drainAfterLastRestartMs },
    errorLogLines: errors.length,
    errorSamples: errors.slice(0, 5).map((l) => JSON.stringify(l).slice(0, 400)),
    outage: opts.outage
      ? { ms: opts.outage.ms, status: opts.outage.status, failedAttempts: outageFailures, heldAtEnd: heldAtOutageEnd, drainAfterEndMs: drainAfterOutageMs }
      : undefined,
    secretsInLog,
    gracefulExit: exit.code === 0,
    dataDir,
  };
}
