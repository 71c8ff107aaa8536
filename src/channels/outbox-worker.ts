// Sends what the outbox holds, through the channel adapters. Per chat, messages go out in order,
// one at a time; overall and per chat it keeps to each platform's rate limits. Failures that can
// succeed later (5xx, timeouts, 429) are retried with exponential backoff and jitter, honouring
// retry_after; a 400 is given up at once, and a user who blocked the bot is marked unreachable.
// Pending messages survive restarts because they live in the database until sent. It wakes at
// once on the outboxWritten event and tells of each send (delivered, deliveryFailed) as events.
import type { Logger } from "pino";
import { systemClock, type Clock } from "../clock.ts";
import { markUnreachable } from "../db/chat-users.ts";
import type { Db } from "../db/client.ts";
import { CLAIM_LEASE_MS, claimDueMessages, failPendingForChat, markFailed, markRetry, markSentMany, type ClaimedMessage } from "../db/outbox.ts";
import type { AppEvents } from "../events.ts";
import { isAppError } from "../errors.ts";
import { deliveryError, type ChannelAdapter } from "./channel.ts";

export interface OutboxWorkerOptions {
  /** How often to look for due messages when nothing woke the worker. */
  pollMs?: number;
  /** First retry delay; doubles with every attempt up to maxBackoffMs. */
  baseBackoffMs?: number;
  maxBackoffMs?: number;
  /** Messages still failing after this long are given up (logged as failed). */
  giveUpAfterMs?: number;
  batchSize?: number;
  /** How long a claimed message may stay "sending" before it is claimed again (after a crash). */
  claimLeaseMs?: number;
  /** Wakes the worker on outboxWritten (else it finds new messages at its next poll); hears of every send. */
  events?: AppEvents;
  /** Decides what is due, when a retry is, and when a message is given up. */
  clock?: Clock;
}

export class OutboxWorker {
  private readonly adapters: Map<string, ChannelAdapter>;
  private readonly opts: Required<Omit<OutboxWorkerOptions, "events" | "clock">>;
  private readonly clock: Clock;
  private readonly events: AppEvents | undefined;
  private unsubscribe: (() => void) | undefined;
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private stopped = true;
  private wakeRequested = false;
  private loop: Promise<void> | undefined;
  private readonly lastSentToChat = new Map<string, number>();
  private readonly sentTimes = new Map<string, number[]>();
  private pendingMarks: { ids: number[]; done: Promise<void> } | undefined;

  constructor(
    private readonly db: Db,
    adapters: ChannelAdapter[],
    private readonly log: Logger,
    opts: OutboxWorkerOptions = {},
  ) {
    this.adapters = new Map(adapters.map((a) => [a.channel, a]));
    this.events = opts.events;
    this.clock = opts.clock ?? systemClock;
    this.opts = {
      pollMs: opts.pollMs ?? 500,
      baseBackoffMs: opts.baseBackoffMs ?? 1000,
      maxBackoffMs: opts.maxBackoffMs ?? 5 * 60_000,
      giveUpAfterMs: opts.giveUpAfterMs ?? 48 * 3600_000,
      batchSize: opts.batchSize ?? 50,
      claimLeaseMs: opts.claimLeaseMs ?? CLAIM_LEASE_MS,
    };
  }

  start(): void {
    if (this.adapters.size === 0 || !this.stopped) return;
    this.stopped = false;
    this.timer = setInterval(() => this.wake(), this.opts.pollMs);
    this.unsubscribe = this.events?.on("outboxWritten", () => this.wake());
    this.wake();
  }

