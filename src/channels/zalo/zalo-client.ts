// A small typed client of the Zalo Bot Platform API (the zalo-bot-sdk package does not exist on
// the registry): POST <apiRoot>/bot<TOKEN>/<method> with JSON, answers {"ok":true,"result":…} or
// {"ok":false,"error_code":…,"description":…}. Failures are an AppError "zalo.api" that names the
// call and keeps the cause, like grammY's GrammyError / HttpError.
import { z } from "zod";
import { AppError, isAppError } from "../../errors.ts";
import { ZaloEnvelope, unwrapUpdate, type ZaloUpdate } from "./zalo-types.ts";

/**
 * A failed call. `errorCode`: Zalo's error_code, or the HTTP status when the answer was not JSON;
 * 0 for network errors. `retryAfterSeconds`: from a Retry-After header, when Zalo sent one with a 429.
 */
export function zaloApiError(
  method: string,
  errorCode: number,
  description: string,
  opts: { cause?: unknown; retryAfterSeconds?: number } = {},
): AppError<"zalo.api"> {
  return new AppError("zalo.api", {
    message: `zalo ${method}: ${errorCode} ${description}`,
    cause: opts.cause,
    detail: { method, errorCode, description, ...(opts.retryAfterSeconds !== undefined ? { retryAfterSeconds: opts.retryAfterSeconds } : {}) },
  });
}

export interface ZaloClientOptions {
  token: string;
  apiRoot: string;
  timeoutMs: number;
}

export class ZaloClient {
  constructor(private readonly opts: ZaloClientOptions) {}

  private async call(
    method: string,
    body: Record<string, unknown>,
    timeoutMs = this.opts.timeoutMs,
    signal?: AbortSignal,
  ): Promise<unknown> {
    const url = `${this.opts.apiRoot}/bot${this.opts.token}/${method}`;
    let res: Response;
    try {
      res = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
        signal: signal ? AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]) : AbortSignal.timeout(timeoutMs),
      });
    } catch (err) {
      const reason = err instanceof Error && err.name === "TimeoutError" ? `timed out after ${timeoutMs} ms` : "network error";
      throw zaloApiError(method, 0, reason, { cause: err });
    }
    const text = await res.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (err) {
      throw zaloApiError(method, res.status, `non-JSON answer (HTTP ${res.status})`, { cause: err });
    }
    const envelope = ZaloEnvelope.safeParse(json);
    if (!envelope.success) throw zaloApiError(method, res.status, "malformed answer", { cause: envelope.error });
    if (!envelope.data.ok) {
      const retryAfter = Number(res.headers.get("retry-after"));
      throw zaloApiError(method, envelope.data.error_code, envelope.data.description, {
        ...(Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfterSeconds: retryAfter } : {}),
      });
    }
    return envelope.data.result;
  }

  async getMe(): Promise<{ id: string; account_name?: string }> {
    const result = await this.call("getMe", {});
    return z.looseObject({ id: z.union([z.string(), z.number()]).transform(String), account_name: z.string().optional() }).parse(result);
  }

  /**
   * Long polling: waits up to `timeoutSeconds` for one update. Returns null when none came; the
   * update is returned raw-validated, or as an error when Zalo sent something we cannot read.
   */
  async getUpdates(timeoutSeconds: number, signal?: AbortSignal): Promise<ZaloUpdate | null> {
    let result: unknown;
    try {
      result = await this.call("getUpdates", { timeout: String(timeoutSeconds) }, (timeoutSeconds + 10) * 1000, signal);
    } catch (err) {
      if (isAppError(err, "zalo.api") && err.detail.errorCode === 408) return null;
      throw err;
    }
    if (result === null || result === undefined || (Array.isArray(result) && result.length === 0)) return null;
    const first = Array.isArray(result) ? result[0] : result;
    const parsed = unwrapUpdate(first);
    if (!parsed.success) throw zaloApiError("getUpdates", 0, `unreadable update: ${parsed.error.issues[0]?.message ?? "invalid"}`);
    return parsed.data;
  }

  async setWebhook(url: string, secretToken: string): Promise<void> {
    await this.call("setWebhook", { url, secret_token: secretToken });
  }

  async deleteWebhook(): Promise<void> {
    await this.call("deleteWebhook", {});
  }

  async getWebhookInfo(): Promise<unknown> {
    return this.call("getWebhookInfo", {});
  }

  async sendMessage(chatId: string, text: string): Promise<void> {
    await this.call("sendMessage", { chat_id: chatId, text });
  }

  async sendPhoto(chatId: string, photo: string, caption?: string): Promise<void> {
    await this.call("sendPhoto", { chat_id: chatId, photo, ...(caption ? { caption } : {}) });
  }

  async sendChatAction(chatId: string, action: "typing" | "upload_photo" = "typing"): Promise<void> {
    await this.call("sendChatAction", { chat_id: chatId, action });
  }
}
