// The inbound pipeline every chat platform feeds, as a chain of small steps in the way grammY's
// Composer chains middleware: each step gets the update's context and `next`, and may stop the
// chain or act once the rest has run. The steps, in order:
//   dedup            reports a redelivery (the update's key already recorded) as dropped
//   oneChatAtATime   one chat's updates run one after the other, so replies keep their order
//   rateLimit        a user who floods the bot gets one polite notice, then is ignored until the
//                    window passes
//   dialogue         the conversation: identity (ChatUser, ChannelIdentity), consent (the privacy
//                    notice on first contact) and the reply, in the message's one transaction
// The record that an update was processed is written by the step that has an effect (the dialogue,
// or the rate limit's notice) in that effect's transaction, not by a check up front that could not
// stop two deliveries racing. Identity and consent stay inside the dialogue's transaction for the
// same reason: what a message changes, its replies in the outbox included, commits together or not.
import type { Logger } from "pino";
import { systemClock, type Clock } from "../clock.ts";
import type { Db } from "../db/client.ts";
import { enqueueMessages } from "../db/outbox.ts";
import { recordProcessedUpdate } from "../db/processed-updates.ts";
import { isUniqueViolation } from "../db/sql.ts";
import type { AppEvents } from "../events.ts";
import { toLocale, type Prompts } from "../prompts.ts";
import type { Conversation } from "./conversation.ts";
import type { IncomingMessage } from "./messages.ts";
import { wellFormed, wellFormedMessage } from "./well-formed.ts";

export type ReceiveOutcome = "handled" | "duplicate" | "limited";

export interface FloodLimit {
  messages: number;
  windowMs: number;
}

/** What the steps share about one update; `outcome` is set by the step that decided it. */
export interface InboundContext {
  msg: IncomingMessage;
  updateKey: string;
  outcome?: ReceiveOutcome;
}

/** One step of the pipeline: does its part, and calls `next` to let the rest run. */
export type InboundStep = (ctx: InboundContext, next: () => Promise<void>) => Promise<void>;

/**
 * Chains steps into one handler. A step's code before `next()` runs synchronously when the update
 * arrives (no await in between), which is what lets the per-chat order follow arrival order.
 */
export function composeSteps(steps: InboundStep[]): (ctx: InboundContext) => Promise<void> {
  return (ctx) => {
    const dispatch = (i: number): Promise<void> => {
      const step = steps[i];
      return step ? step(ctx, () => dispatch(i + 1)) : Promise.resolve();
    };
    return dispatch(0);
  };
}

export interface MessageReceiverDeps {
  conversation: Conversation;
  db: Db;
  prompts: Prompts;
  log: Logger;
  flood: FloodLimit;
  /** Told about dropped updates and about the flood notice written to the outbox. */
  events?: AppEvents;
  /** Dates what a dropped update records (its processed mark, the one notice). */
  clock?: Clock;
}

export class MessageReceiver {
  private readonly chains = new Map<string, Promise<unknown>>();
  private readonly recent = new Map<string, { times: number[]; warned: boolean }>();
  private readonly pipeline: (ctx: InboundContext) => Promise<void>;

  constructor(private readonly deps: MessageReceiverDeps) {
    this.pipeline = composeSteps([this.dedup, this.oneChatAtATime, this.rateLimit, this.dialogue]);
  }

  /** Handles one platform update; `updateKey` identifies it so a redelivery has no second effect. */
  async receive(incoming: IncomingMessage, rawKey: string): Promise<ReceiveOutcome> {
    const ctx: InboundContext = { msg: wellFormedMessage(incoming), updateKey: wellFormed(rawKey) };
    await this.pipeline(ctx);
    return ctx.outcome ?? "handled";
  }

  /** Reports an update that turned out to be a redelivery (its key was already recorded downstream). */
  private readonly dedup: InboundStep = async (ctx, next) => {
    await next();
    if (ctx.outcome === "duplicate") this.deps.events?.emit("dropped", { channel: ctx.msg.channel, reason: "duplicate" });
  };

  /** One chat's updates run one after the other, whatever happened to the one before. */
  private readonly oneChatAtATime: InboundStep = (ctx, next) => {
    const chat = `${ctx.msg.channel}:${ctx.msg.chatId}`;
    const previous = this.chains.get(chat) ?? Promise.resolve();
    const mine = previous.then(next, next);
    this.chains.set(chat, mine);
    void mine
      .finally(() => {
        if (this.chains.get(chat) === mine) this.chains.delete(chat);
      })
      .catch(() => undefined);
    return mine;
  };

  /** Over the limit: the first dropped update queues one notice, the rest are only recorded. */
  private readonly rateLimit: InboundStep = async (ctx, next) => {
    const { msg, updateKey } = ctx;
    const limited = this.floodCheck(`${msg.channel}:${msg.userId}`, msg.date.getTime());
    if (limited === "ok") return next();
    const first = limited === "warn";
    const inserted = await this.recordLimited(msg, updateKey, first);
    if (inserted) {
      this.deps.log.warn({ channel: msg.channel, user: msg.userId }, "flood limit reached; message dropped");
      this.deps.events?.emit("dropped", { channel: msg.channel, reason: "flood" });
      if (first) this.deps.events?.emit("outboxWritten", { channel: msg.channel });
    }
    ctx.outcome = inserted ? "limited" : "duplicate";
  };

  /** The conversation records the update, its effects and its replies (in the outbox) in one transaction. */
  private readonly dialogue: InboundStep = async (ctx) => {
    const result = await this.deps.conversation.handle(ctx.msg, { dedupeKey: ctx.updateKey, delivery: "outbox" });
    ctx.outcome = result ? "handled" : "duplicate";
  };

  private floodCheck(user: string, now: number): "ok" | "warn" | "drop" {
    const { messages, windowMs } = this.deps.flood;
    const entry = this.recent.get(user) ?? { times: [], warned: false };
    entry.times = entry.times.filter((t) => now - t < windowMs);
    if (entry.times.length === 0) entry.warned = false;
    entry.times.push(now);
    this.recent.set(user, entry);
    if (this.recent.size > 50_000) this.prune(now);
    if (entry.times.length <= messages) return "ok";
    if (entry.warned) return "drop";
    entry.warned = true;
    return "warn";
  }

  private prune(now: number): void {
    for (const [user, entry] of this.recent) {
      if (entry.times.every((t) => now - t >= this.deps.flood.windowMs)) this.recent.delete(user);
    }
  }

  /** Marks a dropped update as processed (and queues the one notice); false if it was a redelivery. */
  private async recordLimited(msg: IncomingMessage, updateKey: string, notify: boolean): Promise<boolean> {
    try {
      await this.deps.db.prisma.$transaction(async (tx) => {
        const now = (this.deps.clock ?? systemClock).now();
        await recordProcessedUpdate(tx, msg.channel, updateKey, now);
        if (notify) {
          const text = this.deps.prompts.t(toLocale(msg.language), "errors.rateLimited");
          await enqueueMessages(tx, [{ channel: msg.channel, chatId: msg.chatId, payload: { text } }], now);
        }
      });
      return true;
    } catch (err) {
      if (isUniqueViolation(err)) return false;
      throw err;
    }
  }
}
