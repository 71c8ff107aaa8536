// The one error type at the HTTP boundary. A request code (bad_request, conflict…) is answered as
// it is: its status, code and message. A failure inside the service (a Zalo call, a document the
// parser refused, the embeddings endpoint) is answered as "internal" with a generic message, so
// what it says for the log (a URL, a vendor's reply) never reaches the client. And every code in
// the one list says what it means.
import Fastify from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError, ERROR_CODES, isAppError, isRequestError, REQUEST_CODES } from "../../src/errors.ts";
import { deliveryError } from "../../src/channels/channel.ts";
import { zaloApiError } from "../../src/channels/zalo/zalo-client.ts";
import { documentRefused } from "../../src/knowledge/document.ts";
import { embeddingApiError } from "../../src/knowledge/index/remote-embedder.ts";
import { installErrorHandler } from "../../src/http/errors.ts";

describe("AppError at the HTTP boundary", () => {
  const app = Fastify({ logger: false });
  const failures: Record<string, () => Error> = {
    "bad-request": () => new AppError("bad_request", { message: "text: must not be empty", detail: { field: "text" } }),
    conflict: () => new AppError("conflict", { message: "KN-2026-00001 is closed; re-open it before answering" }),
    zalo: () => zaloApiError("sendMessage", 401, "invalid access token"),
    document: () => documentRefused("quy-che.pdf", "the PDF is password-protected; upload an unprotected copy"),
    embeddings: () => embeddingApiError("POST http://10.0.0.5:11434/v1/embeddings", "HTTP 401: bad key", { status: 401 }),
  };
  beforeAll(async () => {
    installErrorHandler(app);
    for (const [name, make] of Object.entries(failures)) {
      app.get(`/${name}`, async () => {
        throw make();
      });
    }
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
  });

  it("answers a request code with its status, code, message and field", async () => {
    const res = await app.inject({ method: "GET", url: "/bad-request" });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ error: { code: "bad_request", message: "text: must not be empty", field: "text" } });
    const conflict = await app.inject({ method: "GET", url: "/conflict" });
    expect(conflict.statusCode).toBe(409);
    expect(conflict.json().error.code).toBe("conflict");
  });

  it.each(["zalo", "document", "embeddings"])("answers a failure inside the service (%s) as internal, saying nothing of it", async (name) => {
    const res = await app.inject({ method: "GET", url: `/${name}` });
    expect(res.statusCode).toBe(500);
    expect(res.json()).toEqual({ error: { code: "internal", message: "internal error" } });
  });
});

describe("the codes", () => {
  it("each say what they mean, and the request codes are the ones a boundary passes on", () => {
    for (const [code, { status, means }] of Object.entries(ERROR_CODES)) {
      expect(means.length, code).toBeGreaterThan(20);
      // Inner codes name their part: "<part>.<what>"; they are never passed on as they are.
      if (!(REQUEST_CODES as readonly string[]).includes(code)) {
        expect(code).toMatch(/^[a-z]+\.[a-z]+$/);
        expect(status).toBe(500);
      }
    }
  });

  it("are checked by code, with the detail the catcher needs", () => {
    const err: unknown = deliveryError("telegram sendMessage: 429 Too Many Requests", "retry", { retryAfterMs: 3000 });
    expect(isAppError(err, "zalo.api")).toBe(false);
    expect(isRequestError(err)).toBe(false);
    if (!isAppError(err, "channel.delivery")) throw new Error("expected a channel.delivery error");
    expect(err.detail).toEqual({ failure: "retry", retryAfterMs: 3000 });
    expect(err.message).toBe("telegram sendMessage: 429 Too Many Requests");
    expect(isAppError(zaloApiError("getUpdates", 408, "timeout"), "zalo.api", "channel.delivery")).toBe(true);
  });
});
