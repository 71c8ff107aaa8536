// Embeddings from an OpenAI-compatible HTTP endpoint (POST {baseUrl}/embeddings): batching,
// timeouts, retries of what can succeed later (429, 5xx, network), and one error type that
// names the failed call. All network I/O of the embedder lives here, so this is also where personal
// data (phone numbers, emails, ID numbers, street addresses) is masked out of every text before it
// leaves the process: questions are typed by young people, and the endpoint may be a third party's.
// Documents are masked the same way, so questions and passages stay in one vector space.

import { Embeddings } from "@langchain/core/embeddings";
import { z } from "zod";
import { systemClock } from "../../clock.ts";
import { AppError, isAppError } from "../../errors.ts";
import { maskForRemote } from "../../privacy/redact-text.ts";
import type { FingerprintedEmbeddings } from "./embedder.ts";

export interface OpenAICompatibleOptions {
  /** e.g. "https://api.openai.com/v1" (no trailing /embeddings). */
  baseUrl: string;
  model: string;
  apiKey?: string;
  /** Expected vector length; checked on every response and part of the fingerprint. */
  dimensions?: number;
  /** Texts per request. */
  batchSize?: number;
  timeoutMs?: number;
  /** Further attempts after a retryable failure. */
  maxRetries?: number;
  /** First wait before a retry without Retry-After; doubles each time. */
  backoffMs?: number;
}

/**
 * The embeddings endpoint failed (AppError "embedding.api"): `call` says which request, `status` the
 * HTTP status if any; `retryable` for failures that may pass on a later try (429, 5xx, timeouts,
 * network errors).
 */
export function embeddingApiError(
  call: string,
  message: string,
  opts: { status?: number; retryable?: boolean; retryAfterMs?: number | undefined; cause?: unknown } = {},
): AppError<"embedding.api"> {
  return new AppError("embedding.api", {
    message: `${call} failed: ${message}`,
    cause: opts.cause,
    detail: { call, status: opts.status, retryable: opts.retryable ?? false, retryAfterMs: opts.retryAfterMs },
  });
}

const EmbeddingResponse = z.object({
  data: z.array(z.object({ embedding: z.array(z.number()), index: z.number().int().nonnegative() })),
});

const MAX_WAIT_MS = 30_000;

export class OpenAICompatibleEmbeddings extends Embeddings implements FingerprintedEmbeddings {
  readonly fingerprint: string;
  private readonly url: string;
  private readonly opts: Required<Omit<OpenAICompatibleOptions, "apiKey" | "dimensions">> & Pick<OpenAICompatibleOptions, "apiKey" | "dimensions">;

  constructor(opts: OpenAICompatibleOptions) {
    super({});
    const baseUrl = opts.baseUrl.replace(/\/+$/, "");
    this.url = `${baseUrl}/embeddings`;
    this.opts = { batchSize: 64, timeoutMs: 30_000, maxRetries: 2, backoffMs: 500, ...opts, baseUrl };
    // Without a configured length the model name stands for its vector space.
    this.fingerprint = `openai:${baseUrl}:${opts.model}:${opts.dimensions ?? "auto"}`;
  }

  async embedDocuments(documents: string[]): Promise<number[][]> {
    const out: number[][] = [];
    const batches = Math.ceil(documents.length / this.opts.batchSize);
    for (let b = 0; b < batches; b++) {
      const batch = documents.slice(b * this.opts.batchSize, (b + 1) * this.opts.batchSize);
      const call = `POST ${this.url} (model ${this.opts.model}, batch ${b + 1}/${batches}, ${batch.length} texts)`;
      out.push(...(await this.withRetries(call, () => this.request(call, batch))));
    }
    return out;
  }

  async embedQuery(document: string): Promise<number[]> {
    const [vector] = await this.embedDocuments([document]);
    if (!vector) throw embeddingApiError(`POST ${this.url}`, "no embedding returned");
    return vector;
  }

  private async request(call: string, input: string[]): Promise<number[][]> {
    let response: Response;
    try {
      response = await fetch(this.url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          ...(this.opts.apiKey ? { authorization: `Bearer ${this.opts.apiKey}` } : {}),
        },
        body: JSON.stringify({ model: this.opts.model, input: input.map(maskForRemote) }),
        signal: AbortSignal.timeout(this.opts.timeoutMs),
      });
    } catch (err) {
      const timedOut = err instanceof Error && err.name === "TimeoutError";
      const message = timedOut ? `no answer within ${this.opts.timeoutMs} ms` : `network error (${String(err)})`;
      throw embeddingApiError(call, message, { retryable: true, cause: err });
    }
    if (!response.ok) {
      const body = (await response.text().catch(() => "")).slice(0, 300);
      throw embeddingApiError(call, `HTTP ${response.status}${body ? `: ${body}` : ""}`, {
        status: response.status,
        retryable: response.status === 429 || response.status >= 500,
        retryAfterMs: retryAfter(response.headers.get("retry-after")),
      });
    }
    const parsed = EmbeddingResponse.safeParse(await response.json().catch(() => null));
    if (!parsed.success) throw embeddingApiError(call, `unexpected response (${parsed.error.issues[0]?.message ?? "invalid"})`);
    const vectors = [...parsed.data.data].sort((a, b) => a.index - b.index).map((d) => d.embedding);
    if (vectors.length !== input.length) throw embeddingApiError(call, `expected ${input.length} embeddings, got ${vectors.length}`);
    const wrong = this.opts.dimensions !== undefined && vectors.find((v) => v.length !== this.opts.dimensions);
    if (wrong) throw embeddingApiError(call, `expected ${this.opts.dimensions} dimensions, got ${wrong.length}`);
    return vectors;
  }

  /** Retries 429 (honouring Retry-After), 5xx, timeouts and network errors; never other 4xx. */
  private async withRetries<T>(call: string, attempt: () => Promise<T>): Promise<T> {
    for (let n = 0; ; n++) {
      try {
        return await attempt();
      } catch (err) {
        if (!isAppError(err, "embedding.api") || !err.detail.retryable || n >= this.opts.maxRetries) throw err;
        await sleep(Math.min(MAX_WAIT_MS, err.detail.retryAfterMs ?? this.opts.backoffMs * 2 ** n));
      }
    }
  }
}

/** Retry-After as milliseconds to wait: seconds, or an HTTP date compared with `now`. */
function retryAfter(header: string | null, now: Date = systemClock.now()): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now.getTime());
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
