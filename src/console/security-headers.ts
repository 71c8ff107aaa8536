// Security headers on every console response: the page Content-Security-Policy (our own scripts
// and styles only, no inline script anywhere in the console, no framing) on every response, JSON
// included, no caching of pages that show personal data (static assets set their own cache
// header). The server adds the headers every response gets (src/http/security-headers.ts).
import type { FastifyInstance } from "fastify";
import { PAGE_CSP as CSP } from "../http/security-headers.ts";

export function installSecurityHeaders(scope: FastifyInstance): void {
  scope.addHook("onSend", async (_request, reply, payload) => {
    reply.header("content-security-policy", CSP);
    reply.header("x-frame-options", "DENY");
    reply.header("cross-origin-opener-policy", "same-origin");
    reply.header("permissions-policy", "camera=(), microphone=(), geolocation=()");
    if (!reply.hasHeader("cache-control")) reply.header("cache-control", "no-store");
    return payload;
  });
}
