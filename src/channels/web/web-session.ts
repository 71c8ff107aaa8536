// Who is talking in the web chat: a session the server issues as an HttpOnly cookie, never an id the
// client picks. The session value is a bearer secret (256 random bits); what is stored as the web
// chat's chatId/userId is its SHA-256, so someone who can read the database (or a backup, or the
// console's delivery list) still cannot present a cookie that continues the conversation. Nothing
// about a session is kept server-side: a restart, a second instance or a restored backup all accept
// the same cookie, and a chatId exists only once the session has sent a message.
import { createHash, randomBytes } from "node:crypto";
import type { FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";

export const WEB_SESSION_COOKIE = "chat_session";

/** A year: the conversation, proposal tracking and answers stay reachable while the page is in use. */
const MAX_AGE_SECONDS = 365 * 24 * 3600;

/** 32 random bytes in base64url; anything else in the cookie is treated as no session at all. */
const SessionValue = z.string().regex(/^[A-Za-z0-9_-]{43}$/);

export interface WebSessionOptions {
  /** Mark the cookie Secure even when the request itself did not arrive over https (COOKIE_SECURE). */
  secureCookie: boolean;
}

export interface WebSession {
  /** The id the conversation, the proposals and the outbox know this person by: sha256(session), hex. */
  chatId: string;
  /** True when this request started the session (and the response carries Set-Cookie). */
  issued: boolean;
}

export function newSessionValue(): string {
  return randomBytes(32).toString("base64url");
}

/** The stored web chat id of a session value. */
export function webChatId(session: string): string {
  return createHash("sha256").update(session).digest("hex");
}

/**
 * The request's session, or a new one set as a cookie on `reply`. A missing, malformed or forged
 * cookie is never an error: it only means a new, empty conversation. `refresh` re-sends a valid
 * cookie with a fresh Max-Age (done on page loads, so regular visitors keep their session).
 */
export function webSession(request: FastifyRequest, reply: FastifyReply, opts: WebSessionOptions & { refresh?: boolean }): WebSession {
  const presented = SessionValue.safeParse(request.cookies[WEB_SESSION_COOKIE]);
  const session = presented.success ? presented.data : newSessionValue();
  const issued = !presented.success;
  if (issued || opts.refresh) {
    void reply.setCookie(WEB_SESSION_COOKIE, session, {
      path: "/",
      httpOnly: true,
      // Lax, not Strict: a person who follows a link to /chat from another site (a school page,
      // Facebook) must arrive with their cookie, or the page would start them a new session and
      // overwrite the old one. Cross-site POSTs (send, ack) carry no Lax cookie, and the inbox GET
      // changes nothing and its JSON cannot be read across origins.
      sameSite: "lax",
      secure: opts.secureCookie || request.protocol === "https",
      maxAge: MAX_AGE_SECONDS,
    });
  }
  return { chatId: webChatId(session), issued };
}
