// A fake Telegram Bot API server on 127.0.0.1 for tests. It speaks the real wire format
// (`/bot<TOKEN>/<method>`, JSON / urlencoded / multipart / query parameters, `{"ok":...}` answers,
// long-polling getUpdates with offsets, webhooks with X-Telegram-Bot-Api-Secret-Token), so grammY
// can talk to it through `client.apiRoot`. Tests push updates, inspect what was sent and inject failures.
import type { BotCommand, Chat, InlineKeyboardMarkup, Message, Update, User, UserFromGetMe } from "grammy/types";
import {
  FakeBotPlatform,
  Recorder,
  isRecord,
  longPoll,
  paramBoolean,
  paramJson,
  paramNumber,
  paramString,
  postJson,
  type Handler,
  type Params,
  type Reply,
} from "./fake-platform-common.ts";

export type { CallRecord, FailSpec, Params } from "./fake-platform-common.ts";

export interface FakeTelegramOptions {
  /** Default `123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11` (the form Telegram issues); the bot id is the part before ":". */
  token?: string;
  botName?: string;
  botUsername?: string;
  /** Per-chat sendMessage limit per second; exceeding it answers 429 with retry_after. Off by default. */
  perChatPerSecond?: number;
  /** The bot's sendMessage limit per second over all chats (Telegram's is about 30); exceeding it answers 429. Off by default. */
  perSecond?: number;
  /** Upper bound for getUpdates' `timeout` in seconds (Telegram's own is 50). */
  maxPollSeconds?: number;
}

/** One successful sendMessage, as the bot sent it. */
export interface SentMessage {
  chat_id: number | string;
  /** The text exactly as sent (with HTML tags / MarkdownV2 escapes). */
  text: string;
  /** The text Telegram shows: markup removed, entities decoded. */
  plainText: string;
  parse_mode: string | undefined;
  reply_markup: unknown;
  message_id: number;
  at: number;
}

export interface CallbackAnswer {
  callback_query_id: string;
  text: string | undefined;
  show_alert: boolean;
  at: number;
}

export interface ChatAction {
  chat_id: number | string;
  action: string;
  at: number;
}

export interface MarkupEdit {
  chat_id: number | string | undefined;
  message_id: number | undefined;
  inline_message_id: string | undefined;
  reply_markup: unknown;
  at: number;
}

/** Who sends an incoming message and where. */
export interface IncomingOptions {
  chatId: number;
  /** Defaults to chatId (in private chats they are equal). */
  userId?: number;
  firstName?: string;
  username?: string;
  languageCode?: string;
  chatType?: "private" | "group" | "supergroup";
  messageId?: number;
  updateId?: number;
  /** Unix seconds; default now. */
  date?: number;
}

export interface CallbackQueryOptions {
  chatId: number;
  userId?: number;
  data: string;
  /** The bot message whose button was pressed; defaults to the last message the bot sent to that chat. */
  messageId?: number;
  firstName?: string;
  username?: string;
  languageCode?: string;
  chatType?: "private" | "group" | "supergroup";
  updateId?: number;
}

const DEFAULT_TOKEN = "123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11";
const MAX_TEXT = 4096;
const CHAT_ACTIONS = new Set([
  "typing",
  "upload_photo",
  "record_video",
  "upload_video",
  "record_voice",
  "upload_voice",
  "upload_document",
  "choose_sticker",
  "find_location",
  "record_video_note",
  "upload_video_note",
]);
/** Update types Telegram leaves out unless allowed_updates names them. */
const OPT_IN_UPDATES = new Set(["chat_member", "message_reaction", "message_reaction_count"]);

const DESCRIPTIONS: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden: bot was blocked by the user",
  404: "Not Found",
  409: "Conflict",
  500: "Internal Server Error",
  502: "Bad Gateway",
};

