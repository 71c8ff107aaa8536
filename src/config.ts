// The service's configuration: one zod schema over the environment, parsed once at start-up.
// Empty strings count as unset, so a blank line in .env falls back to the default. A bad value
// stops start-up with one line that names the variable and says why.
import { isIP } from "node:net";
import path from "node:path";
import { z } from "zod";
import { AppError } from "./errors.ts";

const emptyAsUnset = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const opt = <T extends z.ZodType>(schema: T) => z.preprocess(emptyAsUnset, schema.optional());
const withDefault = <T extends z.ZodType>(schema: T, value: z.input<T>) =>
  z.preprocess(emptyAsUnset, schema.prefault(value as never));
const bool = z.enum(["true", "false", "1", "0", "yes", "no"]).transform((v) => ["true", "1", "yes"].includes(v));
const url = z.url({ protocol: /^https?$/, error: "must be an http(s) URL" });
/** A link shown to the public on the front door: only https, so the page never sends people to plain http. */
const publicLink = z.url({ protocol: /^https$/, error: "must be an https:// URL" });

/**
 * TRUST_PROXY: the proxies whose X-Forwarded-For is believed, as addresses or CIDR ranges (or
 * proxy-addr's names loopback, linklocal, uniquelocal). "Trust everyone" is refused in every
 * spelling: it let any client pick the address that rate limits and sign-in delays count.
 */
const PROXY_NAMES = ["loopback", "linklocal", "uniquelocal"];
const TrustedProxies = z.string().transform((value, ctx) => {
  const raw = value.trim().toLowerCase();
  if (["false", "no", "0", "none"].includes(raw)) return [];
  const example = "list the proxy addresses instead, e.g. TRUST_PROXY=127.0.0.1 (nginx on this machine) or 127.0.0.1,10.0.0.0/8";
  if (["true", "yes", "1", "*", "all"].includes(raw)) {
    ctx.addIssue({ code: "custom", message: `no longer accepts "${value.trim()}" (it trusted any client's X-Forwarded-For); ${example}` });
    return z.NEVER;
  }
  const entries = raw.split(",").map((e) => e.trim()).filter(Boolean);
  for (const entry of entries) {
    const problem = proxyEntryProblem(entry);
    if (problem) {
      ctx.addIssue({ code: "custom", message: `"${entry}" ${problem}; ${example}` });
      return z.NEVER;
    }
  }
  return entries;
});

function proxyEntryProblem(entry: string): string | undefined {
  if (PROXY_NAMES.includes(entry)) return undefined;
  const [address = "", prefix, extra] = entry.split("/");
  const version = isIP(address);
  if (version === 0 || extra !== undefined) return "is not an IP address or CIDR range";
  if (prefix === undefined) return undefined;
  const bits = version === 4 ? 32 : 128;
  if (!/^\d{1,3}$/.test(prefix) || Number(prefix) > bits) return `has a bad prefix length (1–${bits} after the /)`;
  if (Number(prefix) === 0) return "trusts every address";
  return undefined;
}