  /** Looks for due messages now (called after new messages were written). */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.wakeRequested = true;
      return;
    }
    this.running = true;
    this.loop = this.drain()
      .catch((err: unknown) => this.log.error({ err }, "outbox worker failed; will retry"))
      .finally(() => {
        this.running = false;
        if (this.wakeRequested && !this.stopped) {
          this.wakeRequested = false;
          this.wake();
        }
      });
  }

  /** Stops claiming new messages and waits for the ones in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    this.unsubscribe?.();
    await this.loop;
  }

  private async drain(): Promise<void> {
    for (;;) {
      if (this.stopped) return;
      this.wakeRequested = false;
      const batch = await claimDueMessages(this.db.sql, {
        channels: [...this.adapters.keys()],
        limit: this.opts.batchSize,
        now: this.clock.now(),
        provider: this.db.provider,
        leaseMs: this.opts.claimLeaseMs,
      });
      if (batch.length === 0) return;
      await Promise.all(batch.map((m) => this.deliver(m)));
    }
  }

  private async deliver(m: ClaimedMessage): Promise<void> {
    const adapter = this.adapters.get(m.channel)!;
    await this.respectRateLimits(adapter, m.chatId);
    try {
      await this.send(adapter, m);
      await this.markSent(m.id);
    } catch (err) {
      await this.handleFailure(m, err);
    }
  }

  /** One send through the adapter, told as delivered or deliveryFailed. */
  private async send(adapter: ChannelAdapter, m: ClaimedMessage): Promise<void> {
    try {
      await adapter.send(m.chatId, m.payload);
    } catch (err) {
      this.events?.emit("deliveryFailed", { channel: adapter.channel, failure: isAppError(err, "channel.delivery") ? err.detail.failure : "retry" });
      throw err;
    }
    this.events?.emit("delivered", { channel: adapter.channel });
  }

  /**
   * Marks a message sent. The marks of messages that went out in the same turn of the event loop
   * are written by one statement: under load that is one write per batch instead of one per message.
   */
  private markSent(id: number): Promise<void> {
    this.pendingMarks ??= { ids: [], done: new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.flushMarks()) };
    this.pendingMarks.ids.push(id);
    return this.pendingMarks.done;
  }

  private async flushMarks(): Promise<void> {
    const ids = this.pendingMarks?.ids ?? [];
    this.pendingMarks = undefined;
    await markSentMany(this.db.sql, ids, this.clock.now());
  }

  private async handleFailure(m: ClaimedMessage, err: unknown): Promise<void> {
    const failed = isAppError(err, "channel.delivery") ? err : deliveryError(String(err), "retry", { cause: err });
    const failure = { message: failed.message, ...failed.detail };
    const context = { outboxId: m.id, channel: m.channel, chatId: m.chatId, attempts: m.attempts, reason: failure.message };
    if (failure.failure === "unreachable") {
      this.log.warn(context, "user unreachable (blocked the bot?); message dropped");
      await markFailed(this.db.prisma, m.id, failure.message);
      // Nothing else queued for this chat can arrive either; the flag is cleared when they write again.
      await failPendingForChat(this.db.prisma, m, "user unreachable");
      if (m.identityId) {
        await markUnreachable(this.db.prisma, m.identityId);
      }
      return;
    }
    const now = this.clock.now();
    if (failure.failure === "rejected" || now.getTime() - m.createdAt.getTime() > this.opts.giveUpAfterMs) {
      this.log.error(context, "message given up");
      await markFailed(this.db.prisma, m.id, failure.message);
      return;
    }
    const backoff = Math.min(this.opts.maxBackoffMs, this.opts.baseBackoffMs * 2 ** Math.max(0, m.attempts - 1));
    const jittered = backoff * (0.8 + Math.random() * 0.4);
    const delay = Math.max(failure.retryAfterMs ?? 0, jittered);
    this.log.warn({ ...context, retryInMs: Math.round(delay) }, "send failed; will retry");
    await markRetry(this.db.prisma, m.id, new Date(now.getTime() + delay), failure.message);
  }

  /** Waits until sending one more message keeps within the platform's overall and per-chat limits. */
  private async respectRateLimits(adapter: ChannelAdapter, chatId: string): Promise<void> {
    const { perSecond, perChatPerSecond } = adapter.rateLimits;
    const chatKey = `${adapter.channel}:${chatId}`;
    // Pacing is real elapsed time (the process sleeps), so it is measured with the monotonic timer.
    for (;;) {
      const now = performance.now();
      const times = (this.sentTimes.get(adapter.channel) ?? []).filter((t) => now - t < 1000);
      this.sentTimes.set(adapter.channel, times);
      const last = this.lastSentToChat.get(chatKey) ?? -Infinity;
      const chatWait = perChatPerSecond > 0 ? last + 1000 / perChatPerSecond - now : 0;
      const globalWait = times.length >= perSecond ? times[0]! + 1000 - now : 0;
      const wait = Math.max(chatWait, globalWait);
      if (wait <= 0) {
        times.push(now);
        this.lastSentToChat.set(chatKey, now);
        if (this.lastSentToChat.size > 100_000) this.lastSentToChat.clear();
        return;
      }
      await new Promise((r) => setTimeout(r, wait));
    }
  }
}