export class FakeTelegram extends FakeBotPlatform {
  readonly botUser: UserFromGetMe;
  /** Every successful sendMessage in order. */
  readonly sent: SentMessage[];
  readonly callbackAnswers: CallbackAnswer[] = [];
  readonly chatActions: ChatAction[] = [];
  readonly markupEdits: MarkupEdit[] = [];
  protected readonly blockedDescription = "Forbidden: bot was blocked by the user";
  private readonly sentLog = new Recorder<SentMessage>((m) => `to ${m.chat_id}: ${JSON.stringify(m.text)}`);
  private readonly maxPollSeconds: number;
  private readonly handlers: Map<string, Handler>;
  private queue: Update[] = [];
  private nextUpdateId = 100_000_001;
  private nextMessageId = 1;
  private nextCallbackId = 1;
  private allowedUpdates: string[] | undefined;
  private activePoll: AbortController | undefined;
  private readonly commands = new Map<string, BotCommand[]>();
  private readonly chats = new Map<string, Chat>();
  private readonly botMessages = new Map<string, Message>();
  private readonly openCallbackQueries = new Set<string>();

  constructor(options: FakeTelegramOptions = {}) {
    const token = options.token ?? DEFAULT_TOKEN;
    super({ token, perChatPerSecond: options.perChatPerSecond, perSecond: options.perSecond });
    this.maxPollSeconds = options.maxPollSeconds ?? 50;
    this.sent = this.sentLog.items;
    this.botUser = {
      id: Number(token.split(":")[0]) || 123456,
      is_bot: true,
      first_name: options.botName ?? "Test Bot",
      username: options.botUsername ?? "test_bot",
      can_join_groups: true,
      can_read_all_group_messages: false,
      supports_inline_queries: false,
      supports_join_request_queries: false,
      can_connect_to_business: false,
      has_main_web_app: false,
      has_topics_enabled: false,
      allows_users_to_create_topics: false,
      can_manage_bots: false,
    };
    this.handlers = new Map<string, Handler>([
      ["getme", () => this.ok(this.botUser)],
      ["getupdates", (p, ctx) => this.getUpdates(p, ctx.signal)],
      ["setwebhook", (p) => this.setWebhook(p)],
      ["deletewebhook", (p) => this.deleteWebhook(p)],
      ["getwebhookinfo", () => this.ok(this.webhookInfo())],
      ["sendmessage", (p) => this.sendMessage(p)],
      ["sendchataction", (p) => this.sendChatAction(p)],
      ["setmycommands", (p) => this.setMyCommands(p)],
      ["getmycommands", (p) => this.ok(this.commands.get(commandsKey(p)) ?? [])],
      [
        "deletemycommands",
        (p) => {
          this.commands.delete(commandsKey(p));
          return this.ok(true);
        },
      ],
      ["answercallbackquery", (p) => this.answerCallbackQuery(p)],
      ["editmessagereplymarkup", (p) => this.editMessageReplyMarkup(p)],
    ]);
  }

  // ------------------------------------------------------------------------------- test controls

  /** Queues an update for getUpdates (assigning a fresh update_id if it has none) and wakes pending polls. */
  pushUpdate(update: Update | Omit<Update, "update_id">): Update {
    const full: Update = { ...update, update_id: "update_id" in update ? update.update_id : this.nextUpdateId++ };
    this.nextUpdateId = Math.max(this.nextUpdateId, full.update_id + 1);
    this.noteIncoming(full);
    this.queue = [...this.queue, full].sort((a, b) => a.update_id - b.update_id);
    this.updatesArrived.notify();
    return full;
  }

  /** Updates pushed but not yet confirmed by a getUpdates offset. */
  get pendingUpdates(): readonly Update[] {
    return this.queue;
  }

  /** Commands stored by setMyCommands for a scope (default `{type:"default"}`) and language ("" = all). */
  commandsFor(scope: Record<string, unknown> = { type: "default" }, languageCode = ""): BotCommand[] | undefined {
    return this.commands.get(commandsKey({ scope, language_code: languageCode }));
  }

  /** Resolves with the first sent message matching `predicate` (already sent or sent later). */
  waitFor(predicate: (message: SentMessage) => boolean, timeoutMs = 5000): Promise<SentMessage> {
    return this.sentLog.until((items) => items.find(predicate), timeoutMs, "a sent message matching the predicate");
  }

