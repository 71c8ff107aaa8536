// The message load generator: simulated young people write to the bot through the Telegram webhook
// (as Telegram does: a JSON POST with the secret header, over kept-alive connections) and wait for
// the reply to reach the fake Bot API before writing again. It measures, per message, the webhook
// time (POST until the 200, i.e. the update handled and its replies in the outbox) and the reply
// latency (POST until the fake received sendMessage), and the end-to-end throughput.
import http from "node:http";
import type { FakeTelegram } from "../test/support/fake-telegram.ts";
import { percentile, round } from "./stats.ts";

export interface WebhookTarget {
  url: string;
  secret: string;
}

export interface LoadOptions {
  fake: FakeTelegram;
  /** Instances to spread the messages over, round robin (a load balancer in front of them). */
  targets: WebhookTarget[];
  messages: number;
  users: number;
  /** Chat ids are firstUserId, firstUserId+1, …: distinct per run so every run starts with new users. */
  firstUserId: number;
  /** Messages in flight at most (sent and not yet answered). */
  concurrency: number;
  /** Paced (open loop) at this rate when set; as fast as the service answers otherwise. */
  ratePerSecond?: number;
  texts: readonly string[];
  replyTimeoutMs?: number;
}

export interface LoadResult {
  messages: number;
  seconds: number;
  perSecond: number;
  webhook: { p50: number; p99: number };
  reply: { p50: number; p99: number };
  failed: number;
  /** Sends that matched no waiting message (a reply split in parts, or a second reply). */
  unexpected: number;
}

const PRIVACY_NOTICE = "🔒";

export async function runMessageLoad(opts: LoadOptions): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.concurrency });
  const waiting = new Map<number, (at: number) => void>();
  let scanned = opts.fake.sent.length;
  let unexpected = 0;
  // The fake records each sendMessage with its arrival time; reading new entries every
  // millisecond or two is cheaper than one waiter per message scanning the whole log.
  const scanner = setInterval(() => {
    const sent = opts.fake.sent;
    for (; scanned < sent.length; scanned++) {
      const m = sent[scanned]!;
      if (m.plainText.startsWith(PRIVACY_NOTICE)) continue;
      const resolve = waiting.get(Number(m.chat_id));
      if (!resolve) {
        unexpected++;
        continue;
      }
      waiting.delete(Number(m.chat_id));
      resolve(m.at);
    }
  }, 1);

  const webhookMs: number[] = [];
  const replyMs: number[] = [];
  let failed = 0;
  const lastOfUser = new Map<number, Promise<void>>();
  const inFlight = new Set<Promise<void>>();
  const started = Date.now();

  const one = async (chatId: number, text: string): Promise<void> => {
    const update = opts.fake.textMessage({ chatId, userId: chatId, text });
    const target = opts.targets[update.update_id % opts.targets.length]!;
    // NaN when no reply came in time.
    const replied = new Promise<number>((resolve) => {
      waiting.set(chatId, resolve);
      setTimeout(() => resolve(Number.NaN), opts.replyTimeoutMs ?? 30_000).unref();
    });
    const t0 = performance.now();
    const wall0 = Date.now();
    try {
      const status = await postJson(agent, target.url, update, target.secret);
      webhookMs.push(performance.now() - t0);
      if (status !== 200) throw new Error(`webhook answered ${status}`);
      const at = await replied;
      if (Number.isNaN(at)) throw new Error("no reply");
      replyMs.push(at - wall0);
    } catch {
      waiting.delete(chatId);
      failed++;
    }
  };

  for (let i = 0; i < opts.messages; i++) {
    if (opts.ratePerSecond) {
      const due = started + (i * 1000) / opts.ratePerSecond;
      if (due > Date.now()) await sleep(due - Date.now());
    }
    while (inFlight.size >= opts.concurrency) await Promise.race(inFlight);
    const chatId = opts.firstUserId + (i % opts.users);
    // Each user goes through the texts in turn, starting at a different one.
    const text = opts.texts[(i + Math.floor(i / opts.users)) % opts.texts.length]!;
    const previous = lastOfUser.get(chatId);
    // A person waits for the answer before writing again.
    const task: Promise<void> = (previous ?? Promise.resolve()).then(() => one(chatId, text));
    lastOfUser.set(chatId, task);
    inFlight.add(task);
    void task.finally(() => inFlight.delete(task));
  }
  await Promise.all(inFlight);
  const seconds = (Date.now() - started) / 1000;
  clearInterval(scanner);
  agent.destroy();
  return {
    messages: opts.messages,
    seconds: round(seconds, 2),
    perSecond: round((opts.messages - failed) / seconds, 0),
    webhook: { p50: round(percentile(webhookMs, 0.5), 1), p99: round(percentile(webhookMs, 0.99), 1) },
    reply: { p50: round(percentile(replyMs, 0.5), 1), p99: round(percentile(replyMs, 0.99), 1) },
    failed,
    unexpected,
  };
}

function postJson(agent: http.Agent, url: string, body: unknown, secret: string): Promise<number> {
  const payload = Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: "POST",
        agent,
        headers: { "content-type": "application/json", "content-length": String(payload.length), "x-telegram-bot-api-secret-token": secret },
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(payload);
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
