// Shared plumbing for the fake bot platforms (fake-telegram.ts, fake-zalo.ts): a node:http server
// that routes `/bot<TOKEN>/<method>`, parses JSON / urlencoded / multipart / query parameters,
// records every call, injects failures and delays, and wakes long polls when updates arrive.
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** Request parameters as they arrived: JSON values, or strings (and uploads) from forms and query strings. */
export type Params = Record<string, unknown>;

/** A multipart file part (grammY uploads `InputFile`s this way and refers to them as `attach://<name>`). */
export interface UploadedFile {
  filename: string;
  contentType: string;
  data: Buffer;
}

/** What a handler answers; `"reset"` destroys the connection instead, like a network failure. */
export type Reply = { status: number; body?: unknown; headers?: Record<string, string> } | "reset";

export interface CallContext {
  /** Aborted when the client disconnects, a newer call supersedes this one, or the fake stops. */
  signal: AbortSignal;
}

export type Handler = (params: Params, ctx: CallContext) => Reply | Promise<Reply>;

export interface CallRecord {
  method: string;
  params: Params;
  /** Arrival time (ms since epoch). */
  at: number;
  /** HTTP status of the answer; undefined while pending (e.g. a long poll), 0 for an injected reset, 499 when the client left first. */
  status: number | undefined;
}

/** An injected failure. `status: "reset"` drops the connection without an answer. */
export interface FailSpec {
  status: number | "reset";
  /** Seconds; sent as Telegram's `parameters.retry_after` (and as a `Retry-After` header). */
  retryAfter?: number;
  description?: string;
}

export interface FakePlatformOptions {
  token: string;
  /** Per-chat limit on send* calls in any sliding one-second window; exceeding it answers 429. Off by default. */
  perChatPerSecond?: number;
  /**
   * Limit on the bot's send* calls to all chats together in any sliding one-second window (Telegram:
   * about 30 a second per bot); exceeding it answers 429, counted in `botRateRefusals`. Off by default.
   */
  perSecond?: number;
}

// ---------------------------------------------------------------------------------------------
// Parameter access (form and query values are strings, JSON values are typed)

export function paramString(params: Params, key: string): string | undefined {
  const v = params[key];
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return undefined;
}

export function paramNumber(params: Params, key: string): number | undefined {
  const v = params[key];
  if (typeof v === "number") return v;
  if (typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

export function paramBoolean(params: Params, key: string): boolean {
  const v = params[key];
  return v === true || v === "true" || v === "1";
}

/** An object or array parameter; forms carry these JSON-serialized, as grammY and Telegram do. */
export function paramJson(params: Params, key: string): unknown {
  const v = params[key];
  if (typeof v !== "string") return v;
  try {
    return JSON.parse(v) as unknown;
  } catch {
    return v;
  }
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

// ---------------------------------------------------------------------------------------------
// Body parsing

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

class BadRequestBody extends Error {}

/** Query string merged with the body (JSON, x-www-form-urlencoded or multipart/form-data); the body wins. */
async function parseParams(req: IncomingMessage, url: URL): Promise<Params> {
  const params: Params = Object.fromEntries(url.searchParams);
  const body = await readBody(req);
  if (body.length === 0) return params;
  const type = (req.headers["content-type"] ?? "").toLowerCase();
  if (type.startsWith("application/x-www-form-urlencoded")) {
    return { ...params, ...Object.fromEntries(new URLSearchParams(body.toString("utf8"))) };
  }
  if (type.startsWith("multipart/form-data")) {
    const boundary = /boundary="?([^";]+)"?/i.exec(req.headers["content-type"] ?? "")?.[1];
    if (!boundary) throw new BadRequestBody("multipart body without boundary");
    return { ...params, ...parseMultipart(body, boundary) };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString("utf8"));
  } catch {
    throw new BadRequestBody("invalid JSON body");
  }
  if (!isRecord(parsed)) throw new BadRequestBody("JSON body must be an object");
  return { ...params, ...parsed };
}

/** Minimal multipart/form-data reader: text fields become strings, file parts become UploadedFile. */
function parseMultipart(body: Buffer, boundary: string): Params {
  const params: Params = {};
  const delimiter = Buffer.from(`--${boundary}`);
  let pos = body.indexOf(delimiter);
  while (pos !== -1) {
    const start = pos + delimiter.length;
    if (body.subarray(start, start + 2).toString() === "--") break;
    const next = body.indexOf(delimiter, start);
    if (next === -1) break;
    const part = body.subarray(start + 2, next - 2); // drop the CRLF after the delimiter and before the next
    const split = part.indexOf("\r\n\r\n");
    if (split !== -1) {
      const head = part.subarray(0, split).toString("utf8");
      const data = part.subarray(split + 4);
      const name = /name="([^"]*)"/i.exec(head)?.[1];
      const filename = /filename="?([^";\r\n]*)"?/i.exec(head)?.[1];
      if (name !== undefined) {
        params[name] =
          filename === undefined
            ? data.toString("utf8")
            : ({ filename, contentType: /content-type:\s*([^\r\n]+)/i.exec(head)?.[1] ?? "", data } satisfies UploadedFile);
      }
    }
    pos = next;
  }
  return params;
}