  /** Resolves with the first `n` sent messages once that many were sent. */
  waitForSent(n: number, timeoutMs = 5000): Promise<SentMessage[]> {
    return this.sentLog.until((items) => (items.length >= n ? items.slice(0, n) : undefined), timeoutMs, `${n} sent message(s)`);
  }

  /**
   * Settings for a service whose Telegram channel takes webhooks from this fake: sends are not
   * paced per chat (tests write faster than people) and the outbox is polled often.
   */
  webhookEnv(secret: string): Record<string, string> {
    return {
      TELEGRAM_BOT_TOKEN: this.token,
      TELEGRAM_API_ROOT: this.apiRoot,
      TELEGRAM_MODE: "webhook",
      TELEGRAM_WEBHOOK_SECRET: secret,
      PUBLIC_BASE_URL: "http://127.0.0.1:9",
      TELEGRAM_CHAT_RATE_PER_SECOND: "0",
      OUTBOX_POLL_MS: "50",
    };
  }

  /**
   * Delivers an update to a webhook the way Telegram does (JSON POST, secret header when given) and
   * returns the HTTP status. A JSON answer with a `method` field is executed as a webhook reply.
   */
  async postWebhook(url: string, update: Update, secretToken?: string): Promise<number> {
    this.noteIncoming(update);
    const headers: Record<string, string> = secretToken === undefined ? {} : { "X-Telegram-Bot-Api-Secret-Token": secretToken };
    const res = await postJson(url, update, headers);
    if (res.status === 200) await this.runWebhookReply(res.text);
    return res.status;
  }

  // ------------------------------------------------------------------------------- update builders

  textMessage(options: IncomingOptions & { text: string }): Update {
    const message = { ...this.baseMessage(options), text: options.text };
    const command = /^\/[A-Za-z0-9_]+(@[A-Za-z0-9_]+)?/.exec(options.text);
    const entities = command ? [{ type: "bot_command" as const, offset: 0, length: command[0].length }] : undefined;
    return { update_id: options.updateId ?? this.nextUpdateId++, message: entities ? { ...message, entities } : message };
  }

  callbackQuery(options: CallbackQueryOptions): Update {
    const chat = makeChat(options.chatId, options.chatType ?? "private", options);
    const messageId = options.messageId ?? this.lastBotMessageId(options.chatId) ?? this.nextMessageId++;
    const message: Message = this.botMessages.get(`${options.chatId}:${messageId}`) ?? {
      message_id: messageId,
      date: nowSeconds(),
      chat,
      from: this.botFrom(),
      text: "…",
    };
    const id = (4_000_000_000_000_000_000n + BigInt(this.nextCallbackId++)).toString();
    return {
      update_id: options.updateId ?? this.nextUpdateId++,
      callback_query: {
        id,
        from: makeUser(options),
        message: message as Message & Update.NonChannel,
        chat_instance: `-${(BigInt(options.chatId < 0 ? -options.chatId : options.chatId) * 7919n).toString()}`,
        data: options.data,
      },
    };
  }

  sticker(options: IncomingOptions & { emoji?: string }): Update {
    const n = this.nextMessageId;
    const sticker = {
      ...fileIds("CAACAgIAAxkBAAI", n),
      type: "regular" as const,
      width: 512,
      height: 512,
      is_animated: false,
      is_video: false,
      emoji: options.emoji ?? "👍",
      set_name: "TestStickers",
      file_size: 24_320,
    };
    return { update_id: options.updateId ?? this.nextUpdateId++, message: { ...this.baseMessage(options), sticker } };
  }

  photo(options: IncomingOptions & { caption?: string }): Update {
    const n = this.nextMessageId;
    const sizes: [number, number, number][] = [
      [90, 68, 1_450],
      [320, 240, 21_780],
      [1280, 960, 142_310],
    ];
    const photo = sizes.map(([width, height, file_size], i) => ({ ...fileIds(`AgACAgIAAxkBAAI${i}`, n), width, height, file_size }));
    const base = { ...this.baseMessage(options), photo };
    return { update_id: options.updateId ?? this.nextUpdateId++, message: options.caption === undefined ? base : { ...base, caption: options.caption } };
  }

