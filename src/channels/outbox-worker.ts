// Sends what the outbox holds, through the channel adapters. Per chat, messages go out in order,
// one at a time; overall and per chat it keeps to each platform's rate limits. Failures that can
// succeed later (5xx, timeouts, 429) are retried with exponential backoff and jitter, honouring
// retry_after; a 400 is given up at once, and a user who blocked the bot is marked unreachable.
// Pending messages survive restarts because they live in the database until sent. Each platform
// has its own lane (claim a batch, send it at the platform's pace, claim the next), so a platform
// with a lower rate or a slow answer never holds another's messages back. Replies come first: a
// lane claims them before bulk messages (broadcasts), and claims bulk messages a tenth of the rate
// at a time, ten times a second, only into places free in the rate and leaving a tenth of it to
// replies; so a batch never waits long, and a reply written during a broadcast goes out within
// moments instead of behind thousands of notices. A bulk message (a broadcast or a notice the person
// did not ask for) that failed is retried no sooner than `unaskedSendableAt` allows: main hands it
// the quiet hours, so a retry due at 23:00 Vietnam time waits for 07:00; replies retry on their own
// schedule. A bulk message whose person has stopped notices by the time it is claimed (first or
// again, for a retry or after a lease ran out) is not sent but dropped, as STOP drops the others
// (conversation/notice-switch.ts). It wakes at once on the outboxWritten event and tells of each
// send (delivered, deliveryFailed) as events.
import type { Logger } from "pino";
import { systemClock, type Clock } from "../clock.ts";
import { dropStoppedMessages } from "../conversation/notice-switch.ts";
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
  /**
   * When a bulk message (one the person did not ask for) that failed may be tried again, given the
   * time its back-off ends: main passes the quiet hours (announcements/quiet-hours.ts sendableAt).
   * Replies are never held. Not given: at once.
   */
  unaskedSendableAt?: (at: Date) => Date;
}

export class OutboxWorker {
  private readonly adapters: Map<string, ChannelAdapter>;
  private readonly opts: Required<Omit<OutboxWorkerOptions, "events" | "clock" | "unaskedSendableAt">>;
  private readonly unaskedSendableAt: (at: Date) => Date;
  private readonly clock: Clock;
  private readonly events: AppEvents | undefined;
  private unsubscribe: (() => void) | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = true;
  private readonly lanes = new Map<string, Lane>();
  private readonly lastSentToChat = new Map<string, RateSlot>();
  private readonly sentTimes = new Map<string, RateSlot[]>();
  /** Messages per channel waiting for a place in the rate: bulk messages leave those places to them. */
  private readonly waitingForRate = new Map<string, number>();
  private pendingMarks: { ids: number[]; done: Promise<void> } | undefined;

  constructor(
    private readonly db: Db,
    adapters: ChannelAdapter[],
    private readonly log: Logger,
    opts: OutboxWorkerOptions = {},
  ) {
    this.adapters = new Map(adapters.map((a) => [a.channel, a]));
    for (const channel of this.adapters.keys()) this.lanes.set(channel, { running: false, wakeRequested: false, loop: undefined, timer: undefined, bulkAt: -Infinity });
    this.events = opts.events;
    this.clock = opts.clock ?? systemClock;
    this.unaskedSendableAt = opts.unaskedSendableAt ?? ((at) => at);
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
    this.unsubscribe = this.events?.on("outboxWritten", (e) => this.wake(e.channel));
    this.wake();
  }

  /** Looks for due messages now (called after new messages were written): of `channel`, or of every channel. */
  wake(channel?: string): void {
    if (this.stopped) return;
    if (channel === undefined) {
      for (const c of this.lanes.keys()) this.wake(c);
      return;
    }
    const lane = this.lanes.get(channel);
    if (!lane) return; // the web inbox's messages: no worker sends them
    if (lane.running) {
      lane.wakeRequested = true;
      return;
    }
    lane.running = true;
    lane.loop = this.drain(channel, lane)
      .catch((err: unknown) => this.log.error({ err, channel }, "outbox worker failed; will retry"))
      .finally(() => {
        lane.running = false;
        if (lane.wakeRequested && !this.stopped) {
          lane.wakeRequested = false;
          this.wake(channel);
        }
      });
  }

