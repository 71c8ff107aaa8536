// A fake Zalo Bot Platform API server on 127.0.0.1 for tests. It speaks the real wire format
// (`POST /bot<TOKEN>/<method>` with JSON bodies, `{"ok":...,"result"|"error_code"+"description"}` answers,
// getUpdates long polls that return ONE update object, webhooks with X-Bot-Api-Secret-Token), so our
// Zalo client can be pointed at it. Tests push updates, inspect what was sent and inject failures.
import { randomBytes } from "node:crypto";
import { FakeBotPlatform, Recorder, longPoll, paramNumber, paramString, postJson, type Handler, type Params, type Reply } from "./fake-platform-common.ts";

export type { CallRecord, FailSpec, Params } from "./fake-platform-common.ts";

export interface FakeZaloOptions {
  /** Default `1459232241454765289:…`, the `{bot_id}:{access_token}` form Zalo issues. */
  token?: string;
  accountName?: string;
  /** Per-chat send* limit per second; exceeding it answers 429. Off by default. */
  perChatPerSecond?: number;
  /** The bot's send* limit per second over all chats; exceeding it answers 429. Off by default. */
  perSecond?: number;
  /** Upper bound for getUpdates' `timeout` in seconds. */
  maxPollSeconds?: number;
  /**
   * HTTP status of the "nothing arrived" getUpdates answer, whose body is always
   * `{"ok":false,"error_code":408,"description":"Request timeout"}`. Default 200.
   */
  pollTimeoutStatus?: 200 | 408;
}

export type ZaloEventName = "message.text.received" | "message.image.received" | "message.sticker.received" | "message.unsupported.received";

export interface ZaloMessage {
  message_id: string;
  /** Milliseconds since epoch. */
  date: number;
  chat: { id: string; chat_type: "PRIVATE" | "GROUP" };
  from: { id: string; display_name: string; is_bot: boolean };
  text?: string;
  photo_url?: string;
  caption?: string;
  sticker?: string;
  url?: string;
}

export interface ZaloUpdate {
  event_name: ZaloEventName;
  message: ZaloMessage;
}

/** One successful send* call. `text` is the caption for photos and "" for stickers. */
export interface ZaloSent {
  method: "sendMessage" | "sendPhoto" | "sendSticker";
  chat_id: string;
  text: string;
  photo?: string;
  sticker?: string;
  message_id: string;
  at: number;
}

export interface ZaloChatAction {
  chat_id: string;
  action: string;
  at: number;
}

export interface ZaloIncomingOptions {
  chatId: string;
  /** Defaults to chatId (in a private chat the chat id is the user's id). */
  userId?: string;
  displayName?: string;
  chatType?: "PRIVATE" | "GROUP";
  messageId?: string;
  /** Milliseconds; default now. */
  date?: number;
}

const DEFAULT_TOKEN = "1459232241454765289:qLmW3xT9kBvR7zN2pYcE5hJ8dF4gS6aU1oIeK0rTnXwVbMzQ";
const MAX_TEXT = 2000;
const CHAT_ACTIONS = new Set(["typing", "upload_photo"]);
const DESCRIPTIONS: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  408: "Request timeout",
  409: "Conflict",
  429: "Too Many Requests",
  500: "Internal Server Error",
};

export class FakeZalo extends FakeBotPlatform {
  readonly botId: string;
  readonly accountName: string;
  /** Every successful sendMessage / sendPhoto / sendSticker in order. */
  readonly sent: ZaloSent[];
  readonly chatActions: ZaloChatAction[] = [];
  protected readonly blockedDescription = "Forbidden: the user has blocked the bot";
  private readonly sentLog = new Recorder<ZaloSent>((m) => `${m.method} to ${m.chat_id}: ${JSON.stringify(m.text || m.photo || m.sticker)}`);
  private readonly maxPollSeconds: number;
  private readonly pollTimeoutStatus: 200 | 408;
  private readonly handlers: Map<string, Handler>;
  private queue: ZaloUpdate[] = [];

