// The inbound pipeline every chat platform feeds: messages of one chat are handled one after the
// other (replies keep their order), a user who floods the bot gets one polite notice and is then
// ignored until the window passes, and each handled update wakes the outbox worker.
import type { Logger } from "pino";
import type { Db } from "../db/client.ts";
import { enqueueMessages } from "../db/outbox.ts";
import { isUniqueViolation } from "../db/sql.ts";
import { toLocale, type Prompts } from "../prompts.ts";
import type { Conversation } from "./conversation.ts";
import type { IncomingMessage } from "./messages.ts";
import { wellFormed, wellFormedMessage } from "./well-formed.ts";

export type ReceiveOutcome = "handled" | "duplicate" | "limited";

export interface FloodLimit {
  messages: number;
  windowMs: number;
}

export class MessageReceiver {
  private readonly chains = new Map<string, Promise<unknown>>();
  private readonly recent = new Map<string, { times: number[]; warned: boolean }>();

  constructor(
    private readonly deps: {
      conversation: Conversation;
      db: Db;
      prompts: Prompts;
      log: Logger;
      flood: FloodLimit;
      /** Called after replies were written to the outbox, so the worker sends them at once. */
      onOutbox?: () => void;
    },
  ) {}

  /** Handles one platform update; `updateKey` identifies it so a redelivery has no second effect. */
  receive(incoming: IncomingMessage, rawKey: string): Promise<ReceiveOutcome> {
    const msg = wellFormedMessage(incoming);
    const updateKey = wellFormed(rawKey);
    const chat = `${msg.channel}:${msg.chatId}`;
    const previous = this.chains.get(chat) ?? Promise.resolve();
    const next = previous.then(
      () => this.process(msg, updateKey),
      () => this.process(msg, updateKey),
    );
    this.chains.set(chat, next);
    void next.finally(() => {
      if (this.chains.get(chat) === next) this.chains.delete(chat);
    }).catch(() => undefined);
    return next;
  }

  private async process(msg: IncomingMessage, updateKey: string): Promise<ReceiveOutcome> {
    const limited = this.floodCheck(`${msg.channel}:${msg.userId}`, msg.date.getTime());
    if (limited !== "ok") {
      const first = limited === "warn";
      const inserted = await this.recordLimited(msg, updateKey, first);
      if (inserted) {
        this.deps.log.warn({ channel: msg.channel, user: msg.userId }, "flood limit reached; message dropped");
        if (first) this.deps.onOutbox?.();
      }
      return inserted ? "limited" : "duplicate";
    }
    const result = await this.deps.conversation.handle(msg, { dedupeKey: updateKey, delivery: "outbox" });
    if (!result) return "duplicate";
    this.deps.onOutbox?.();
    return "handled";
  }

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
        await tx.processedUpdate.create({ data: { channel: msg.channel, updateId: updateKey } });
        if (notify) {
          const text = this.deps.prompts.t(toLocale(msg.language), "errors.rateLimited");
          await enqueueMessages(tx, [{ channel: msg.channel, chatId: msg.chatId, payload: { text } }]);
        }
      });
      return true;
    } catch (err) {
      if (isUniqueViolation(err)) return false;
      throw err;
    }
  }
}
