// The one error type for expected failures. `message` is for logs (English, with context);
// `promptKey` names the user-safe text in prompts/; `statusCode` is what an HTTP boundary answers.
// Each boundary (HTTP error handler, bot error handler) converts an AppError once.

export type AppErrorCode =
  | "bad_request"
  | "not_found"
  | "unauthorized"
  | "forbidden"
  | "conflict"
  | "payload_too_large"
  | "rate_limited"
  | "unavailable"
  | "internal";

const statusOf: Record<AppErrorCode, number> = {
  bad_request: 400,
  not_found: 404,
  unauthorized: 401,
  forbidden: 403,
  conflict: 409,
  payload_too_large: 413,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
};

export class AppError extends Error {
  override name = "AppError";
  readonly statusCode: number;
  readonly promptKey: string | undefined;
  readonly vars: Record<string, string | number>;
  /** Extra JSON-safe detail for API clients (e.g. which field was bad). */
  readonly detail: Record<string, unknown> | undefined;

  constructor(
    readonly code: AppErrorCode,
    opts: {
      message: string;
      promptKey?: string;
      vars?: Record<string, string | number>;
      detail?: Record<string, unknown>;
      cause?: unknown;
    },
  ) {
    super(opts.message, { cause: opts.cause });
    this.statusCode = statusOf[code];
    this.promptKey = opts.promptKey;
    this.vars = opts.vars ?? {};
    this.detail = opts.detail;
  }
}