  constructor(options: FakeZaloOptions = {}) {
    const token = options.token ?? DEFAULT_TOKEN;
    super({ token, perChatPerSecond: options.perChatPerSecond, perSecond: options.perSecond });
    this.botId = token.split(":")[0] ?? token;
    this.accountName = options.accountName ?? "bot.FakeZalo";
    this.maxPollSeconds = options.maxPollSeconds ?? 60;
    this.pollTimeoutStatus = options.pollTimeoutStatus ?? 200;
    this.sent = this.sentLog.items;
    this.handlers = new Map<string, Handler>([
      ["getMe", () => this.ok({ id: this.botId, account_name: this.accountName, account_type: "BASIC", can_join_groups: false })],
      ["getUpdates", (p, ctx) => this.getUpdates(p, ctx.signal)],
      ["setWebhook", (p) => this.setWebhook(p)],
      [
        "deleteWebhook",
        () => {
          this.webhookState = undefined;
          return this.ok({ url: "", updated_at: Date.now() });
        },
      ],
      ["getWebhookInfo", () => this.ok({ url: this.webhookState?.url ?? "", updated_at: this.webhookState?.setAt ?? Date.now() })],
      ["sendMessage", (p) => this.sendMessage(p)],
      ["sendPhoto", (p) => this.sendPhoto(p)],
      ["sendSticker", (p) => this.sendSticker(p)],
      ["sendChatAction", (p) => this.sendChatAction(p)],
    ]);
  }

  // ------------------------------------------------------------------------------- test controls

  /** Queues an update for getUpdates (delivered one per call, in order) and wakes pending polls. */
  pushUpdate(update: ZaloUpdate): ZaloUpdate {
    this.queue.push(update);
    this.updatesArrived.notify();
    return update;
  }

  get pendingUpdates(): readonly ZaloUpdate[] {
    return this.queue;
  }

  /** Resolves with the first sent message matching `predicate` (already sent or sent later). */
  waitFor(predicate: (message: ZaloSent) => boolean, timeoutMs = 5000): Promise<ZaloSent> {
    return this.sentLog.until((items) => items.find(predicate), timeoutMs, "a sent message matching the predicate");
  }

  /** Resolves with the first `n` sent messages once that many were sent. */
  waitForSent(n: number, timeoutMs = 5000): Promise<ZaloSent[]> {
    return this.sentLog.until((items) => (items.length >= n ? items.slice(0, n) : undefined), timeoutMs, `${n} sent message(s)`);
  }

  /**
   * Delivers an update to a webhook as Zalo does: a JSON POST of `{"ok":true,"result":<update>}`
   * (or the bare update with `wrapped: false`) with the X-Bot-Api-Secret-Token header; returns the HTTP status.
   */
  async postWebhook(url: string, update: ZaloUpdate, secretToken?: string, { wrapped = true }: { wrapped?: boolean } = {}): Promise<number> {
    const headers: Record<string, string> = secretToken === undefined ? {} : { "X-Bot-Api-Secret-Token": secretToken };
    return (await postJson(url, wrapped ? { ok: true, result: update } : update, headers)).status;
  }

  // ------------------------------------------------------------------------------- update builders

  textMessage(options: ZaloIncomingOptions & { text: string }): ZaloUpdate {
    return { event_name: "message.text.received", message: { ...baseMessage(options), text: options.text } };
  }

  image(options: ZaloIncomingOptions & { photoUrl?: string; caption?: string }): ZaloUpdate {
    const message: ZaloMessage = { ...baseMessage(options), photo_url: options.photoUrl ?? "https://photo-stal-1.zdn.vn/fake/photo.jpg" };
    if (options.caption !== undefined) message.caption = options.caption;
    return { event_name: "message.image.received", message };
  }

  sticker(options: ZaloIncomingOptions & { sticker?: string; url?: string }): ZaloUpdate {
    const sticker = options.sticker ?? "d063f44dc80821567819";
    const url = options.url ?? `https://zalo-api.zadn.vn/api/emoticon/sticker/webpc?eid=${sticker}&size=130`;
    return { event_name: "message.sticker.received", message: { ...baseMessage(options), sticker, url } };
  }

  unsupported(options: ZaloIncomingOptions): ZaloUpdate {
    return { event_name: "message.unsupported.received", message: baseMessage(options) };
  }

  // ------------------------------------------------------------------------------- platform plumbing

  protected route(method: string): Handler | undefined {
    return this.handlers.get(method);
  }

  protected errorBody(status: number, description: string | undefined): unknown {
    return { ok: false, error_code: status, description: description ?? DESCRIPTIONS[status] ?? "Error" };
  }

  protected notFound(): Reply {
    return this.fail({ status: 404, description: "Not Found" });
  }

  protected recorders(): { close(reason: string): void }[] {
    return [this.sentLog];
  }