export const EnvSchema = z.object({
  NODE_ENV: withDefault(z.enum(["development", "production", "test"]), "development"),
  PORT: withDefault(z.coerce.number().int().min(0).max(65535), 3000),
  HOST: withDefault(z.string(), "0.0.0.0"),
  DATA_DIR: withDefault(z.string(), "./data"),
  DATABASE_URL: opt(
    z.string().refine((v) => v.startsWith("file:") || /^postgres(ql)?:\/\//.test(v), {
      error: "must start with file: (SQLite) or postgresql:// (PostgreSQL)",
    }),
  ),
  PUBLIC_BASE_URL: opt(url),
  LOG_LEVEL: withDefault(z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]), "info"),
  ORG_NAME: withDefault(z.string().max(200), "Tỉnh đoàn và UBND tỉnh"),
  BOT_NAME: withDefault(z.string().max(100), "Trợ lý Thanh niên"),
  PUBLIC_TELEGRAM_URL: opt(publicLink),
  PUBLIC_ZALO_URL: opt(publicLink),
  KNOWLEDGE_DIR: withDefault(z.string(), "./knowledge"),
  KNOWLEDGE_SYNC_ON_START: withDefault(bool, "true"),
  BODY_LIMIT_BYTES: withDefault(z.coerce.number().int().min(1024).max(50 * 1024 * 1024), 64 * 1024),
  TRUST_PROXY: opt(TrustedProxies),
  EMBEDDINGS_BASE_URL: opt(url),
  EMBEDDINGS_MODEL: opt(z.string().max(200)),
  EMBEDDINGS_API_KEY: opt(z.string().max(500)),
  EMBEDDINGS_DIMENSIONS: opt(z.coerce.number().int().min(8).max(8192)),
  KNOWLEDGE_POLL_MS: withDefault(z.coerce.number().int().min(200).max(600_000), 2000),
  KNOWLEDGE_CONFIDENCE_THRESHOLD: opt(z.coerce.number().min(0).max(1)),
  TELEGRAM_BOT_TOKEN: opt(z.string().regex(/^\d+:[\w-]{20,}$/, "must look like 123456:ABC-DEF… (from BotFather)")),
  TELEGRAM_MODE: withDefault(z.enum(["polling", "webhook"]), "polling"),
  TELEGRAM_API_ROOT: withDefault(url, "https://api.telegram.org"),
  TELEGRAM_WEBHOOK_SECRET: opt(z.string().regex(/^[A-Za-z0-9_-]{1,256}$/, "must be 1–256 characters of A-Z a-z 0-9 _ -")),
  TELEGRAM_RATE_PER_SECOND: withDefault(z.coerce.number().positive().max(10_000), 30),
  TELEGRAM_CHAT_RATE_PER_SECOND: withDefault(z.coerce.number().min(0).max(1000), 1),
  ZALO_BOT_TOKEN: opt(z.string().min(10).max(500).regex(/^[\w:.-]+$/, "must be the token from Zalo Bot Creator")),
  ZALO_MODE: withDefault(z.enum(["polling", "webhook"]), "polling"),
  ZALO_API_ROOT: withDefault(url, "https://bot-api.zaloplatforms.com"),
  ZALO_WEBHOOK_SECRET: opt(z.string().min(8).max(256)),
  ZALO_RATE_PER_SECOND: withDefault(z.coerce.number().positive().max(10_000), 20),
  ZALO_CHAT_RATE_PER_SECOND: withDefault(z.coerce.number().min(0).max(1000), 1),
  CHANNEL_REQUEST_TIMEOUT_SECONDS: withDefault(z.coerce.number().int().min(1).max(300), 20),
  FLOOD_MAX_MESSAGES: withDefault(z.coerce.number().int().min(1).max(10_000), 20),
  FLOOD_WINDOW_SECONDS: withDefault(z.coerce.number().int().min(1).max(3600), 60),
  WEB_CHAT_RATE_PER_IP_PER_MINUTE: withDefault(z.coerce.number().int().min(1).max(1_000_000), 600),
  API_RATE_PER_MINUTE: withDefault(z.coerce.number().int().min(1).max(1_000_000), 600),
  PUBLIC_PAGES_RATE_PER_IP_PER_MINUTE: withDefault(z.coerce.number().int().min(1).max(1_000_000), 120),
  OUTBOX_POLL_MS: withDefault(z.coerce.number().int().min(10).max(60_000), 500),
  OUTBOX_RETRY_BASE_MS: withDefault(z.coerce.number().int().min(10).max(600_000), 1000),
  OUTBOX_RETRY_MAX_MS: withDefault(z.coerce.number().int().min(100).max(3_600_000), 300_000),
  OUTBOX_CLAIM_LEASE_MS: withDefault(z.coerce.number().int().min(1000).max(3_600_000), 30_000),
  ADMIN_EMAIL: opt(z.email({ error: "must be an email address" })),
  ADMIN_PASSWORD: opt(z.string().min(10, { error: "must be at least 10 characters" }).max(200)),
  ADMIN_NAME: withDefault(z.string().min(1).max(100), "Quản trị viên"),
  SESSION_TTL_HOURS: withDefault(z.coerce.number().int().min(1).max(24 * 30), 12),
  COOKIE_SECURE: opt(bool),
  STAFF_TELEGRAM_CHAT_ID: opt(z.string().regex(/^-?\d+$|^@\w+$/, "must be a Telegram chat id (e.g. -1001234567890) or @channel")),
  DEADLINE_REMINDER_DAYS: withDefault(z.coerce.number().int().min(0).max(60), 3),
  JOBS_INTERVAL_MS: withDefault(z.coerce.number().int().min(1000).max(24 * 3600_000), 60_000),
  FEEDS_POLL_MINUTES: withDefault(z.coerce.number().int().min(5).max(7 * 24 * 60), 60),
  FEEDS_ALLOW_PRIVATE_ADDRESSES: withDefault(bool, "false"),
  UPLOAD_MAX_BYTES: withDefault(z.coerce.number().int().min(1024).max(100 * 1024 * 1024), 10 * 1024 * 1024),
  PARSE_MAX_HEAP_MB: withDefault(z.coerce.number().int().min(64).max(8192), 256),
  PARSE_TIMEOUT_SECONDS: withDefault(z.coerce.number().int().min(1).max(600), 30),
  PARSE_QUEUE_LENGTH: withDefault(z.coerce.number().int().min(0).max(100), 8),
  CHAT_LOG_RETENTION_DAYS: withDefault(z.coerce.number().int().min(1).max(3650), 180),
  LLM_BASE_URL: opt(url),
  LLM_MODEL: opt(z.string().max(200)),
  LLM_API_KEY: opt(z.string().max(500)),
  LLM_TIMEOUT_MS: withDefault(z.coerce.number().int().min(500).max(120_000), 15_000),
  METRICS_TOKEN: opt(z.string().min(16, { error: "must be at least 16 characters" }).max(256)),
  ERASURE_LEDGER_FILE: opt(z.string().max(1000)),
  ERASURE_LEDGER_KEY: opt(z.string().min(16, { error: "must be at least 16 characters" }).max(500)),
  BACKUP_KEEP_COUNT: withDefault(z.coerce.number().int().min(1).max(10_000), 14),
  BACKUP_KEEP_DAYS: withDefault(z.coerce.number().int().min(1).max(3650), 30),
}).superRefine((e, ctx) => {
  for (const [name, mode, secret] of [
    ["TELEGRAM", e.TELEGRAM_BOT_TOKEN && e.TELEGRAM_MODE, e.TELEGRAM_WEBHOOK_SECRET],
    ["ZALO", e.ZALO_BOT_TOKEN && e.ZALO_MODE, e.ZALO_WEBHOOK_SECRET],
  ] as const) {
    if (mode !== "webhook") continue;
    if (!e.PUBLIC_BASE_URL) {
      ctx.addIssue({ code: "custom", path: ["PUBLIC_BASE_URL"], message: `is required when ${name}_MODE=webhook (the webhook is registered there)` });
    }
    if (!secret) {
      ctx.addIssue({ code: "custom", path: [`${name}_WEBHOOK_SECRET`], message: `is required when ${name}_MODE=webhook` });
    }
  }
  if (e.LLM_BASE_URL && !e.LLM_MODEL) {
    ctx.addIssue({ code: "custom", path: ["LLM_MODEL"], message: "is required when LLM_BASE_URL is set" });
  }
  if (e.ADMIN_EMAIL && !e.ADMIN_PASSWORD) {
    ctx.addIssue({ code: "custom", path: ["ADMIN_PASSWORD"], message: "is required when ADMIN_EMAIL is set" });
  }
  if (e.EMBEDDINGS_BASE_URL && !e.EMBEDDINGS_MODEL) {
    ctx.addIssue({ code: "custom", path: ["EMBEDDINGS_MODEL"], message: "is required when EMBEDDINGS_BASE_URL is set" });
  }
});