  voice(options: IncomingOptions & { duration?: number }): Update {
    const voice = { ...fileIds("AwACAgIAAxkBAAI", this.nextMessageId), duration: options.duration ?? 3, mime_type: "audio/ogg", file_size: 9_870 };
    return { update_id: options.updateId ?? this.nextUpdateId++, message: { ...this.baseMessage(options), voice } };
  }

  // ------------------------------------------------------------------------------- platform plumbing

  protected route(method: string): Handler | undefined {
    return this.handlers.get(method.toLowerCase()); // Bot API method names are case-insensitive
  }

  protected errorBody(status: number, description: string | undefined, retryAfter: number | undefined): unknown {
    if (status === 429) {
      const wait = retryAfter ?? 1;
      return { ok: false, error_code: 429, description: description ?? `Too Many Requests: retry after ${wait}`, parameters: { retry_after: wait } };
    }
    return { ok: false, error_code: status, description: description ?? DESCRIPTIONS[status] ?? "Error" };
  }

  protected notFound(): Reply {
    return this.fail({ status: 404, description: "Not Found: method not found" });
  }

  protected recorders(): { close(reason: string): void }[] {
    return [this.sentLog];
  }

  private badRequest(description: string): Reply {
    return this.fail({ status: 400, description: `Bad Request: ${description}` });
  }

  // ------------------------------------------------------------------------------- methods

  private async getUpdates(params: Params, signal: AbortSignal): Promise<Reply> {
    if (this.webhookState) {
      return this.fail({
        status: 409,
        description: "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
      });
    }
    const offset = paramNumber(params, "offset") ?? 0;
    const limit = Math.min(100, Math.max(1, paramNumber(params, "limit") ?? 100));
    const timeout = Math.min(this.maxPollSeconds, Math.max(0, paramNumber(params, "timeout") ?? 0));
    const allowed = paramJson(params, "allowed_updates");
    if (Array.isArray(allowed)) this.allowedUpdates = allowed.filter((t): t is string => typeof t === "string");
    this.confirm(offset);

    // Telegram answers an older pending getUpdates with 409 when a newer one arrives (two bot instances).
    this.activePoll?.abort();
    const mine = new AbortController();
    this.activePoll = mine;
    await longPoll(this.updatesArrived, () => this.deliverable().length > 0, timeout * 1000, AbortSignal.any([signal, mine.signal]));
    if (this.activePoll === mine) this.activePoll = undefined;
    if (mine.signal.aborted) {
      return this.fail({ status: 409, description: "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running" });
    }
    return this.ok(this.deliverable().slice(0, limit));
  }

  private confirm(offset: number): void {
    if (offset > 0) this.queue = this.queue.filter((u) => u.update_id >= offset);
    else if (offset < 0) this.queue = this.queue.slice(offset);
  }

  private deliverable(): Update[] {
    const allowed = this.allowedUpdates && this.allowedUpdates.length > 0 ? new Set(this.allowedUpdates) : undefined;
    return this.queue.filter((u) => {
      const type = Object.keys(u).find((k) => k !== "update_id") ?? "";
      return allowed ? allowed.has(type) : !OPT_IN_UPDATES.has(type);
    });
  }

  private setWebhook(params: Params): Reply {
    const url = paramString(params, "url") ?? "";
    if (url === "") return this.deleteWebhook(params);
    if (!/^https?:\/\/[^/\s]+/i.test(url)) return this.badRequest("bad webhook: An HTTPS URL must be provided for webhook");
    const secretToken = paramString(params, "secret_token");
    if (secretToken !== undefined && !/^[A-Za-z0-9_-]{1,256}$/.test(secretToken)) {
      return this.badRequest("bad webhook: secret token contains unallowed characters");
    }
    const allowed = paramJson(params, "allowed_updates");
    if (Array.isArray(allowed)) this.allowedUpdates = allowed.filter((t): t is string => typeof t === "string");
    if (paramBoolean(params, "drop_pending_updates")) this.queue = [];
    const same = this.webhookState?.url === url;
    this.webhookState = { url, secretToken, setAt: Date.now() };
    this.activePoll?.abort();
    return this.ok(true, { description: same ? "Webhook is already set" : "Webhook was set" });
  }