// ---------------------------------------------------------------------------------------------
// Recording with waiters that resolve on record (no polling)

interface Waiter<T> {
  check(items: readonly T[]): boolean;
  reject(err: Error): void;
}

export class Recorder<T> {
  readonly items: T[] = [];
  private readonly waiters = new Set<Waiter<T>>();

  constructor(private readonly describe: (item: T) => string) {}

  push(item: T): void {
    this.items.push(item);
    for (const w of [...this.waiters]) w.check(this.items);
  }

  /** Called after an item was changed in place (e.g. a call got its status). */
  changed(): void {
    for (const w of [...this.waiters]) w.check(this.items);
  }

  /** Resolves with the result of `pick` as soon as it is not undefined; rejects listing all items on timeout. */
  until<R>(pick: (items: readonly T[]) => R | undefined, timeoutMs: number, what: string): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      const waiter: Waiter<T> = {
        check: (items) => {
          const r = pick(items);
          if (r === undefined) return false;
          this.waiters.delete(waiter);
          clearTimeout(timer);
          resolve(r);
          return true;
        },
        reject: (err) => {
          this.waiters.delete(waiter);
          clearTimeout(timer);
          reject(err);
        },
      };
      const timer = setTimeout(() => waiter.reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${what}. ${this.listing()}`)), timeoutMs);
      this.waiters.add(waiter);
      waiter.check(this.items);
    });
  }

  listing(): string {
    if (this.items.length === 0) return "Nothing recorded.";
    return `Recorded so far (${this.items.length}):\n${this.items.map((item, i) => `  ${i + 1}. ${this.describe(item)}`).join("\n")}`;
  }

  /** Rejects every pending wait (used on stop so no test waits for a fake that is gone). */
  close(reason: string): void {
    for (const w of [...this.waiters]) w.reject(new Error(`${reason}. ${this.listing()}`));
  }
}

// ---------------------------------------------------------------------------------------------
// Long-poll wake-ups

export class Notifier {
  private readonly waiters = new Set<() => void>();

  notify(): void {
    for (const wake of [...this.waiters]) wake();
  }

  /** Resolves on notify(), after `ms`, or when `signal` aborts, whichever comes first. */
  wait(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise<void>((resolve) => {
      if (signal.aborted || ms <= 0) return resolve();
      const done = (): void => {
        clearTimeout(timer);
        signal.removeEventListener("abort", done);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener("abort", done);
      this.waiters.add(done);
    });
  }
}

/** Waits until `ready()` holds, `ms` elapse or `signal` aborts; returns whether `ready()` holds. */
export async function longPoll(notifier: Notifier, ready: () => boolean, ms: number, signal: AbortSignal): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!ready() && !signal.aborted && Date.now() < deadline) await notifier.wait(deadline - Date.now(), signal);
  return ready();
}

/** Sleeps `ms`, or less if `signal` aborts. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Notifier().wait(ms, signal);
}

// ---------------------------------------------------------------------------------------------
// Failure injection and per-chat rate limiting

const ANY = "*";

class Faults {
  private readonly next = new Map<string, { left: number; spec: FailSpec }[]>();
  private readonly windows = new Map<string, { until: number; spec: FailSpec }[]>();
  private readonly delays = new Map<string, number>();

  failNext(method: string, n: number, spec: FailSpec): void {
    if (n <= 0) return;
    const key = method.toLowerCase();
    this.next.set(key, [...(this.next.get(key) ?? []), { left: n, spec }]);
  }

  failFor(method: string, ms: number, spec: FailSpec): void {
    const key = method.toLowerCase();
    this.windows.set(key, [...(this.windows.get(key) ?? []), { until: Date.now() + ms, spec }]);
  }

  delay(method: string, ms: number): void {
    if (ms > 0) this.delays.set(method.toLowerCase(), ms);
    else this.delays.delete(method.toLowerCase());
  }

  /** The failure this call gets, if any; consumes one failNext use. Method-specific rules win over "*". */
  take(method: string): FailSpec | undefined {
    for (const key of [method.toLowerCase(), ANY]) {
      const queue = this.next.get(key);
      const head = queue?.[0];
      if (queue && head) {
        if (--head.left <= 0) queue.shift();
        return head.spec;
      }
      const now = Date.now();
      const open = (this.windows.get(key) ?? []).filter((w) => w.until > now);
      this.windows.set(key, open);
      if (open[0]) return open[0].spec;
    }
    return undefined;
  }

  delayFor(method: string): number {
    return this.delays.get(method.toLowerCase()) ?? this.delays.get(ANY) ?? 0;
  }

  clear(): void {
    this.next.clear();
    this.windows.clear();
    this.delays.clear();
  }
}

class ChatRateLimiter {
  private readonly recent = new Map<string, number[]>();

  constructor(private readonly perSecond: number | undefined) {}

  /** Counts this send; returns seconds to wait when the chat is over its limit (the send is then not counted). */
  hit(chatId: string): number | undefined {
    const wait = this.check(chatId);
    if (wait === undefined) this.count(chatId);
    return wait;
  }

  /** Seconds to wait when one more send to `chatId` would be over the limit; nothing is counted. */
  check(chatId: string): number | undefined {
    if (!this.perSecond) return undefined;
    const now = Date.now();
    const times = (this.recent.get(chatId) ?? []).filter((t) => t > now - 1000);
    this.recent.set(chatId, times);
    const oldest = times[0];
    if (times.length >= this.perSecond && oldest !== undefined) return Math.max(1, Math.ceil((oldest + 1000 - now) / 1000));
    return undefined;
  }

  count(chatId: string): void {
    if (this.perSecond) this.recent.set(chatId, [...(this.recent.get(chatId) ?? []), Date.now()]);
  }
}

// ---------------------------------------------------------------------------------------------
// The server and the test controls both fakes share

export interface WebhookState {
  url: string;
  secretToken: string | undefined;
  setAt: number;
}

export abstract class FakeBotPlatform {
  readonly token: string;
  /** Every request in arrival order; `status` is filled in when it is answered. */
  readonly calls: CallRecord[];
  protected readonly callLog = new Recorder<CallRecord>((c) => `${c.method} → ${c.status ?? "pending"} ${JSON.stringify(c.params)}`);
  protected readonly faults = new Faults();
  protected readonly updatesArrived = new Notifier();
  protected webhookState: WebhookState | undefined;
  private readonly blocked = new Set<string>();
  private readonly limiter: ChatRateLimiter;
  private readonly botLimiter: ChatRateLimiter;
  /** send* calls answered 429 because the bot as a whole was over `perSecond`. */
  botRateRefusals = 0;
  private readonly overrides = new Map<string, Handler>();
  private server: Server | undefined;
  private port = 0;
  private stopping = new AbortController();

  protected constructor(options: FakePlatformOptions) {
    this.token = options.token;
    this.limiter = new ChatRateLimiter(options.perChatPerSecond);
    this.botLimiter = new ChatRateLimiter(options.perSecond);
    this.calls = this.callLog.items;
  }

  /** The platform's handler for `method`, or undefined for an unknown method. */
  protected abstract route(method: string): Handler | undefined;
  /** The JSON error body the platform sends for this status. */
  protected abstract errorBody(status: number, description: string | undefined, retryAfter: number | undefined): unknown;
  /** Error body for a path that is not `/bot<token>/<method>` or a method that does not exist. */
  protected abstract notFound(): Reply;
  /** Description of the 403 a blocked chat gets. */
  protected abstract readonly blockedDescription: string;
  /** Recorders whose pending waits are rejected on stop. */
  protected abstract recorders(): { close(reason: string): void }[];

  get apiRoot(): string {
    if (!this.server) throw new Error("fake platform not started: call start() first");
    return `http://127.0.0.1:${this.port}`;
  }