export type Env = z.infer<typeof EnvSchema>;

export interface Config {
  env: Env["NODE_ENV"];
  port: number;
  host: string;
  dataDir: string;
  database: { provider: "sqlite" | "postgresql"; url: string };
  publicBaseUrl: string | undefined;
  logLevel: Env["LOG_LEVEL"];
  orgName: string;
  botName: string;
  /** Where the front door sends people who prefer Telegram or Zalo (a t.me link, the Zalo OA page); unset: no link. */
  publicLinks: { telegram: string | undefined; zalo: string | undefined };
  knowledgeDir: string;
  knowledgeSyncOnStart: boolean;
  bodyLimitBytes: number;
  /** Proxies (addresses, CIDR ranges) whose X-Forwarded-For names the client; empty: none. */
  trustProxy: string[];
  embeddings: { baseUrl: string; model: string; apiKey: string | undefined; dimensions: number | undefined } | undefined;
  knowledgePollMs: number;
  /** Below this retrieval score the bot says it does not know (default: the engine's calibrated value). */
  confidenceThreshold: number | undefined;
  telegram: ChannelConfig | undefined;
  zalo: ChannelConfig | undefined;
  channelTimeoutSeconds: number;
  flood: { messages: number; windowMs: number };
  /**
   * Requests per minute: to the web chat per client address, to the API per token, and to the
   * public pages and their JSON twins (/doi-thoai, /co-hoi, /api/v1/rounds, /api/v1/opportunities) per client address.
   */
  rateLimits: { webChatPerIpPerMinute: number; apiPerMinute: number; publicPagesPerIpPerMinute: number };
  outboxPollMs: number;
  outboxRetry: { baseMs: number; maxMs: number };
  /** How long a message may stay "sending" before another worker takes it over (after a crash). */
  outboxClaimLeaseMs: number;
  /** The first administrator, created on start when no staff account has that email. */
  admin: { email: string; password: string; name: string } | undefined;
  session: { ttlMs: number; secureCookie: boolean };
  staffTelegramChatId: string | undefined;
  deadlineReminderDays: number;
  jobsIntervalMs: number;
  /**
   * Opportunity feeds (iCal, RSS, Atom): each active one is fetched every `pollMinutes`; feed
   * addresses on loopback or private networks are refused unless `allowPrivateAddresses` (tests).
   */
  feeds: { pollMinutes: number; allowPrivateAddresses: boolean };
  uploadMaxBytes: number;
  /** Uploaded files are read in a worker thread with these limits, one file at a time. */
  parseSandbox: { maxHeapMb: number; timeoutMs: number; maxQueue: number };
  chatLogRetentionDays: number;
  metricsToken: string | undefined;
  /** Optional language-model answers (OpenAI-compatible chat endpoint). */
  llm: { baseUrl: string; model: string; apiKey: string | undefined; timeoutMs: number } | undefined;
  /** The erasure ledger (outside the database and its backups) and the key its hashes use. */
  erasureLedger: { file: string; key: string | undefined };
  /** How many `db backup` files are kept in their folder, and for how many days at most. */
  backupRetention: { keep: number; maxAgeDays: number };
}