  private deleteWebhook(params: Params): Reply {
    if (paramBoolean(params, "drop_pending_updates")) this.queue = [];
    const had = this.webhookState !== undefined;
    this.webhookState = undefined;
    return this.ok(true, { description: had ? "Webhook was deleted" : "Webhook is already deleted" });
  }

  private webhookInfo(): Record<string, unknown> {
    const info: Record<string, unknown> = { url: this.webhookState?.url ?? "", has_custom_certificate: false, pending_update_count: this.queue.length };
    if (this.webhookState) {
      info.max_connections = 40;
      info.ip_address = "127.0.0.1";
      if (this.allowedUpdates) info.allowed_updates = this.allowedUpdates;
    }
    return info;
  }

  private sendMessage(params: Params): Reply {
    const chatId = chatIdParam(params);
    if (chatId === undefined) return this.badRequest("chat_id is empty");
    if (typeof chatId === "string" && !this.chats.has(chatId)) return this.badRequest("chat not found");
    const text = paramString(params, "text") ?? "";
    const parseMode = paramString(params, "parse_mode");
    const parsed = plainTextOf(text, parseMode);
    if ("error" in parsed) return this.badRequest(parsed.error);
    if (parsed.text.trim() === "") return this.badRequest("message text is empty");
    if (parsed.text.length > MAX_TEXT) return this.badRequest("message is too long");
    const replyMarkup = paramJson(params, "reply_markup");
    const markupError = replyMarkup === undefined ? undefined : checkReplyMarkup(replyMarkup);
    if (markupError) return this.badRequest(markupError);
    const gate = this.gateChat(chatId);
    if (gate) return gate;

    const message_id = this.nextMessageId++;
    const message: Message = {
      message_id,
      from: this.botFrom(),
      chat: this.chatFor(chatId),
      date: nowSeconds(),
      text: parsed.text,
      ...(isInlineKeyboard(replyMarkup) ? { reply_markup: replyMarkup } : {}),
    };
    this.botMessages.set(`${chatId}:${message_id}`, message);
    this.sentLog.push({ chat_id: chatId, text, plainText: parsed.text, parse_mode: parseMode, reply_markup: replyMarkup, message_id, at: Date.now() });
    return this.ok(message);
  }

  private sendChatAction(params: Params): Reply {
    const chatId = chatIdParam(params);
    if (chatId === undefined) return this.badRequest("chat_id is empty");
    const action = paramString(params, "action") ?? "";
    if (!CHAT_ACTIONS.has(action)) return this.badRequest("wrong parameter action in request");
    const gate = this.gateChat(chatId, false);
    if (gate) return gate;
    this.chatActions.push({ chat_id: chatId, action, at: Date.now() });
    return this.ok(true);
  }

  private setMyCommands(params: Params): Reply {
    const commands = paramJson(params, "commands");
    if (!Array.isArray(commands) || commands.length > 100) return this.badRequest("can't parse commands JSON object");
    const valid: BotCommand[] = [];
    for (const c of commands) {
      if (!isRecord(c) || typeof c.command !== "string" || !/^[a-z0-9_]{1,32}$/.test(c.command)) return this.badRequest("BOT_COMMAND_INVALID");
      if (typeof c.description !== "string" || c.description.length < 1 || c.description.length > 256) {
        return this.badRequest("BOT_COMMAND_DESCRIPTION_INVALID");
      }
      valid.push({ command: c.command, description: c.description });
    }
    this.commands.set(commandsKey(params), valid);
    return this.ok(true);
  }