  /** The webhook the bot registered with setWebhook, if any. */
  get webhook(): Readonly<WebhookState> | undefined {
    return this.webhookState;
  }

  async start(): Promise<void> {
    if (this.server) return;
    this.stopping = new AbortController();
    const server = createServer((req, res) => void this.onRequest(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(0, "127.0.0.1", () => resolve());
    });
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  /** Ends pending long polls and delays, closes every connection and the server, rejects pending waits. */
  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    this.stopping.abort();
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await closed;
    for (const r of [this.callLog, ...this.recorders()]) r.close("Fake platform stopped");
  }

  /** The next `n` calls of `method` ("*" = any method) fail with `spec`. */
  failNext(method: string, n: number, spec: FailSpec): void {
    this.faults.failNext(method, n, spec);
  }

  /** Every call of `method` ("*" = any method) fails with `spec` for the next `ms` milliseconds. */
  failFor(method: string, ms: number, spec: FailSpec): void {
    this.faults.failFor(method, ms, spec);
  }

  /** Calls of `method` ("*" = any) are answered `ms` later (0 removes the delay). A delayed call still takes effect after the delay even if the client gave up, as on a real server. */
  delay(method: string, ms: number): void {
    this.faults.delay(method, ms);
  }

  /** Removes every failNext, failFor and delay rule. */
  clearFaults(): void {
    this.faults.clear();
  }