  private badRequest(description: string): Reply {
    return this.fail({ status: 400, description });
  }

  // ------------------------------------------------------------------------------- methods

  private async getUpdates(params: Params, signal: AbortSignal): Promise<Reply> {
    if (this.webhookState) return this.fail({ status: 409, description: "Conflict: getUpdates is not available while a webhook is set; call deleteWebhook first" });
    const timeout = params.timeout === undefined ? 30 : paramNumber(params, "timeout");
    if (timeout === undefined || timeout < 0) return this.badRequest("timeout must be a number of seconds");
    await longPoll(this.updatesArrived, () => this.queue.length > 0, Math.min(timeout, this.maxPollSeconds) * 1000, signal);
    if (signal.aborted) return "reset"; // the client is gone (or the fake stops): keep the update for the next poll
    const update = this.queue.shift();
    if (update) return this.ok(update);
    return { status: this.pollTimeoutStatus, body: this.errorBody(408, "Request timeout") };
  }

  private setWebhook(params: Params): Reply {
    const url = paramString(params, "url") ?? "";
    if (!/^https?:\/\/[^/\s]+/i.test(url)) return this.badRequest("url must be a valid HTTPS URL");
    const secretToken = paramString(params, "secret_token") ?? "";
    if (secretToken.length < 8 || secretToken.length > 256) return this.badRequest("secret_token must be between 8 and 256 characters");
    this.webhookState = { url, secretToken, setAt: Date.now() };
    return this.ok({ url, updated_at: this.webhookState.setAt });
  }

  private sendMessage(params: Params): Reply {
    const chatId = params.chat_id;
    if (typeof chatId !== "string" || chatId === "") return this.badRequest("chat_id is required");
    const text = paramString(params, "text") ?? "";
    if (text.length < 1 || text.length > MAX_TEXT) return this.badRequest(`text must be between 1 and ${MAX_TEXT} characters`);
    return this.gateChat(chatId) ?? this.record({ method: "sendMessage", chat_id: chatId, text });
  }

  private sendPhoto(params: Params): Reply {
    const chatId = params.chat_id;
    if (typeof chatId !== "string" || chatId === "") return this.badRequest("chat_id is required");
    const photo = paramString(params, "photo") ?? "";
    if (!/^https?:\/\/\S+$/i.test(photo)) return this.badRequest("photo must be a valid URL");
    const caption = paramString(params, "caption");
    if (caption !== undefined && (caption.length < 1 || caption.length > MAX_TEXT)) return this.badRequest(`caption must be between 1 and ${MAX_TEXT} characters`);
    return this.gateChat(chatId) ?? this.record({ method: "sendPhoto", chat_id: chatId, text: caption ?? "", photo });
  }

  private sendSticker(params: Params): Reply {
    const chatId = params.chat_id;
    if (typeof chatId !== "string" || chatId === "") return this.badRequest("chat_id is required");
    const sticker = paramString(params, "sticker") ?? "";
    if (sticker === "") return this.badRequest("sticker is required");
    return this.gateChat(chatId) ?? this.record({ method: "sendSticker", chat_id: chatId, text: "", sticker });
  }

  private sendChatAction(params: Params): Reply {
    const chatId = params.chat_id;
    if (typeof chatId !== "string" || chatId === "") return this.badRequest("chat_id is required");
    const action = paramString(params, "action") ?? "";
    if (!CHAT_ACTIONS.has(action)) return this.badRequest("action must be one of: typing, upload_photo");
    const gate = this.gateChat(chatId, false);
    if (gate) return gate;
    this.chatActions.push({ chat_id: chatId, action, at: Date.now() });
    return this.ok(undefined); // the documented answer is a bare {"ok":true}
  }

  private record(sent: Omit<ZaloSent, "message_id" | "at">): Reply {
    const at = Date.now();
    const message_id = zaloId();
    this.sentLog.push({ ...sent, message_id, at });
    return this.ok({ message_id, date: at });
  }
}

function zaloId(): string {
  return randomBytes(10).toString("hex");
}

function baseMessage(options: ZaloIncomingOptions): ZaloMessage {
  return {
    message_id: options.messageId ?? zaloId(),
    date: options.date ?? Date.now(),
    chat: { id: options.chatId, chat_type: options.chatType ?? "PRIVATE" },
    from: { id: options.userId ?? options.chatId, display_name: options.displayName ?? "Người dùng thử", is_bot: false },
  };
}