  private answerCallbackQuery(params: Params): Reply {
    const id = paramString(params, "callback_query_id") ?? "";
    const text = paramString(params, "text");
    if (text !== undefined && text.length > 200) return this.badRequest("MESSAGE_TOO_LONG");
    if (!this.openCallbackQueries.delete(id)) return this.badRequest("query is too old and response timeout expired or query ID is invalid");
    this.callbackAnswers.push({ callback_query_id: id, text, show_alert: paramBoolean(params, "show_alert"), at: Date.now() });
    return this.ok(true);
  }

  private editMessageReplyMarkup(params: Params): Reply {
    const replyMarkup = paramJson(params, "reply_markup");
    const markupError = replyMarkup === undefined ? undefined : checkReplyMarkup(replyMarkup);
    if (markupError) return this.badRequest(markupError);
    const inlineId = paramString(params, "inline_message_id");
    const chatId = chatIdParam(params);
    const messageId = paramNumber(params, "message_id");
    this.markupEdits.push({ chat_id: chatId, message_id: messageId, inline_message_id: inlineId, reply_markup: replyMarkup, at: Date.now() });
    if (inlineId !== undefined) return this.ok(true);
    if (chatId === undefined) return this.badRequest("chat_id is empty");
    if (messageId === undefined) return this.badRequest("message identifier is not specified");
    const key = `${chatId}:${messageId}`;
    const known = this.botMessages.get(key);
    if (known && JSON.stringify(known.reply_markup ?? null) === JSON.stringify(replyMarkup ?? null)) {
      return this.badRequest("message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message");
    }
    const base: Message = known ?? { message_id: messageId, date: nowSeconds(), chat: this.chatFor(chatId), from: this.botFrom(), text: "…" };
    const { reply_markup: _old, ...rest } = base;
    const edited: Message = isInlineKeyboard(replyMarkup) ? { ...rest, reply_markup: replyMarkup, edit_date: nowSeconds() } : { ...rest, edit_date: nowSeconds() };
    this.botMessages.set(key, edited);
    return this.ok(edited);
  }

  // ------------------------------------------------------------------------------- helpers

  private async runWebhookReply(text: string): Promise<void> {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return;
    }
    if (!isRecord(body) || typeof body.method !== "string") return;
    const { method, ...params } = body;
    const record = { method, params, at: Date.now(), status: undefined as number | undefined };
    this.callLog.push(record);
    const reply = await this.invoke(method, params, { signal: this.stopSignal });
    record.status = reply === "reset" ? 0 : reply.status;
    this.callLog.changed();
  }

  private noteIncoming(update: Update): void {
    const chat = update.message?.chat ?? update.edited_message?.chat ?? update.callback_query?.message?.chat;
    if (chat) {
      this.chats.set(String(chat.id), chat);
      if ("username" in chat && chat.username) this.chats.set(`@${chat.username}`, chat);
    }
    if (update.callback_query) this.openCallbackQueries.add(update.callback_query.id);
    const messageId = update.message?.message_id;
    if (messageId !== undefined) this.nextMessageId = Math.max(this.nextMessageId, messageId + 1);
  }

  private baseMessage(options: IncomingOptions): Message & Update.NonChannel {
    return {
      message_id: options.messageId ?? this.nextMessageId++,
      from: makeUser(options),
      chat: makeChat(options.chatId, options.chatType ?? "private", options),
      date: options.date ?? nowSeconds(),
    };
  }

  private botFrom(): User {
    return { id: this.botUser.id, is_bot: true, first_name: this.botUser.first_name, username: this.botUser.username };
  }

  private chatFor(chatId: number | string): Chat {
    const known = this.chats.get(String(chatId));
    if (known) return known;
    const id = Number(chatId);
    if (id > 0) return { id, type: "private", first_name: "User" };
    return String(id).startsWith("-100") ? { id, type: "supergroup", title: "Test supergroup" } : { id, type: "group", title: "Test group" };
  }

  private lastBotMessageId(chatId: number): number | undefined {
    return this.sent.findLast((m) => String(m.chat_id) === String(chatId))?.message_id;
  }
}

// ------------------------------------------------------------------------------- free helpers

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