  /** Stops claiming new messages and waits for the ones in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    this.unsubscribe?.();
    for (const lane of this.lanes.values()) clearTimeout(lane.timer);
    await Promise.all([...this.lanes.values()].map((lane) => lane.loop));
  }

  private async drain(channel: string, lane: Lane): Promise<void> {
    const adapter = this.adapters.get(channel)!;
    for (;;) {
      if (this.stopped) return;
      lane.wakeRequested = false;
      const claim = { channels: [channel], now: this.clock.now(), provider: this.db.provider, leaseMs: this.opts.claimLeaseMs };
      const replies = await claimDueMessages(this.db.sql, { ...claim, limit: this.opts.batchSize, bulk: false });
      const room = this.bulkRoom(adapter, lane, replies.length);
      const bulk = room > 0 ? await claimDueMessages(this.db.sql, { ...claim, limit: room, bulk: true }) : [];
      if (bulk.length > 0) lane.bulkAt = performance.now();
      if (replies.length + bulk.length === 0) return;
      const stopped = bulk.filter((m) => m.stopped);
      if (stopped.length > 0) await this.drop(stopped);
      await Promise.all([...replies, ...bulk.filter((m) => !m.stopped)].map((m) => this.deliver(m)));
    }
  }

  /**
   * How many bulk messages may be claimed now: a tenth of the platform's rate at a time, at most
   * every tenth of a second (spread out, so no second is taken whole by one burst and a reply soon
   * finds a place), within the places free in the rate less a tenth of it kept for replies (from a
   * rate of 5 a second up). When none may, the lane looks again when some may.
   */
  private bulkRoom(adapter: ChannelAdapter, lane: Lane, claimedReplies: number): number {
    const capacity = Math.max(1, Math.floor(adapter.rateLimits.perSecond));
    const step = Math.ceil(capacity / BULK_STEPS_PER_SECOND);
    const reserve = capacity >= 5 ? step : 0;
    const now = performance.now();
    const slots = this.sentTimes.get(adapter.channel) ?? [];
    const used = slots.filter((s) => s.sending || now - s.at < 1000).length + (this.waitingForRate.get(adapter.channel) ?? 0) + claimedReplies;
    const nextStep = lane.bulkAt + 1000 / BULK_STEPS_PER_SECOND;
    if (now < nextStep) return this.wakeLater(adapter.channel, lane, nextStep - now);
    if (capacity - reserve - used <= 0) return this.wakeLater(adapter.channel, lane, freedAt(slots) - now);
    return Math.min(step, capacity - reserve - used, this.opts.batchSize);
  }

  /** Bulk messages may be waiting for room: the lane looks again in `ms`. Returns 0, the room now. */
  private wakeLater(channel: string, lane: Lane, ms: number): 0 {
    if (!lane.timer && !this.stopped) {
      lane.timer = setTimeout(() => {
        lane.timer = undefined;
        this.wake(channel);
      }, Math.max(IN_FLIGHT_RECHECK_MS, ms));
    }
    return 0;
  }

  /**
   * Bulk messages of people who stopped notices after they were written: taken out, never sent. A
   * failure here must not hold back the replies claimed with them: the rows stay claimed and are
   * claimed (and dropped) again when their lease runs out.
   */
  private async drop(messages: ClaimedMessage[]): Promise<void> {
    const context = { channel: messages[0]!.channel, outboxIds: messages.map((m) => m.id) };
    try {
      const dropped = await dropStoppedMessages(this.db.prisma, context.outboxIds);
      this.log.info({ ...context, outboxIds: dropped }, "bulk messages dropped: the person stopped notices");
    } catch (err) {
      this.log.error({ ...context, err }, "could not drop bulk messages of a person who stopped notices; retried after the lease");
    }
  }

