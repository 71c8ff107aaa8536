// The composition root: the only place that wires concrete things together (configuration, logger,
// database, knowledge base, conversation, HTTP server, channels) and owns start-up and graceful
// shutdown. `npm start` runs this file; tests call startApp() with their own configuration.
import { pathToFileURL } from "node:url";
import type { FastifyInstance } from "fastify";
import type { Logger } from "pino";
import { sendableAt } from "./announcements/quiet-hours.ts";
import { registerApi } from "./api/register-api.ts";
import type { ChannelAdapter } from "./channels/channel.ts";
import { OutboxWorker } from "./channels/outbox-worker.ts";
import { TelegramChannel } from "./channels/telegram/telegram-channel.ts";
import { registerTelegramWebhook } from "./channels/telegram/webhook-route.ts";
import { registerFrontDoor } from "./channels/web/front-door.ts";
import { registerDialoguePages } from "./http/dialogue-pages.ts";
import { registerOpportunityPages } from "./http/opportunity-pages.ts";
import { PRIVACY_NOTICE_VERSION, registerPrivacyPage } from "./channels/web/privacy-page.ts";
import { registerWebChat } from "./channels/web/web-chat.ts";
import { WEB_SESSION_COOKIE, webChatId } from "./channels/web/web-session.ts";
import { registerZaloWebhook } from "./channels/zalo/webhook-route.ts";
import { systemClock, type Clock } from "./clock.ts";
import { ZaloChannel } from "./channels/zalo/zalo-channel.ts";
import { MessageReceiver } from "./conversation/receive-message.ts";
import { loadConfig, loadDotEnv, type Config } from "./config.ts";
import { registerConsole } from "./console/register-console.ts";
import { Conversation } from "./conversation/conversation.ts";
import { openDatabase, type Db } from "./db/client.ts";
import { migrateDatabase } from "./db/migrate.ts";
import { countPublicReads, installRateLimiting } from "./http/rate-limit.ts";
import { buildServer } from "./http/server.ts";
import { registerDataExportRoute } from "./http/data-export-route.ts";
import { remoteProcessors } from "./privacy/where-data-goes.ts";
import { broadcastJob, subscriptionNoticesJob } from "./jobs/announcement-jobs.ts";
import { deadlineJob } from "./jobs/deadline-job.ts";
import { feedJob } from "./jobs/feed-job.ts";
import { retentionJob } from "./jobs/retention-job.ts";
import { roundNoticesJob } from "./jobs/round-notices-job.ts";
import { startScheduledJobs } from "./jobs/scheduler.ts";
import { createEmbeddings } from "./knowledge/index/create-embeddings.ts";
import { defaultTopics } from "./knowledge/topics.ts";
import { KnowledgeBase } from "./knowledge/knowledge-base.ts";
import { configureParseSandbox } from "./knowledge/parse/parse-sandbox.ts";
import { syncDirectory } from "./knowledge/admin/sync-directory.ts";
import { isAppError } from "./errors.ts";
import { Events, type AppEvents } from "./events.ts";
import { createLogger } from "./logger.ts";
import { countEvents } from "./metrics/count-events.ts";
import { Metrics } from "./metrics/metrics.ts";
import { registerMetrics } from "./metrics/metrics-route.ts";
import { ErasureLedger } from "./privacy/erasure-ledger.ts";
import { Prompts } from "./prompts.ts";
import { ensureFirstAdmin } from "./staff/ensure-first-admin.ts";
import { fillMissingSearchText } from "./proposals/search-text.ts";
import { seedDepartments } from "./proposals/seed-departments.ts";

export interface App {
  config: Config;
  server: FastifyInstance;
  db: Db;
  knowledge: KnowledgeBase;
  conversation: Conversation;
  prompts: Prompts;
  channels: ChannelAdapter[];
  outbox: OutboxWorker;
  log: Logger;
  /** The address the server listens on, e.g. http://127.0.0.1:3000. */
  url: string;
  /** Settles when the knowledge folder is synced and the index loaded (at once unless serveWhileLoading). */
  ready: Promise<void>;
  close(): Promise<void>;
}

