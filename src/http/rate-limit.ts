// Request rate limits for the endpoints anyone can reach or that other systems call in a loop: the
// web chat per client address (its user ids are chosen by the browser, so only the address says
// who is sending), the public pages and their JSON twins per client address (each request runs
// several queries), and the JSON API per token. Requests sent straight from this machine itself
// (health checks, scripts) are not counted; that is decided from the socket, so neither a client
// writing "127.0.0.1" into X-Forwarded-For nor a local proxy forwarding others' requests is
// exempt (client-address.ts). Counters live in this process (@fastify/rate-limit's in-memory
// store), so with several instances behind a proxy a client may get up to N times the limit. The chat platforms' webhooks are not limited here:
// Telegram and Zalo pace themselves, and a refused update would only come back.
import rateLimit from "@fastify/rate-limit";
import type { FastifyInstance, FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from "fastify";
import { AppError } from "../errors.ts";
import { toLocale, type Prompts } from "../prompts.ts";
import { addressGroup, isFromThisMachine } from "./client-address.ts";

export interface RateRule {
  /** Names the counter; also keeps different rules' keys apart. */
  name: string;
  max: number;
  windowMs: number;
  /** Whose requests are counted together. */
  key: (request: FastifyRequest) => string;
}

/** Loads the plugin (routes opt in with limitRequests; nothing is limited globally). */
export async function installRateLimiting(app: FastifyInstance): Promise<void> {
  await app.register(rateLimit, { global: false });
}

/**
 * A preHandler that counts the request against `rule` and refuses it with 429, a Retry-After
 * header and `message` when it is over the limit.
 */
export function limitRequests(app: FastifyInstance, rule: RateRule, message: (request: FastifyRequest) => string): preHandlerAsyncHookHandler {
  return countRequests(app, rule).refuse(message);
}

/** One counter (the plugin keeps one store per limiter) that several routes may share, each refusing in its own words. */
export interface RateCounter {
  rule: RateRule;
  refuse(message: (request: FastifyRequest) => string): preHandlerAsyncHookHandler;
}

export function countRequests(app: FastifyInstance, rule: RateRule): RateCounter {
  const check = app.createRateLimit({ max: rule.max, timeWindow: rule.windowMs, keyGenerator: (request) => `${rule.name}:${rule.key(request)}` });
  return {
    rule,
    refuse: (message) => async (request: FastifyRequest, reply: FastifyReply) => {
      if (isFromThisMachine(request)) return;
      const verdict = await check(request);
      if (verdict.isAllowed || !verdict.isExceeded) return;
      void reply.header("retry-after", String(verdict.ttlInSeconds));
      request.log.warn({ rule: rule.name, max: rule.max, windowMs: rule.windowMs }, "rate limit reached; request refused");
      throw new AppError("rate_limited", { message: message(request), detail: { retryAfterSeconds: verdict.ttlInSeconds } });
    },
  };
}

/** The client's address (from X-Forwarded-For only via a TRUST_PROXY proxy), IPv6 by its /64. */
export const byClientAddress = (request: FastifyRequest): string => addressGroup(request.ip);

/**
 * The public pages and their JSON twins (/doi-thoai, /co-hoi, /api/v1/rounds, /api/v1/opportunities):
 * one counter per client address for all of them (made once in main.ts and handed to each), so a
 * script cannot keep the database busy by spreading its requests over several of them.
 */
export function countPublicReads(app: FastifyInstance, perMinute: number): RateCounter {
  return countRequests(app, { name: "public-reads", max: perMinute, windowMs: 60_000, key: byClientAddress });
}

/** The public pages' refusal, in the page's language (?lang=en) or else the browser's. */
export function pagesRefusal(prompts: Prompts, perMinute: number): (request: FastifyRequest) => string {
  return (request) => {
    const lang = (request.query as { lang?: unknown } | undefined)?.lang;
    const locale = lang === "en" || lang === "vi" ? lang : toLocale(request.headers["accept-language"]);
    return prompts.t(locale, "errors.pagesRateLimited", { max: perMinute });
  };
}
