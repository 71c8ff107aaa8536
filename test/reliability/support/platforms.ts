// The two chat platforms seen the same way by the in-process reliability tests: how to point the
// service at the fake (webhook mode), how to build and post a user's text update, and what the fake
// received. Plus waiting until the outbox has nothing left to send.
import type { Update } from "grammy/types";
import type { Db } from "../../../src/db/client.ts";
import type { FakeBotPlatform } from "../../support/fake-platform-common.ts";
import { FakeTelegram } from "../../support/fake-telegram.ts";
import { FakeZalo, type ZaloUpdate } from "../../support/fake-zalo.ts";
import type { ChatPlan } from "./burst.ts";
import { sleep } from "./service-process.ts";

export interface Platform {
  name: "telegram" | "zalo";
  fake: FakeBotPlatform;
  /** Service environment: webhook mode against the fake, fast outbox retries. */
  env(secret: string, extra?: Record<string, string>): Record<string, string>;
  /** One array of updates per chat, in order. */
  updates(plans: ChatPlan[]): unknown[][];
  post(url: string, update: unknown, secret: string | undefined): Promise<number>;
  sent(): { chatId: string; text: string; at: number }[];
}

const fastOutbox = {
  OUTBOX_POLL_MS: "50",
  OUTBOX_RETRY_BASE_MS: "200",
  OUTBOX_RETRY_MAX_MS: "2000",
  CHANNEL_REQUEST_TIMEOUT_SECONDS: "5",
  FLOOD_MAX_MESSAGES: "1000",
};

export function telegramPlatform(fake = new FakeTelegram()): Platform & { fake: FakeTelegram } {
  return {
    name: "telegram",
    fake,
    env: (secret, extra = {}) => ({
      TELEGRAM_BOT_TOKEN: fake.token,
      TELEGRAM_API_ROOT: fake.apiRoot,
      TELEGRAM_MODE: "webhook",
      TELEGRAM_WEBHOOK_SECRET: secret,
      PUBLIC_BASE_URL: "http://127.0.0.1:9",
      TELEGRAM_CHAT_RATE_PER_SECOND: "0",
      TELEGRAM_RATE_PER_SECOND: "1000",
      ...fastOutbox,
      ...extra,
    }),
    updates: (plans) => plans.map((p) => p.messages.map((m) => fake.textMessage({ chatId: p.chatId, text: m.text }))),
    post: (url, update, secret) => fake.postWebhook(url, update as Update, secret),
    sent: () => fake.sent.map((m) => ({ chatId: String(m.chat_id), text: m.plainText, at: m.at })),
  };
}

export function zaloPlatform(fake = new FakeZalo()): Platform & { fake: FakeZalo } {
  let seq = 0;
  return {
    name: "zalo",
    fake,
    env: (secret, extra = {}) => ({
      ZALO_BOT_TOKEN: fake.token,
      ZALO_API_ROOT: fake.apiRoot,
      ZALO_MODE: "webhook",
      ZALO_WEBHOOK_SECRET: secret,
      PUBLIC_BASE_URL: "http://127.0.0.1:9",
      ZALO_CHAT_RATE_PER_SECOND: "0",
      ZALO_RATE_PER_SECOND: "1000",
      ...fastOutbox,
      ...extra,
    }),
    updates: (plans) =>
      plans.map((p) => p.messages.map((m) => fake.textMessage({ chatId: String(p.chatId), text: m.text, messageId: `rel-${Date.now()}-${++seq}` }))),
    post: (url, update, secret) => fake.postWebhook(url, update as ZaloUpdate, secret),
    sent: () => fake.sent.map((m) => ({ chatId: m.chat_id, text: m.text, at: m.at })),
  };
}

/** Waits until no outbox message is pending or in flight; returns how long that took. */
export async function waitForDrain(db: Db, timeoutMs: number): Promise<number> {
  const started = Date.now();
  while ((await db.prisma.outboxMessage.count({ where: { status: { in: ["pending", "sending"] } } })) > 0) {
    if (Date.now() - started > timeoutMs) throw new Error(`outbox not drained after ${timeoutMs} ms`);
    await sleep(50);
  }
  return Date.now() - started;
}