export async function startApp(
  config: Config,
  opts: {
    logger?: Logger;
    clock?: Clock;
    /**
     * Listen before the knowledge folder is synced and the index loaded, which is most of a first
     * start: pages are served meanwhile, questions wait for the knowledge, and /healthz answers
     * 503 "ready": false until `ready` settles. `npm start` does; tests get a loaded service.
     */
    serveWhileLoading?: boolean;
  } = {},
): Promise<App> {
  const log = opts.logger ?? createLogger(config.logLevel);
  // The one clock of the service: everything that decides by time is handed it (tests pass a fixedClock).
  const clock = opts.clock ?? systemClock;
  configureParseSandbox(config.parseSandbox);
  const migrations = await migrateDatabase(config.database);
  log.info({ provider: config.database.provider, applied: migrations.applied, total: migrations.total }, "database migrated");
  const db = await openDatabase(config.database);
  try {
    const seeded = await seedDepartments(db);
    if (seeded.created + seeded.updated + seeded.removed > 0) log.info(seeded, "departments and routing rules brought up to date from the seed");
    const searchable = await fillMissingSearchText(db);
    if (searchable > 0) log.info({ proposals: searchable }, "search text filled for proposals stored before it existed");
    const knowledge = KnowledgeBase.create({
      db,
      dataDir: config.dataDir,
      embeddings: createEmbeddings(config),
      log,
      ...(config.confidenceThreshold !== undefined ? { threshold: config.confidenceThreshold } : {}),
    });
    const loadKnowledge = async () => {
      if (config.knowledgeSyncOnStart) {
        const report = await syncDirectory({ db, dir: config.knowledgeDir });
        for (const f of report.failed) log.warn({ file: f.file, reason: f.reason }, "knowledge file skipped");
        log.info({ ...report, failed: report.failed.length }, "knowledge folder synced");
      }
      await knowledge.load();
      knowledge.watch(config.knowledgePollMs);
    };
    if (!opts.serveWhileLoading) await loadKnowledge();
    const prompts = Prompts.load({ botName: config.botName, orgName: config.orgName });
    // Loaded only when a language model is configured: @langchain/core's chat model classes take
    // about a second to load, which every start paid for nothing.
    const llm = config.llm ? await createLlmAnswerer(config.llm, config.orgName) : undefined;
    const privacy = {
      url: `${config.publicBaseUrl ?? ""}/privacy`,
      retentionDays: config.chatLogRetentionDays,
      version: PRIVACY_NOTICE_VERSION,
    };
    // What happened, told once: metrics count it, the outbox worker wakes on outboxWritten.
    const events: AppEvents = new Events((err, event) => log.error({ err, event }, "event listener failed"));
    const metrics = new Metrics({ db, log: log.child({ component: "metrics" }), clock });
    countEvents(events, metrics);
    const erasureLedger = ErasureLedger.open(config.erasureLedger);
    const conversation = new Conversation({ db, knowledge, prompts, log, privacy, erasureLedger, publicBaseUrl: config.publicBaseUrl, events, clock, ...(llm ? { llm } : {}) });

    const receiver = new MessageReceiver({ conversation, db, prompts, log, flood: config.flood, events, clock });
    const receive = receiver.receive.bind(receiver);
    const channels: ChannelAdapter[] = [];
    const telegram = config.telegram
      ? new TelegramChannel({
          config: config.telegram,
          timeoutSeconds: config.channelTimeoutSeconds,
          log: log.child({ channel: "telegram" }),
          receive,
          clock,
          commands: botCommands(prompts),
          ...(config.publicBaseUrl ? { webhookUrl: `${config.publicBaseUrl}/webhooks/telegram` } : {}),
        })
      : undefined;
    const zalo = config.zalo
      ? new ZaloChannel({
          config: config.zalo,
          timeoutSeconds: config.channelTimeoutSeconds,
          log: log.child({ channel: "zalo" }),
          receive,
          choiceHint: prompts.t("vi", "choiceHint"),
          ...(config.publicBaseUrl ? { webhookUrl: `${config.publicBaseUrl}/webhooks/zalo` } : {}),
        })
      : undefined;
    if (telegram) channels.push(telegram);
    if (zalo) channels.push(zalo);
    const outbox = new OutboxWorker(db, channels, log.child({ component: "outbox" }), {
      events,
      pollMs: config.outboxPollMs,
      baseBackoffMs: config.outboxRetry.baseMs,
      maxBackoffMs: config.outboxRetry.maxMs,
      claimLeaseMs: config.outboxClaimLeaseMs,
      clock,
      // A notice or broadcast retried after a failure keeps to the quiet hours like its first attempt.
      unaskedSendableAt: sendableAt,
    });

    const server = buildServer({
      logger: log,
      bodyLimit: config.bodyLimitBytes,
      trustProxy: config.trustProxy,
      health: {
        db,
        knowledge,
        channels: () => ({
          web: "enabled",
          telegram: telegram?.status() ?? "not configured",
          zalo: zalo?.status() ?? "not configured",
        }),
      },
    });
    await installRateLimiting(server);
    registerMetrics(server, { metrics, token: config.metricsToken });
    registerWebChat(server, { conversation, db, prompts, limits: { perIpPerMinute: config.rateLimits.webChatPerIpPerMinute }, secureCookie: config.session.secureCookie, clock });
    registerFrontDoor(server, { prompts, links: config.publicLinks });
    // One per-address counter for the public pages and their API twins.
    const publicReads = countPublicReads(server, config.rateLimits.publicPagesPerIpPerMinute);
    registerDialoguePages(server, { db, prompts, clock, publicBaseUrl: config.publicBaseUrl, publicReads });
    registerOpportunityPages(server, { db, prompts, clock, publicReads });
    registerPrivacyPage(server, { orgName: config.orgName, retentionDays: config.chatLogRetentionDays, remoteHosts: remoteProcessors({ llmBaseUrl: config.llm?.baseUrl, embeddingsBaseUrl: config.embeddings?.baseUrl }) });
    registerDataExportRoute(server, { db, retentionDays: config.chatLogRetentionDays, webSession: { cookie: WEB_SESSION_COOKIE, chatIdOf: webChatId }, clock });
    // --- staff console (src/console) ---
    const admin = await ensureFirstAdmin({ db, admin: config.admin });
    if (admin === "created") log.info({ email: config.admin?.email }, "first administrator created from ADMIN_EMAIL");
    registerConsole(server, { config, db, knowledge, prompts, log: log.child({ component: "console" }), events, clock });
    // --- JSON API for other systems (src/api) ---
    registerApi(server, { db, prompts, knowledge, config, log: log.child({ component: "api" }), clock, publicReads });
    if (telegram && config.telegram?.mode === "webhook") registerTelegramWebhook(server, telegram, config.telegram.webhookSecret!);
    if (zalo && config.zalo?.mode === "webhook") registerZaloWebhook(server, zalo, config.zalo.webhookSecret!);
    const url = await server.listen({ port: config.port, host: config.host });
    const ready = opts.serveWhileLoading
      ? loadKnowledge().then(() => log.info({ ...knowledge.stats() }, "knowledge loaded: ready"))
      : Promise.resolve();
    // Whoever started the service hears of a failed load (main exits); this keeps it from being unhandled meanwhile.
    ready.catch(() => undefined);
    outbox.start();
    // --- scheduled jobs ---
    const jobsLog = log.child({ component: "jobs" });
    const noticeTexts = { prompts, publicBaseUrl: config.publicBaseUrl };
    const jobs = startScheduledJobs({
      db,
      clock,
      log: jobsLog,
      intervalMs: config.jobsIntervalMs,
      jobs: [
        deadlineJob({ db, config, log: jobsLog, events }),
        retentionJob({ db, retentionDays: config.chatLogRetentionDays, log: jobsLog }),
        subscriptionNoticesJob({ db, texts: noticeTexts, log: jobsLog, events }),
        roundNoticesJob({ db, texts: noticeTexts, log: jobsLog, events }),
      ],
    });
    // Broadcasts are fed to the outbox every 2 seconds, about 4 seconds of each platform's rate at a
    // time, paced by the outbox worker (which sends chat replies first). Web messages wait for the
    // page to be opened: 60 a run (30 a second) keeps the pump's writes, which chat messages wait for
    // on SQLite, as few as the platforms' own.
    const broadcasts = startScheduledJobs({
      db,
      clock,
      log: jobsLog,
      intervalMs: BROADCAST_PUMP_MS,
      jobs: [
        broadcastJob({
          db,
          texts: noticeTexts,
          window: { telegram: Math.ceil((config.telegram?.perSecond ?? 30) * 4), zalo: Math.ceil((config.zalo?.perSecond ?? 20) * 4), web: 60 },
          log: jobsLog,
          events,
        }),
      ],
    });
    // Opportunity feeds are fetched on a scheduler of their own: a slow feed (up to 20 s each) must
    // not hold back the deadline reminders and notices of the same run.
    const feeds = startScheduledJobs({
      db,
      clock,
      log: jobsLog,
      intervalMs: config.jobsIntervalMs,
      jobs: [
        feedJob({
          db,
          texts: noticeTexts,
          topics: new Set(defaultTopics().codes()),
          pollMinutes: config.feeds.pollMinutes,
          settings: { allowPrivate: config.feeds.allowPrivateAddresses },
          log: jobsLog,
          events,
        }),
      ],
    });
    // A platform that is down at start must not stop the service: the adapter retries in the background.
    for (const channel of channels) startChannel(channel, log);
    log.info({ url, provider: config.database.provider, ...(knowledge.isLoaded() ? knowledge.stats() : { knowledge: "loading" }) }, "service started");

    let closing: Promise<void> | undefined;
    const close = () =>
      (closing ??= (async () => {
        await Promise.all(channels.map((c) => c.stop().catch((err: unknown) => log.warn({ err, channel: c.channel }, "channel stop failed"))));
        await server.close(); // stops accepting, lets in-flight requests finish
        await ready.catch(() => undefined); // a sync still writing would find the database closed
        // --- stop scheduled jobs ---
        await jobs.stop();
        await broadcasts.stop();
        await feeds.stop();
        await outbox.stop();
        await knowledge.close();
        await db.close();
        log.info("service stopped");
      })());
    return { config, server, db, knowledge, conversation, prompts, channels, outbox, log, url, ready, close };
  } catch (err) {
    await db.close();
    throw err;
  }
}

