// The one interface every chat platform adapter implements (Telegram, Zalo). An adapter turns the
// platform's updates into IncomingMessages for the inbound pipeline, and sends OutgoingMessages
// for the outbox worker. Failures to send are reported as an AppError "channel.delivery" saying
// whether a retry can succeed later (deliveryError).
import type { Channel, OutgoingMessage } from "../conversation/messages.ts";
import { AppError, type DeliveryFailure } from "../errors.ts";

export type { DeliveryFailure } from "../errors.ts";

export interface ChannelAdapter {
  readonly channel: Channel;
  /** Starts receiving (long polling, or registering the webhook). */
  start(): Promise<void>;
  /** Stops receiving; in-flight updates finish. */
  stop(): Promise<void>;
  /** Sends one message (split as the platform requires). Throws deliveryError(…) on failure. */
  send(chatId: string, message: OutgoingMessage): Promise<void>;
  /** Shows "typing…" in a chat; failures are swallowed by the caller. */
  typing?(chatId: string): Promise<void>;
  /** For /healthz: "polling", "webhook", "starting", "error: …". */
  status(): string;
  /** Messages per second the platform accepts from this bot overall, and per chat. */
  readonly rateLimits: { perSecond: number; perChatPerSecond: number };
}

/** A send the platform did not take: `failure` says what the outbox worker does next. */
export function deliveryError(
  message: string,
  failure: DeliveryFailure,
  opts: { retryAfterMs?: number | undefined; cause?: unknown } = {},
): AppError<"channel.delivery"> {
  return new AppError("channel.delivery", { message, cause: opts.cause, detail: { failure, ...(opts.retryAfterMs !== undefined ? { retryAfterMs: opts.retryAfterMs } : {}) } });
}

/**
 * Splits a long text on paragraph boundaries (then lines, then sentences, then hard) so that no
 * part exceeds `limit` characters.
 */
export function splitText(text: string, limit: number): string[] {
  if (text.length <= limit) return [text];
  const atoms: { sep: string; text: string }[] = [];
  const add = (sep: string, piece: string, level: 0 | 1 | 2) => {
    if (piece.length <= limit || level === 2) {
      if (piece.length <= limit) atoms.push({ sep, text: piece });
      else for (let i = 0; i < piece.length; i += limit) atoms.push({ sep: i === 0 ? sep : "", text: piece.slice(i, i + limit) });
      return;
    }
    const pieces = level === 0 ? piece.split("\n") : (piece.match(/[^.!?]+(?:[.!?]+|$)\s*/g) ?? [piece]);
    pieces.forEach((p, i) => add(i === 0 ? sep : level === 0 ? "\n" : "", level === 0 ? p : p, (level + 1) as 1 | 2));
  };
  text.split(/\n{2,}/).forEach((paragraph, i) => add(i === 0 ? "" : "\n\n", paragraph, 0));
  const parts: string[] = [];
  let current = "";
  for (const atom of atoms) {
    if (current === "") current = atom.text;
    else if (current.length + atom.sep.length + atom.text.length <= limit) current += atom.sep + atom.text;
    else {
      parts.push(current);
      current = atom.text;
    }
  }
  if (current) parts.push(current);
  return parts.map((p) => p.trim()).filter((p) => p.length > 0);
}

/**
 * Long polling confirms an update as soon as the next batch is fetched, so a message whose
 * handling failed (the database briefly locked or down) is retried here before it is given up.
 */
export async function withRetries<T>(fn: () => Promise<T>, opts: { attempts: number; baseMs: number }): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (attempt >= opts.attempts) throw err;
      await new Promise((r) => setTimeout(r, opts.baseMs * 2 ** (attempt - 1)));
    }
  }
}

/**
 * How long handling a message may take before the chat shows "typing…". Most answers are in the
 * outbox within milliseconds and a typing indicator would only flicker (and cost the platform a
 * request per message); a reply that waits for the language model shows it.
 */
export const TYPING_AFTER_MS = 400;

/** Runs `work`, showing the typing indicator if it has not finished after TYPING_AFTER_MS. */
export async function withTyping<T>(typing: () => Promise<void>, work: () => Promise<T>): Promise<T> {
  const timer = setTimeout(() => void typing(), TYPING_AFTER_MS);
  try {
    return await work();
  } finally {
    clearTimeout(timer);
  }
}
