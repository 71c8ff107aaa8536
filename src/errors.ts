// The one error type. Every failure the code expects is an AppError with a code from ERROR_CODES
// below, the one list of codes and what each means. `message` is for logs (English, with
// context); `promptKey` names the user-safe text in prompts/; `detail` carries what the code that
// catches it needs (which field was bad, Zalo's error_code, whether a retry can help), typed per
// code in AppErrorDetail. A caught error is checked by its code: isAppError(err, "zalo.api").
// Each boundary converts an AppError once: the HTTP error handlers answer a request code as it is
// (status, code, message) and any other code as "internal"; start-up and the CLI print the message
// of config.invalid and cli.usage and exit.

export const ERROR_CODES = {
  // Request codes: what an HTTP (or chat) boundary tells the caller as it is.
  bad_request: { status: 400, means: "the input is invalid; detail.field names the field" },
  not_found: { status: 404, means: "no such thing, or one outside the caller's scope (the answer does not say which)" },
  unauthorized: { status: 401, means: "not signed in, or an unknown, revoked or inactive API token" },
  forbidden: { status: 403, means: 'signed in but not allowed; detail.reason "csrf" for a missing or wrong CSRF token' },
  conflict: { status: 409, means: "clashes with the current state: already answered or closed, an account that exists" },
  payload_too_large: { status: 413, means: "a body, message or file over its limit" },
  rate_limited: { status: 429, means: "too many requests; detail.retryAfterSeconds" },
  unavailable: { status: 503, means: "a part the request needs is down or busy; worth trying again later" },
  internal: { status: 500, means: "a bug or an unexpected failure: logged with its stack, answered with a generic message" },
  // Inner codes, "<part>.<what>": failures inside the service. The code that expects one catches it
  // with isAppError; one that reaches an HTTP boundary is answered as internal (500, generic).
  "config.invalid": { status: 500, means: "an environment variable is invalid; the message names it. Start-up and the CLI print it and exit 1" },
  "cli.usage": { status: 500, means: "the CLI was called wrongly or refused its input; it prints the message and exits 2" },
  "prompts.invalid": {
    status: 500,
    means: "prompts/<locale>.yaml lacks a key, has one the default lacks or changes a text's placeholders, or an unknown key was asked for",
  },
  "lexicon.invalid": { status: 500, means: "knowledge/lexicon.json cannot be read or has an invalid entry; the message says where" },
  "document.refused": {
    status: 500,
    means: "a document cannot be ingested (wrong type, too big, damaged, bad front matter, reading took too long); detail.reason tells the admin why; detail.busy: only the parse queue was full",
  },
  "parse.pdf": { status: 500, means: "a PDF cannot be read (damaged, encrypted, over the page limit); the parser turns it into document.refused" },
  "parse.docx": { status: 500, means: "a Word file cannot be read (an old .doc, protected, damaged); the parser turns it into document.refused" },
  "parse.zip": { status: 500, means: "a ZIP container (a .docx) is damaged, protected or would unpack too big; becomes parse.docx" },
  "zalo.api": {
    status: 500,
    means: "a Zalo Bot API call failed; detail.method, detail.errorCode (Zalo's error_code, the HTTP status of an answer that was not JSON, 0 without an answer), detail.retryAfterSeconds",
  },
  "channel.delivery": {
    status: 500,
    means: "a platform did not take a message; detail.failure says whether to retry (detail.retryAfterMs when the platform said when), mark the user unreachable, or give up",
  },
  "embedding.api": {
    status: 500,
    means: "the embeddings endpoint failed; detail.status (HTTP, if any), detail.retryable (429, 5xx, timeouts, network), detail.retryAfterMs",
  },
  "feed.fetch": {
    status: 500,
    means: "an opportunity feed could not be fetched or read; detail.reason (timeout, too_large, status, address, host, redirects, network, format) and detail.status (HTTP); recorded as the feed's last result",
  },
  "llm.api": { status: 500, means: "the language model endpoint failed or answered nothing usable; the extractive answer is used instead" },
} as const satisfies Record<string, { status: number; means: string }>;

export type AppErrorCode = keyof typeof ERROR_CODES;

/** The codes a boundary may answer with as they are. */
export const REQUEST_CODES = ["bad_request", "not_found", "unauthorized", "forbidden", "conflict", "payload_too_large", "rate_limited", "unavailable", "internal"] as const;
export type RequestCode = (typeof REQUEST_CODES)[number];

/** How a failed send ends: the outbox worker acts on it. */
export type DeliveryFailure =
  /** Try again later (5xx, timeout, network); `retryAfterMs` when the platform said when (429). */
  | "retry"
  /** The user blocked the bot or left: never retry, mark them unreachable. */
  | "unreachable"
  /** The request itself was wrong (400): retrying cannot help. */
  | "rejected";

/** What the code that catches an error of these codes reads; other codes carry a loose detail, if any. */
export interface AppErrorDetail {
  "zalo.api": { method: string; errorCode: number; description: string; retryAfterSeconds?: number | undefined };
  "channel.delivery": { failure: DeliveryFailure; retryAfterMs?: number | undefined };
  "document.refused": { fileName: string; reason: string; busy?: boolean | undefined };
  "embedding.api": { call: string; status?: number | undefined; retryable: boolean; retryAfterMs?: number | undefined };
  "feed.fetch": { reason: FeedFailure; status?: number | undefined };
}

/** Why a feed was not read: too slow, too big, an HTTP error, a private address, a name that does not resolve, too many redirects, no answer, or not a feed. */
export type FeedFailure = "timeout" | "too_large" | "status" | "address" | "host" | "redirects" | "network" | "format";

type DetailOf<C extends AppErrorCode> = [C] extends [keyof AppErrorDetail] ? AppErrorDetail[C] : Record<string, unknown> | undefined;

interface AppErrorOptions {
  message: string;
  promptKey?: string;
  vars?: Record<string, string | number>;
  cause?: unknown;
}

/** The codes of AppErrorDetail must say what the catcher needs; the others may add a loose detail. */
type OptionsFor<C extends AppErrorCode> = AppErrorOptions &
  ([C] extends [keyof AppErrorDetail] ? { detail: AppErrorDetail[C] } : { detail?: Record<string, unknown> });

export class AppError<C extends AppErrorCode = AppErrorCode> extends Error {
  override name = "AppError";
  readonly statusCode: number;
  readonly promptKey: string | undefined;
  readonly vars: Record<string, string | number>;
  /** What the code that catches it needs: typed per code in AppErrorDetail, loose for the others. */
  readonly detail: DetailOf<C>;

  constructor(
    readonly code: C,
    opts: OptionsFor<C>,
  ) {
    super(opts.message, { cause: opts.cause });
    this.statusCode = ERROR_CODES[code].status;
    this.promptKey = opts.promptKey;
    this.vars = opts.vars ?? {};
    this.detail = opts.detail as DetailOf<C>;
  }
}

/** An AppError of one of `codes` (of any code when none is given), with that code's typed detail. */
export function isAppError<C extends AppErrorCode = AppErrorCode>(err: unknown, ...codes: C[]): err is AppError<C> {
  return err instanceof AppError && (codes.length === 0 || (codes as readonly string[]).includes(err.code));
}

/** An error a boundary answers as it is (a request code); anything else it answers as internal. */
export function isRequestError(err: unknown): err is AppError<RequestCode> {
  return isAppError(err, ...REQUEST_CODES);
}