export interface ChannelConfig {
  token: string;
  mode: "polling" | "webhook";
  apiRoot: string;
  webhookSecret: string | undefined;
  perSecond: number;
  perChatPerSecond: number;
}

/** Parses the environment into a Config, or throws an AppError "config.invalid" naming the first bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0] ?? "environment");
    throw new AppError("config.invalid", { message: `Invalid ${name}: ${issue.message} (got ${JSON.stringify(env[name] ?? "")})` });
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.DATA_DIR);
  const dbUrl = e.DATABASE_URL ?? `file:${path.join(dataDir, "app.db")}`;
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    dataDir,
    database: { provider: dbUrl.startsWith("file:") ? "sqlite" : "postgresql", url: dbUrl },
    publicBaseUrl: e.PUBLIC_BASE_URL?.replace(/\/+$/, ""),
    logLevel: e.LOG_LEVEL,
    orgName: e.ORG_NAME,
    botName: e.BOT_NAME,
    publicLinks: { telegram: e.PUBLIC_TELEGRAM_URL, zalo: e.PUBLIC_ZALO_URL },
    knowledgeDir: path.resolve(e.KNOWLEDGE_DIR),
    knowledgeSyncOnStart: e.KNOWLEDGE_SYNC_ON_START,
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    trustProxy: e.TRUST_PROXY ?? [],
    embeddings:
      e.EMBEDDINGS_BASE_URL && e.EMBEDDINGS_MODEL
        ? { baseUrl: e.EMBEDDINGS_BASE_URL.replace(/\/+$/, ""), model: e.EMBEDDINGS_MODEL, apiKey: e.EMBEDDINGS_API_KEY, dimensions: e.EMBEDDINGS_DIMENSIONS }
        : undefined,
    knowledgePollMs: e.KNOWLEDGE_POLL_MS,
    confidenceThreshold: e.KNOWLEDGE_CONFIDENCE_THRESHOLD,
    telegram: e.TELEGRAM_BOT_TOKEN
      ? {
          token: e.TELEGRAM_BOT_TOKEN,
          mode: e.TELEGRAM_MODE,
          apiRoot: e.TELEGRAM_API_ROOT.replace(/\/+$/, ""),
          webhookSecret: e.TELEGRAM_WEBHOOK_SECRET,
          perSecond: e.TELEGRAM_RATE_PER_SECOND,
          perChatPerSecond: e.TELEGRAM_CHAT_RATE_PER_SECOND,
        }
      : undefined,
    zalo: e.ZALO_BOT_TOKEN
      ? {
          token: e.ZALO_BOT_TOKEN,
          mode: e.ZALO_MODE,
          apiRoot: e.ZALO_API_ROOT.replace(/\/+$/, ""),
          webhookSecret: e.ZALO_WEBHOOK_SECRET,
          perSecond: e.ZALO_RATE_PER_SECOND,
          perChatPerSecond: e.ZALO_CHAT_RATE_PER_SECOND,
        }
      : undefined,
    channelTimeoutSeconds: e.CHANNEL_REQUEST_TIMEOUT_SECONDS,
    flood: { messages: e.FLOOD_MAX_MESSAGES, windowMs: e.FLOOD_WINDOW_SECONDS * 1000 },
    rateLimits: { webChatPerIpPerMinute: e.WEB_CHAT_RATE_PER_IP_PER_MINUTE, apiPerMinute: e.API_RATE_PER_MINUTE, publicPagesPerIpPerMinute: e.PUBLIC_PAGES_RATE_PER_IP_PER_MINUTE },
    outboxPollMs: e.OUTBOX_POLL_MS,
    outboxRetry: { baseMs: e.OUTBOX_RETRY_BASE_MS, maxMs: e.OUTBOX_RETRY_MAX_MS },
    outboxClaimLeaseMs: e.OUTBOX_CLAIM_LEASE_MS,
    admin: e.ADMIN_EMAIL && e.ADMIN_PASSWORD ? { email: e.ADMIN_EMAIL.toLowerCase(), password: e.ADMIN_PASSWORD, name: e.ADMIN_NAME } : undefined,
    session: {
      ttlMs: e.SESSION_TTL_HOURS * 3600_000,
      secureCookie: e.COOKIE_SECURE ?? (e.PUBLIC_BASE_URL?.startsWith("https://") ?? false),
    },
    staffTelegramChatId: e.STAFF_TELEGRAM_CHAT_ID,
    deadlineReminderDays: e.DEADLINE_REMINDER_DAYS,
    jobsIntervalMs: e.JOBS_INTERVAL_MS,
    feeds: { pollMinutes: e.FEEDS_POLL_MINUTES, allowPrivateAddresses: e.FEEDS_ALLOW_PRIVATE_ADDRESSES },
    uploadMaxBytes: e.UPLOAD_MAX_BYTES,
    parseSandbox: { maxHeapMb: e.PARSE_MAX_HEAP_MB, timeoutMs: e.PARSE_TIMEOUT_SECONDS * 1000, maxQueue: e.PARSE_QUEUE_LENGTH },
    chatLogRetentionDays: e.CHAT_LOG_RETENTION_DAYS,
    metricsToken: e.METRICS_TOKEN,
    llm:
      e.LLM_BASE_URL && e.LLM_MODEL
        ? { baseUrl: e.LLM_BASE_URL.replace(/\/+$/, ""), model: e.LLM_MODEL, apiKey: e.LLM_API_KEY, timeoutMs: e.LLM_TIMEOUT_MS }
        : undefined,
    erasureLedger: { file: path.resolve(e.ERASURE_LEDGER_FILE ?? path.join(dataDir, "erasure-ledger.jsonl")), key: e.ERASURE_LEDGER_KEY },
    backupRetention: { keep: e.BACKUP_KEEP_COUNT, maxAgeDays: e.BACKUP_KEEP_DAYS },
  };
}

/** Loads ./.env when present (it is optional) without overriding variables already set. */
export function loadDotEnv(file = ".env"): void {
  try {
    process.loadEnvFile(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
  }
}
