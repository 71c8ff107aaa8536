// Builds the Fastify server: body limits, JSON error handling, security headers, /healthz. Route
// modules (web chat, webhooks, console) register themselves on it; src/main.ts decides which.
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from "fastify";
import type { Logger } from "pino";
import type { Db } from "../db/client.ts";
import { installErrorHandler } from "./errors.ts";
import { installSecurityHeaders } from "./security-headers.ts";

export interface HealthSources {
  db: Db;
  /** What the knowledge base holds, and whether it is loaded yet (a start listens before: src/main.ts). */
  knowledge: { stats(): { documents: number; chunks: number }; isLoaded(): boolean };
  channels: () => Record<string, string>;
}

export function buildServer(opts: { logger: Logger; bodyLimit: number; trustProxy: readonly string[]; health: HealthSources }): FastifyInstance {
  const app: FastifyInstance = Fastify({
    loggerInstance: opts.logger as FastifyBaseLogger,
    bodyLimit: opts.bodyLimit,
    // Only the listed proxies (TRUST_PROXY) are believed: request.ip is the last address in
    // X-Forwarded-For that none of them added. A client that connects directly is known by its
    // socket address, whatever header it sends (trusting "one hop" from anyone let a direct client
    // choose the address that rate limits and sign-in delays count).
    trustProxy: opts.trustProxy.length > 0 ? [...opts.trustProxy] : false,
    // Fastify's own per-request lines are off: the onResponse hook below logs one line per request
    // with the path masked. (Through logController: the top-level disableRequestLogging option is
    // deprecated, FSTDEP023, and printed a warning at every start.)
    logController: new LogController({ disableRequestLogging: true }),
    return503OnClosing: true,
    forceCloseConnections: "idle",
  });
  installErrorHandler(app);

  installSecurityHeaders(app);
  app.addHook("onResponse", async (request, reply) => {
    request.log.info(
      { method: request.method, url: loggablePath(request.url), status: reply.statusCode, ms: Math.round(reply.elapsedTime) },
      "request",
    );
  });

  app.get("/healthz", async (_request, reply) => {
    const { db, knowledge, channels } = opts.health;
    try {
      await db.ping();
    } catch (err) {
      opts.logger.error({ err }, "health check: database unreachable");
      return reply.status(503).send({ status: "error", db: "error", reason: "database unreachable" });
    }
    const health = { status: "ok", ready: true, db: "ok", knowledge: knowledge.stats(), channels: channels() };
    // Pages are served but questions would wait: not yet ready for a load balancer's traffic.
    if (!knowledge.isLoaded()) return reply.status(503).send({ ...health, status: "starting", ready: false });
    return health;
  });

  return app;
}

/**
 * The path without its query, percent-decoded: the logger masks phone numbers and email addresses
 * only in readable text, and `%40` or `%20` inside a path hid them from it.
 */
function loggablePath(url: string): string {
  const path = url.split("?")[0] ?? "";
  try {
    return decodeURIComponent(path);
  } catch {
    return path; // malformed escapes: logged as sent
  }
}
