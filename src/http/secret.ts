// Constant-time comparison of a shared secret sent in a request header (webhooks, tokens).
import { timingSafeEqual } from "node:crypto";
import type { FastifyReply, FastifyRequest } from "fastify";

export function secretMatches(given: unknown, expected: string): boolean {
  if (typeof given !== "string") return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * An onRequest hook that refuses a request without the shared secret in `header` with 401, before
 * the body is read: an unauthenticated caller costs us no parsing and reaches no code.
 */
export function requireSecretHeader(header: string, secret: string, what: string) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if (!secretMatches(request.headers[header], secret)) {
      request.log.warn({ ip: request.ip }, `${what}: wrong secret token`);
      return reply.status(401).send({ error: { code: "unauthorized", message: "wrong secret token" } });
    }
  };
}
