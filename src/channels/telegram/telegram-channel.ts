// The Telegram adapter, on grammY. Receives by long polling (@grammyjs/runner: concurrent, one at a
// time per chat) or by webhook, and both paths hand each update to the bot's one middleware
// (the runner and the webhook route both call bot.handleUpdate); sends HTML-escaped text (links as
// <a>) split under 4,096 characters with menus as inline keyboards; maps Bot API failures to
// deliveryError (AppError "channel.delivery").
import { run, type RunnerHandle } from "@grammyjs/runner";
import { Bot, BotError, GrammyError, HttpError, type Context } from "grammy";
import type { BotCommand, InlineKeyboardMarkup, Update, UserFromGetMe } from "grammy/types";
import type { Logger } from "pino";
import { systemClock, type Clock } from "../../clock.ts";
import type { ChannelConfig } from "../../config.ts";
import type { ReceiveOutcome } from "../../conversation/receive-message.ts";
import type { IncomingMessage, OutgoingMessage } from "../../conversation/messages.ts";
import type { AppError } from "../../errors.ts";
import { deliveryError, splitText, withRetries, withTyping, type ChannelAdapter } from "../channel.ts";
import { escapeTelegramHtml, toIncoming, toTelegramHtml } from "./translate.ts";

export const TELEGRAM_TEXT_LIMIT = 4096;
type ApiSignal = Parameters<Bot["api"]["sendMessage"]>[3];
const ALLOWED_UPDATES = ["message", "callback_query"] as const;

export interface TelegramChannelOptions {
  config: ChannelConfig;
  timeoutSeconds: number;
  log: Logger;
  /** The inbound pipeline: handles one message, dropping redeliveries of `updateKey`. */
  receive: (msg: IncomingMessage, updateKey: string) => Promise<ReceiveOutcome>;
  /** Bot commands with descriptions per language ("default" and e.g. "en"). */
  commands: Record<string, BotCommand[]>;
  /** Where Telegram should deliver updates in webhook mode. */
  webhookUrl?: string;
  /** Dates a button press, which Telegram sends without one. */
  clock?: Clock;
}

export class TelegramChannel implements ChannelAdapter {
  readonly channel = "telegram" as const;
  readonly rateLimits: { perSecond: number; perChatPerSecond: number };
  readonly bot: Bot;
  private runner: RunnerHandle | undefined;
  private state = "stopped";

  constructor(private readonly opts: TelegramChannelOptions) {
    this.rateLimits = { perSecond: opts.config.perSecond, perChatPerSecond: opts.config.perChatPerSecond };
    this.bot = new Bot(opts.config.token, {
      client: { apiRoot: opts.config.apiRoot, timeoutSeconds: opts.timeoutSeconds + 30 },
    });
    this.bot.on(["message", "callback_query"], (ctx) => this.onUpdate(ctx));
    this.bot.catch((err) => {
      // Only the runner (polling) calls this: the update is already confirmed, so log loudly.
      // Webhook mode rethrows instead (handleWebhookUpdate), so that Telegram delivers it again.
      opts.log.error({ err: err.error, updateId: err.ctx.update.update_id }, "telegram update failed");
    });
  }

  get me(): UserFromGetMe {
    return this.bot.botInfo;
  }

  status(): string {
    return this.state;
  }

  async start(): Promise<void> {
    this.state = "starting";
    await this.bot.init();
    await this.registerCommands();
    if (this.opts.config.mode === "webhook") {
      await this.bot.api.setWebhook(this.opts.webhookUrl!, {
        secret_token: this.opts.config.webhookSecret!,
        allowed_updates: [...ALLOWED_UPDATES],
      });
      this.state = "webhook";
    } else {
      await this.bot.api.deleteWebhook();
      this.runner = run(this.bot, {
        runner: { fetch: { allowed_updates: [...ALLOWED_UPDATES], timeout: 30 }, silent: true, retryInterval: "exponential" },
      });
      this.state = "polling";
    }
    this.opts.log.info({ bot: this.bot.botInfo.username, mode: this.opts.config.mode }, "telegram channel started");
  }

  async stop(): Promise<void> {
    if (this.runner?.isRunning()) await this.runner.stop();
    this.state = "stopped";
  }

  /** Webhook mode: runs one update through the same middleware as polling; throws when it could not be handled, so Telegram retries. */
  async handleWebhookUpdate(update: Update): Promise<void> {
    // An update may arrive before start() finished; init() is idempotent and fails (→ 5xx, so
    // Telegram retries) when the Bot API cannot be reached to learn who the bot is.
    if (!this.bot.isInited()) await this.bot.init();
    try {
      await this.bot.handleUpdate(update);
    } catch (err) {
      // Our own error, not grammY's wrapper: that one carries the whole update (the user's text)
      // into the error log, and the HTTP boundary should see what actually failed.
      throw err instanceof BotError ? err.error : err;
    }
  }

