// The Zalo adapter: receives by long polling (getUpdates returns one update at a time) or by
// webhook, turns Zalo updates into our messages, and sends text split under 2,000 characters.
// Zalo has no buttons, so a menu becomes numbered lines and the user answers with the number.
import type { Logger } from "pino";
import type { ChannelConfig } from "../../config.ts";
import type { IncomingMessage, OutgoingMessage } from "../../conversation/messages.ts";
import type { ReceiveOutcome } from "../../conversation/receive-message.ts";
import { isAppError, type AppError } from "../../errors.ts";
import { deliveryError, splitText, withRetries, withTyping, type ChannelAdapter } from "../channel.ts";
import { ZaloClient } from "./zalo-client.ts";
import type { ZaloUpdate } from "./zalo-types.ts";

export const ZALO_TEXT_LIMIT = 2000;
const POLL_TIMEOUT_SECONDS = 30;

export interface ZaloChannelOptions {
  config: ChannelConfig;
  timeoutSeconds: number;
  log: Logger;
  receive: (msg: IncomingMessage, updateKey: string) => Promise<ReceiveOutcome>;
  /** The line under a numbered menu, e.g. "Gõ số để chọn." */
  choiceHint: string;
  webhookUrl?: string;
}

export class ZaloChannel implements ChannelAdapter {
  readonly channel = "zalo" as const;
  readonly rateLimits: { perSecond: number; perChatPerSecond: number };
  readonly client: ZaloClient;
  private state = "stopped";
  private polling = false;
  private pollLoop: Promise<void> | undefined;
  private abort = new AbortController();

  constructor(private readonly opts: ZaloChannelOptions) {
    this.rateLimits = { perSecond: opts.config.perSecond, perChatPerSecond: opts.config.perChatPerSecond };
    this.client = new ZaloClient({ token: opts.config.token, apiRoot: opts.config.apiRoot, timeoutMs: opts.timeoutSeconds * 1000 });
  }

  status(): string {
    return this.state;
  }

  async start(): Promise<void> {
    this.state = "starting";
    const me = await this.client.getMe();
    if (this.opts.config.mode === "webhook") {
      await this.client.setWebhook(this.opts.webhookUrl!, this.opts.config.webhookSecret!);
      this.state = "webhook";
    } else {
      await this.client.deleteWebhook().catch((err: unknown) => this.opts.log.debug({ err }, "zalo deleteWebhook failed (ignored)"));
      this.polling = true;
      this.abort = new AbortController();
      this.pollLoop = this.poll();
      this.state = "polling";
    }
    this.opts.log.info({ bot: me.account_name ?? me.id, mode: this.opts.config.mode }, "zalo channel started");
  }

  async stop(): Promise<void> {
    this.polling = false;
    this.abort.abort();
    await this.pollLoop;
    this.state = "stopped";
  }

  private async poll(): Promise<void> {
    let failures = 0;
    while (this.polling) {
      try {
        const update = await this.client.getUpdates(POLL_TIMEOUT_SECONDS, this.abort.signal);
        failures = 0;
        if (update) await withRetries(() => this.handleUpdate(update), { attempts: 5, baseMs: 500 });
      } catch (err) {
        if (!this.polling) return;
        failures++;
        const delay = Math.min(30_000, 500 * 2 ** Math.min(failures, 6));
        this.opts.log.warn({ err, retryInMs: delay }, "zalo getUpdates failed");
        this.state = `polling (retrying: ${err instanceof Error ? err.message : String(err)})`;
        await sleep(delay, this.abort.signal);
        if (this.polling) this.state = "polling";
      }
    }
  }

  /** One update, from polling or the webhook; throws when it could not be handled. */
  async handleUpdate(update: ZaloUpdate): Promise<ReceiveOutcome | "ignored"> {
    const incoming = toIncoming(update);
    if (!incoming) {
      this.opts.log.info({ event: update.event_name }, "zalo update ignored");
      return "ignored";
    }
    return withTyping(
      () => this.typing(incoming.chatId),
      () => this.opts.receive(incoming, incoming.messageId),
    );
  }

  async typing(chatId: string): Promise<void> {
    await this.client.sendChatAction(chatId, "typing").catch((err: unknown) => {
      this.opts.log.debug({ err, chatId }, "typing indicator failed (ignored)");
    });
  }

  async send(chatId: string, message: OutgoingMessage): Promise<void> {
    for (const part of splitText(renderForZalo(message, this.opts.choiceHint), ZALO_TEXT_LIMIT)) {
      try {
        await this.client.sendMessage(chatId, part);
      } catch (err) {
        throw toDeliveryError(err);
      }
    }
  }
}

/** Menus become numbered lines; the conversation maps a typed number back to the choice. */
export function renderForZalo(message: OutgoingMessage, choiceHint: string): string {
  if (!message.choices?.length) return message.text;
  const lines = message.choices.map((c, i) => `${i + 1}. ${c.label}`);
  return `${message.text}\n\n${lines.join("\n")}\n${choiceHint}`;
}

export function toIncoming(update: ZaloUpdate): IncomingMessage | null {
  const m = update.message;
  if (m.from.is_bot) return null;
  const base = {
    channel: "zalo" as const,
    chatId: m.chat.id,
    userId: m.from.id,
    ...(m.from.display_name ? { displayName: m.from.display_name } : {}),
    messageId: m.message_id,
    date: new Date(m.date),
  };
  if (update.event_name === "message.text.received" && typeof m.text === "string") {
    if (m.chat.chat_type === "GROUP") return null; // the bot answers groups only through a private chat
    return { ...base, text: m.text };
  }
  if (m.chat.chat_type === "GROUP") return null;
  if (update.event_name.startsWith("message.")) return { ...base, text: "", content: "unsupported" };
  return null;
}

function toDeliveryError(err: unknown): AppError<"channel.delivery"> {
  if (isAppError(err, "zalo.api")) {
    const { errorCode, description, retryAfterSeconds } = err.detail;
    if (errorCode === 429) {
      const after = retryAfterSeconds !== undefined ? retryAfterSeconds * 1000 : retryAfterMs(description);
      return deliveryError(err.message, "retry", { retryAfterMs: after, cause: err });
    }
    if (errorCode === 403) return deliveryError(err.message, "unreachable", { cause: err });
    if (errorCode === 400) return deliveryError(err.message, "rejected", { cause: err });
    return deliveryError(err.message, "retry", { cause: err });
  }
  return deliveryError(`zalo send failed: ${String(err)}`, "retry", { cause: err });
}

/** Zalo states no retry_after field; honour a number of seconds in the description when given. */
function retryAfterMs(description: string): number | undefined {
  const m = /retry[_ ]after[^\d]*(\d+)/i.exec(description);
  return m ? Number(m[1]) * 1000 : undefined;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => {
      clearTimeout(t);
      resolve();
    }, { once: true });
  });
}
