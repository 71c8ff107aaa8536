// End-to-end message benchmark: one or two service instances (child processes) on SQLite or
// PostgreSQL, Telegram in webhook mode against the fake Bot API on 127.0.0.1 (it answers at once,
// so the chat platform's own time is left out). Three runs per setup: as fast as the service
// answers (throughput), paced at the target rate (latency at that load), and paced at half of it
// (latency when the service is not saturated).
import path from "node:path";
import { FakeTelegram } from "../test/support/fake-telegram.ts";
import { runMessageLoad, type LoadResult } from "./message-load.ts";
import { postgresDatabase, sqliteDatabase, startService, type BenchDatabase, type ServiceProcess } from "./services.ts";
import { mebibytes, round } from "./stats.ts";

export interface MessageScenario {
  name: string;
  provider: "sqlite" | "postgresql";
  instances: number;
}

export interface MessageBenchResult {
  scenario: string;
  /** As fast as the service answers (closed loop, `concurrency` messages in flight). */
  max: LoadResult;
  /** Paced at `rate` messages per second. */
  paced: LoadResult & { rate: number };
  /** Paced at half that rate: latency when the service is not saturated. */
  light: LoadResult & { rate: number };
  /** Service CPU time per message in the throughput run, all instances together (ms). */
  cpuMsPerMessage: number;
  /** Resident memory of each instance right after start (knowledge/ indexed), MiB. */
  startRssMiB: number[];
  /** Resident memory of each instance after the runs, MiB. */
  rssMiB: number[];
}

/** What young people write: questions the knowledge base answers, menus, small talk, one it cannot answer. */
export const MESSAGE_TEXTS = [
  "thanh niên là bao nhiêu tuổi",
  "dieu kien huong bhtn",
  "trợ cấp thất nghiệp được bao nhiêu tiền",
  "thử việc tối đa bao lâu",
  "lam them gio toi da bao nhieu",
  "làm sao để vào đoàn",
  "vay vốn khởi nghiệp ở đâu",
  "học nghề có được hỗ trợ không",
  "đi xuất khẩu lao động cần điều kiện gì",
  "xin chào",
  "/menu",
  "lương tối thiểu vùng 1 là bao nhiêu",
  "hợp đồng lao động có mấy loại",
  "cảm ơn",
  "giá vàng hôm nay bao nhiêu",
  "/help",
] as const;

const SECRET = "bench-webhook-secret";

export async function runMessageBench(opts: {
  scenario: MessageScenario;
  postgresUrl: string | undefined;
  repoRoot: string;
  messages: number;
  rate: number;
  concurrency: number;
  /** Distinct chat ids per run start here (runs must not share users). */
  firstUserId: number;
}): Promise<MessageBenchResult> {
  const fake = new FakeTelegram();
  await fake.start();
  let db: BenchDatabase | undefined;
  const services: ServiceProcess[] = [];
  try {
    db = opts.scenario.provider === "sqlite" ? sqliteDatabase() : await postgresDatabase(opts.postgresUrl!);
    const env = {
      DATABASE_URL: db.url,
      // BENCH_KNOWLEDGE_DIR: the cost of a message with your own documents (the questions stay the same).
      KNOWLEDGE_DIR: process.env.BENCH_KNOWLEDGE_DIR?.trim() || path.join(opts.repoRoot, "knowledge"),
      TELEGRAM_BOT_TOKEN: fake.token,
      TELEGRAM_API_ROOT: fake.apiRoot,
      TELEGRAM_MODE: "webhook",
      TELEGRAM_WEBHOOK_SECRET: SECRET,
      PUBLIC_BASE_URL: "http://127.0.0.1:9",
      // The platform's limits are not what is measured here.
      TELEGRAM_CHAT_RATE_PER_SECOND: "0",
      TELEGRAM_RATE_PER_SECOND: "10000",
      FLOOD_MAX_MESSAGES: "10000",
    };
    // One after the other: the first migrates and loads the knowledge folder.
    for (let i = 0; i < opts.scenario.instances; i++) services.push(await startService(env));
    const targets = services.map((s) => ({ url: `${s.url}/webhooks/telegram`, secret: SECRET }));
    // Five messages per person, as in a short conversation: one in five is someone's first.
    const common = { fake, targets, texts: MESSAGE_TEXTS, users: Math.max(100, Math.floor(opts.messages / 5)) };
    // A short warm-up so that JIT compilation and connection pools are not measured.
    await runMessageLoad({ ...common, messages: 200, concurrency: 16, firstUserId: opts.firstUserId + 900_000 });
    const cpuBefore = await cpuOf(services);
    const max = await runMessageLoad({ ...common, messages: opts.messages, concurrency: opts.concurrency, firstUserId: opts.firstUserId });
    const cpuMsPerMessage = round(((await cpuOf(services)) - cpuBefore) / opts.messages, 2);
    const paced = await runMessageLoad({
      ...common,
      messages: opts.messages,
      concurrency: opts.concurrency * 4,
      ratePerSecond: opts.rate,
      firstUserId: opts.firstUserId + 500_000,
    });
    const light = await runMessageLoad({
      ...common,
      messages: Math.ceil(opts.messages / 2),
      concurrency: opts.concurrency * 4,
      ratePerSecond: opts.rate / 2,
      firstUserId: opts.firstUserId + 700_000,
    });
    const rssMiB = await Promise.all(services.map(async (s) => mebibytes((await s.stats()).rss)));
    const startRssMiB = services.map((s) => mebibytes(s.startRss));
    return { scenario: opts.scenario.name, max, paced: { ...paced, rate: opts.rate }, light: { ...light, rate: opts.rate / 2 }, cpuMsPerMessage, startRssMiB, rssMiB };
  } finally {
    await Promise.all(services.map((s) => s.stop()));
    await db?.drop();
    await fake.stop();
  }
}

async function cpuOf(services: ServiceProcess[]): Promise<number> {
  const stats = await Promise.all(services.map((s) => s.stats()));
  return stats.reduce((sum, s) => sum + s.cpuMs, 0);
}