  /** The one handler for both paths: a message or a button press goes into the inbound pipeline. */
  private async onUpdate(ctx: Context): Promise<void> {
    // Stops the button's spinner in the user's app whatever becomes of the press.
    if (ctx.callbackQuery) void ctx.answerCallbackQuery().catch(() => undefined);
    const incoming = toIncoming(ctx.update, ctx.me, (this.opts.clock ?? systemClock).now());
    if (!incoming) return;
    const receive = () => this.opts.receive(incoming, String(ctx.update.update_id));
    await withTyping(
      () => this.typing(incoming.chatId),
      // Long polling has confirmed the update once the next batch is fetched, so a failure is
      // retried here; a webhook update that fails answers 5xx and Telegram delivers it again.
      this.opts.config.mode === "webhook" ? receive : () => withRetries(receive, { attempts: 5, baseMs: 500 }),
    );
  }

  async typing(chatId: string): Promise<void> {
    await this.bot.api.sendChatAction(chatId, "typing", undefined, this.callTimeout()).catch((err: unknown) => {
      this.opts.log.debug({ err, chatId }, "typing indicator failed (ignored)");
    });
  }

  async send(chatId: string, message: OutgoingMessage): Promise<void> {
    const parts = splitForTelegram(message.text);
    for (const [i, part] of parts.entries()) {
      const last = i === parts.length - 1;
      const keyboard: InlineKeyboardMarkup | undefined =
        last && message.choices?.length
          ? { inline_keyboard: message.choices.map((c) => [{ text: c.label, callback_data: c.id.slice(0, 64) }]) }
          : undefined;
      try {
        await this.bot.api.sendMessage(
          chatId,
          part,
          {
            parse_mode: "HTML",
            link_preview_options: { is_disabled: true },
            ...(keyboard ? { reply_markup: keyboard } : {}),
          },
          this.callTimeout(),
        );
      } catch (err) {
        throw toDeliveryError(err);
      }
    }
  }

  /**
   * CHANNEL_REQUEST_TIMEOUT_SECONDS for one call. The client's own timeout is 30 s longer, because
   * it also carries getUpdates long polls; a send must not hang that long (the outbox would wait).
   */
  private callTimeout(): ApiSignal {
    // grammY types its signal with the abort-controller polyfill; at run time Node's own is what it uses.
    return AbortSignal.timeout(this.opts.timeoutSeconds * 1000) as unknown as ApiSignal;
  }

  private async registerCommands(): Promise<void> {
    for (const [language, commands] of Object.entries(this.opts.commands)) {
      await this.bot.api
        .setMyCommands(commands, language === "default" ? {} : { language_code: language as "en" })
        .catch((err: unknown) => this.opts.log.warn({ err, language }, "could not register bot commands"));
    }
  }
}

/** HTML parts (escaped text, links as <a>), each within Telegram's limit even after escaping. */
export function splitForTelegram(text: string): string[] {
  const out: string[] = [];
  const pending = splitText(text, TELEGRAM_TEXT_LIMIT);
  for (const part of pending) {
    const html = toTelegramHtml(part);
    if (html.length <= TELEGRAM_TEXT_LIMIT) out.push(html);
    else out.push(...splitText(part, Math.floor(TELEGRAM_TEXT_LIMIT / 5)).map(fitTelegramHtml));
  }
  return out;
}

/** A piece of at most a fifth of the limit; a pathological one (an address of ampersands) goes as plain escaped text, which always fits. */
function fitTelegramHtml(piece: string): string {
  const html = toTelegramHtml(piece);
  return html.length <= TELEGRAM_TEXT_LIMIT ? html : escapeTelegramHtml(piece);
}

function toDeliveryError(err: unknown): AppError<"channel.delivery"> {
  if (err instanceof GrammyError) {
    const what = `telegram ${err.method}: ${err.error_code} ${err.description}`;
    if (err.error_code === 429) return deliveryError(what, "retry", { retryAfterMs: (err.parameters.retry_after ?? 1) * 1000, cause: err });
    if (err.error_code === 403 || /chat not found|user is deactivated/i.test(err.description)) {
      return deliveryError(what, "unreachable", { cause: err });
    }
    if (err.error_code === 400) return deliveryError(what, "rejected", { cause: err });
    return deliveryError(what, "retry", { cause: err });
  }
  if (err instanceof HttpError) return deliveryError(`telegram network error: ${err.message}`, "retry", { cause: err });
  return deliveryError(`telegram send failed: ${String(err)}`, "retry", { cause: err });
}
