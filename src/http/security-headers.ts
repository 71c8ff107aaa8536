// Security headers on every response the service sends. Pages (any text/html, whichever module
// made it: /chat, /privacy, console and error pages) get a Content-Security-Policy that runs only
// our own scripts and styles and may not be framed; everything else (JSON, assets, metrics) gets
// a policy that allows nothing, since none of it is meant to be rendered as a document. A module
// that sets its own policy (the console) keeps it.
import type { FastifyInstance, FastifyReply } from "fastify";

/** For HTML pages: no inline script or style, nothing from other origins, no framing. */
export const PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

/** For everything that is not a page. */
export const NON_PAGE_CSP = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export function installSecurityHeaders(app: FastifyInstance): void {
  app.addHook("onSend", async (_request, reply, payload) => {
    reply.header("x-content-type-options", "nosniff");
    reply.header("referrer-policy", "no-referrer");
    reply.header("x-frame-options", "DENY");
    const page = isHtml(reply);
    if (!reply.hasHeader("content-security-policy")) reply.header("content-security-policy", page ? PAGE_CSP : NON_PAGE_CSP);
    if (page) {
      reply.header("cross-origin-opener-policy", "same-origin");
      reply.header("permissions-policy", "camera=(), microphone=(), geolocation=()");
    }
    return payload;
  });
}

function isHtml(reply: FastifyReply): boolean {
  return /^\s*text\/html\b/i.test(String(reply.getHeader("content-type") ?? ""));
}