function fileIds(prefix: string, n: number): { file_id: string; file_unique_id: string } {
  const tag = n.toString(36).padStart(6, "0");
  return { file_id: `${prefix}${tag}ZmFrZS1maWxlLWlk`, file_unique_id: `AQAD${tag}` };
}

function makeUser(options: { chatId: number; userId?: number; firstName?: string; username?: string; languageCode?: string }): User {
  return {
    id: options.userId ?? options.chatId,
    is_bot: false,
    first_name: options.firstName ?? "Test",
    ...(options.username ? { username: options.username } : {}),
    ...(options.languageCode ? { language_code: options.languageCode } : {}),
  };
}

type NonChannelChat = Chat.PrivateChat | Chat.GroupChat | Chat.SupergroupChat;

function makeChat(chatId: number, type: NonChannelChat["type"], options: { firstName?: string; username?: string }): NonChannelChat {
  if (type === "private") return { id: chatId, type, first_name: options.firstName ?? "Test", ...(options.username ? { username: options.username } : {}) };
  return { id: chatId, type, title: type === "group" ? "Test group" : "Test supergroup" };
}

/** chat_id as Telegram reads it: integers (also from form strings) or "@username". */
function chatIdParam(params: Params): number | string | undefined {
  const raw = params.chat_id;
  if (typeof raw === "number") return raw;
  if (typeof raw === "string" && /^-?\d+$/.test(raw)) return Number(raw);
  if (typeof raw === "string" && raw !== "") return raw;
  return undefined;
}

function commandsKey(params: Params): string {
  const scope = paramJson(params, "scope");
  return `${JSON.stringify(isRecord(scope) ? scope : { type: "default" })}|${paramString(params, "language_code") ?? ""}`;
}

/** Only validated (checkReplyMarkup) markup reaches this, so the shape check can stay shallow. */
function isInlineKeyboard(markup: unknown): markup is InlineKeyboardMarkup {
  return isRecord(markup) && Array.isArray(markup.inline_keyboard);
}

function checkReplyMarkup(markup: unknown): string | undefined {
  if (!isRecord(markup)) return "can't parse reply keyboard markup JSON object";
  if (!("inline_keyboard" in markup)) return undefined; // reply keyboards, remove_keyboard, force_reply
  const rows = markup.inline_keyboard;
  if (!Array.isArray(rows) || !rows.every(Array.isArray)) return "can't parse inline keyboard button: InlineKeyboardMarkup must be an Array of Arrays";
  for (const button of rows.flat() as unknown[]) {
    if (!isRecord(button) || typeof button.text !== "string") return "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard";
    if (typeof button.callback_data === "string") {
      const bytes = Buffer.byteLength(button.callback_data);
      if (bytes < 1 || bytes > 64) return "BUTTON_DATA_INVALID";
    } else if (typeof button.url === "string") {
      if (!/^(https?|tg):\/\/\S+$/i.test(button.url)) return `inline keyboard button URL '${button.url}' is invalid: Wrong HTTP URL`;
    } else if (!Object.keys(button).some((k) => k !== "text")) {
      return "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard";
    }
  }
  return undefined;
}

// ------------------------------------------------------------------------------- text formatting

const HTML_TAGS = new Set(["b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler", "a", "tg-emoji", "code", "pre", "blockquote"]);
const NAMED_ENTITIES: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"' };