  private async deliver(m: ClaimedMessage): Promise<void> {
    const adapter = this.adapters.get(m.channel)!;
    const answered = await this.respectRateLimits(adapter, m.chatId);
    try {
      await this.send(adapter, m).finally(answered);
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
    const backedOff = new Date(now.getTime() + delay);
    const retryAt = m.bulk ? this.unaskedSendableAt(backedOff) : backedOff;
    this.log.warn({ ...context, retryInMs: retryAt.getTime() - now.getTime() }, "send failed; will retry");
    await markRetry(this.db.prisma, m.id, retryAt, failure.message);
  }

  /**
   * Waits until sending one more message keeps within the platform's overall and per-chat limits,
   * and takes its place in them; the function returned is called when the platform has answered.
   * The platform counts a message when it arrives, somewhere between the request and the answer,
   * so a place is held from the request until one second after the answer: counting from the
   * request alone let a platform that was slow to answer one second's messages receive the next
   * second's right behind them, two seconds' worth in one (and refuse the excess with 429). The
   * cost: at full rate, a platform answering in L ms gets rate × 1000 / (1000 + L) messages a second.
   */
  private async respectRateLimits(adapter: ChannelAdapter, chatId: string): Promise<() => void> {
    const { perSecond, perChatPerSecond } = adapter.rateLimits;
    const chatKey = `${adapter.channel}:${chatId}`;
    const waiting = (delta: number) => this.waitingForRate.set(adapter.channel, (this.waitingForRate.get(adapter.channel) ?? 0) + delta);
    // Pacing is real elapsed time (the process sleeps), so it is measured with the monotonic timer.
    for (let first = true; ; first = false) {
      const now = performance.now();
      const slots = (this.sentTimes.get(adapter.channel) ?? []).filter((s) => s.sending || now - s.at < 1000);
      this.sentTimes.set(adapter.channel, slots);
      const last = this.lastSentToChat.get(chatKey);
      const chatWait = perChatPerSecond > 0 && last ? (last.sending ? IN_FLIGHT_RECHECK_MS : last.at + 1000 / perChatPerSecond - now) : 0;
      const globalWait = slots.length >= perSecond ? freedAt(slots) - now : 0;
      const wait = Math.max(chatWait, globalWait);
      if (wait <= 0) {
        if (!first) waiting(-1);
        const slot: RateSlot = { at: now, sending: true };
        slots.push(slot);
        this.lastSentToChat.set(chatKey, slot);
        if (this.lastSentToChat.size > 100_000) this.lastSentToChat.clear();
        return () => {
          slot.at = performance.now();
          slot.sending = false;
        };
      }
      if (first) waiting(+1);
      await new Promise((r) => setTimeout(r, wait));
    }
  }
}

/** One platform's sending: whether a drain is running, whether it was woken meanwhile, a wake-up waiting for room. */
interface Lane {
  running: boolean;
  wakeRequested: boolean;
  loop: Promise<void> | undefined;
  timer: NodeJS.Timeout | undefined;
  /** When bulk messages were last claimed (performance.now()). */
  bulkAt: number;
}

/** A message's place in a platform's rate: held while it is being sent, then for a second after its answer (`at`). */
interface RateSlot {
  at: number;
  sending: boolean;
}

/** Bulk messages are claimed at most this many times a second, a share of the rate each time. */
const BULK_STEPS_PER_SECOND = 10;

/** How soon to look again when every place is held by a message still waiting for its answer. */
const IN_FLIGHT_RECHECK_MS = 20;

/** When the first of these places frees up (all of them held, at the limit). */
function freedAt(slots: readonly RateSlot[]): number {
  let first = Infinity;
  for (const s of slots) if (!s.sending) first = Math.min(first, s.at + 1000);
  return first === Infinity ? performance.now() + IN_FLIGHT_RECHECK_MS : first;
}