async function createLlmAnswerer(llm: NonNullable<Config["llm"]>, orgName: string) {
  const { LlmAnswerer, OpenAICompatibleChat } = await import("./knowledge/answer/llm-answer.ts");
  return new LlmAnswerer(
    new OpenAICompatibleChat({ baseUrl: llm.baseUrl, model: llm.model, timeoutMs: llm.timeoutMs, ...(llm.apiKey ? { apiKey: llm.apiKey } : {}) }),
    orgName,
  );
}

/** Commands shown in Telegram's menu, in Vietnamese by default and in English for English users. */
/** How often the broadcast pump tops up the outbox. */
const BROADCAST_PUMP_MS = 2000;

function botCommands(prompts: Prompts) {
  const names = ["start", "menu", "kiennghi", "theodoi", "lienhe", "huy", "dulieucuatoi", "suadulieu", "rutdongy", "yeucaudulieu", "dangky", "huydangky", "nhantin", "ytuong", "baocao", "lienket", "huylienket", "xoadulieu", "help"];
  return {
    default: names.map((command) => ({ command, description: prompts.t("vi", `commands.${command}`) })),
    en: names.map((command) => ({ command, description: prompts.t("en", `commands.${command}`) })),
  };
}

function startChannel(channel: ChannelAdapter, log: Logger, attempt = 0): void {
  channel.start().catch((err: unknown) => {
    const delay = Math.min(60_000, 1000 * 2 ** attempt);
    log.error({ err, channel: channel.channel, retryInMs: delay }, "channel failed to start; retrying");
    setTimeout(() => startChannel(channel, log, attempt + 1), delay).unref();
  });
}

async function main(): Promise<void> {
  loadDotEnv();
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (isAppError(err, "config.invalid")) {
      console.error(`Configuration error: ${err.message}`);
      process.exit(1);
    }
    throw err;
  }
  const log = createLogger(config.logLevel);
  const failed = (err: unknown) => {
    log.fatal({ err }, "start-up failed");
    process.exit(1);
  };
  const app = await startApp(config, { logger: log, serveWhileLoading: true }).catch(failed);
  app.ready.catch(failed);
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, () => {
      log.info({ signal }, "shutting down");
      const force = setTimeout(() => process.exit(1), 15_000);
      force.unref();
      app.close().then(
        () => process.exit(0),
        (err: unknown) => {
          log.error({ err }, "shutdown failed");
          process.exit(1);
        },
      );
    });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  void main();
}