/** The text Telegram would show for `text` in `parseMode`, or the "can't parse entities" reason. */
export function plainTextOf(text: string, parseMode: string | undefined): { text: string } | { error: string } {
  const mode = parseMode?.toLowerCase();
  if (mode === undefined || mode === "") return { text };
  if (mode === "html") return parseHtml(text);
  if (mode === "markdownv2") return parseMarkdownV2(text);
  if (mode === "markdown") return { text: text.replace(/[*_`]/g, "") };
  return { error: "unsupported parse_mode" };
}

/** `lt`, `#233`, `#xE9` → the character; undefined for what Telegram keeps literally (other named entities). */
function decodeEntity(ref: string): string | undefined {
  const code = /^#x/i.test(ref) ? parseInt(ref.slice(2), 16) : ref.startsWith("#") ? Number(ref.slice(1)) : undefined;
  if (code === undefined) return NAMED_ENTITIES[ref.toLowerCase()];
  return code <= 0x10ffff ? String.fromCodePoint(code) : undefined;
}

/** Rough Telegram HTML check: only supported tags, properly nested and closed. */
function parseHtml(html: string): { text: string } | { error: string } {
  const fail = (what: string): { error: string } => ({ error: `can't parse entities: ${what}` });
  const byteOffset = (i: number): number => Buffer.byteLength(html.slice(0, i));
  const open: string[] = [];
  let out = "";
  let i = 0;
  while (i < html.length) {
    const ch = html[i];
    if (ch === "<") {
      const end = html.indexOf(">", i);
      if (end === -1) return fail(`Unclosed start tag at byte offset ${byteOffset(i)}`);
      const tag = html.slice(i + 1, end);
      if (tag.startsWith("/")) {
        const name = tag.slice(1).trim().toLowerCase();
        const expected = open.pop();
        if (expected === undefined) return fail(`Unexpected end tag at byte offset ${byteOffset(i)}`);
        if (name !== expected) return fail(`Unmatched end tag at byte offset ${byteOffset(i)}, expected "</${expected}>", found "</${name}>"`);
      } else {
        const name = (/^[A-Za-z][\w-]*/.exec(tag)?.[0] ?? tag).toLowerCase();
        if (!HTML_TAGS.has(name)) return fail(`Unsupported start tag "${name}" at byte offset ${byteOffset(i)}`);
        if (name === "span" && !/class\s*=\s*"?tg-spoiler"?/.test(tag)) return fail(`Tag "span" must have class "tg-spoiler" at byte offset ${byteOffset(i)}`);
        open.push(name);
      }
      i = end + 1;
    } else if (ch === "&") {
      const m = /^&(#x[0-9a-f]+|#\d+|[a-z]+);/i.exec(html.slice(i, i + 12));
      const ref = m?.[1];
      const decoded = ref === undefined ? undefined : decodeEntity(ref);
      out += decoded ?? "&";
      i += decoded === undefined || !m ? 1 : m[0].length;
    } else {
      out += ch;
      i++;
    }
  }
  const unclosed = open.pop();
  if (unclosed !== undefined) return fail(`Can't find end tag corresponding to start tag "${unclosed}"`);
  return { text: out };
}

/**
 * Rough MarkdownV2 check: outside code, reserved characters that are not markup here (`.`, `!`, `-`,
 * `(` outside a link, `>` not starting a line, …) must be escaped. Markup toggles are not balanced-checked.
 */
function parseMarkdownV2(md: string): { text: string } | { error: string } {
  const reserved = (ch: string): { error: string } => ({ error: `can't parse entities: Character '${ch}' is reserved and must be escaped with the preceding '\\'` });
  let out = "";
  let i = 0;
  while (i < md.length) {
    const ch = md[i] ?? "";
    if (ch === "\\") {
      out += md[i + 1] ?? "";
      i += 2;
    } else if (ch === "`") {
      const fence = md.startsWith("```", i) ? "```" : "`";
      const end = md.indexOf(fence, i + fence.length);
      if (end === -1) return { error: `can't parse entities: Can't find end of Pre entity at byte offset ${Buffer.byteLength(md.slice(0, i))}` };
      out += md.slice(i + fence.length, end).replace(/\\([`\\])/g, "$1");
      i = end + fence.length;
    } else if (ch === "[" || (ch === "!" && md[i + 1] === "[")) {
      const link = /^!?\[([^\]]*)\]\(([^)]*)\)/.exec(md.slice(i));
      if (!link) return reserved(ch);
      out += link[1] ?? "";
      i += link[0].length;
    } else if ("#+-={}.!()]".includes(ch) || (ch === ">" && i > 0 && md[i - 1] !== "\n")) {
      return reserved(ch);
    } else {
      if (!"*_~|>".includes(ch)) out += ch;
      i++;
    }
  }
  return { text: out };
}