  /** send* calls to this chat answer 403 as if the user blocked the bot. */
  blockChat(chatId: string | number): void {
    this.blocked.add(String(chatId));
  }

  unblockChat(chatId: string | number): void {
    this.blocked.delete(String(chatId));
  }

  /** Adds (or replaces) a method; `result` gives the `result` of an `{"ok":true}` answer. Calls still pass failure injection. */
  handle(method: string, result: (params: Params) => unknown): void {
    this.overrides.set(method.toLowerCase(), async (params) => this.ok(await result(params)));
  }

  /** Resolves with the first call matching `predicate` (a method name matches that method, case-insensitively). */
  waitForCall(predicate: string | ((call: CallRecord) => boolean), timeoutMs = 5000): Promise<CallRecord> {
    const match = typeof predicate === "string" ? (c: CallRecord) => c.method.toLowerCase() === predicate.toLowerCase() : predicate;
    return this.callLog.until((items) => items.find(match), timeoutMs, `a call matching ${typeof predicate === "string" ? predicate : "the predicate"}`);
  }

  /** Blocked chat → 403, over the bot's or the chat's rate limit → 429 (if `rateLimited`); undefined when the call may go ahead. */
  protected gateChat(chatId: string | number, rateLimited = true): Reply | undefined {
    const key = String(chatId);
    if (this.blocked.has(key)) return this.fail({ status: 403, description: this.blockedDescription });
    if (!rateLimited) return undefined;
    const botWait = this.botLimiter.check("*");
    if (botWait !== undefined) {
      this.botRateRefusals++;
      return this.fail({ status: 429, retryAfter: botWait });
    }
    const retryAfter = this.limiter.hit(key);
    if (retryAfter !== undefined) return this.fail({ status: 429, retryAfter });
    this.botLimiter.count("*");
    return undefined;
  }

  protected ok(result: unknown, extra: Record<string, unknown> = {}): Reply {
    return { status: 200, body: { ok: true, result, ...extra } };
  }

  protected fail(spec: FailSpec): Reply {
    if (spec.status === "reset") return "reset";
    const headers = spec.retryAfter !== undefined ? { "retry-after": String(spec.retryAfter) } : undefined;
    return { status: spec.status, body: this.errorBody(spec.status, spec.description, spec.retryAfter), headers };
  }

  /** Runs a call through overrides, failure injection, delays and the platform handler. */
  protected async invoke(method: string, params: Params, ctx: CallContext): Promise<Reply> {
    const handler = this.overrides.get(method.toLowerCase()) ?? this.route(method);
    if (!handler) return this.notFound();
    const failure = this.faults.take(method);
    const wait = this.faults.delayFor(method);
    if (wait > 0) {
      await sleep(wait, this.stopping.signal);
      if (this.stopping.signal.aborted) return "reset";
    }
    if (failure) return this.fail(failure);
    return handler(params, ctx);
  }

  /** Signal that aborts when the fake stops (for calls made without an HTTP request, e.g. webhook replies). */
  protected get stopSignal(): AbortSignal {
    return this.stopping.signal;
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const at = Date.now();
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const path = /^\/bot([^/]*)\/([^/]+)$/.exec(url.pathname);
    const record: CallRecord = { method: path?.[2] ?? url.pathname, params: {}, at, status: undefined };
    const clientGone = new AbortController();
    res.on("close", () => clientGone.abort());
    let reply: Reply;
    try {
      record.params = await parseParams(req, url);
      this.callLog.push(record);
      if (!path) reply = this.notFound();
      else if (path[1] !== this.token) reply = this.fail({ status: 401 });
      else reply = await this.invoke(record.method, record.params, { signal: AbortSignal.any([clientGone.signal, this.stopping.signal]) });
    } catch (err) {
      if (!this.callLog.items.includes(record)) this.callLog.push(record);
      reply = err instanceof BadRequestBody ? this.fail({ status: 400, description: err.message }) : this.fail({ status: 500, description: String(err) });
    }
    const clientLeft = res.destroyed || res.writableEnded;
    record.status = clientLeft ? 499 : reply === "reset" ? 0 : reply.status;
    this.callLog.changed();
    if (clientLeft) return;
    if (reply === "reset") {
      res.destroy();
      return;
    }
    res.writeHead(reply.status, { "content-type": "application/json", ...reply.headers });
    res.end(reply.body === undefined ? undefined : JSON.stringify(reply.body));
  }
}

// ---------------------------------------------------------------------------------------------
// Webhook delivery

/** POSTs a JSON body to `url` (a fresh connection, so nothing lingers in the app's server); returns status and body text. */
export function postJson(url: string, body: unknown, headers: Record<string, string>): Promise<{ status: number; text: string }> {
  const payload = Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: "POST",
        agent: false,
        headers: { "content-type": "application/json", "content-length": String(payload.length), connection: "close", ...headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(payload);
  });
}
