// The console's gate: every request under /console except the login page and static assets must
// carry a live session cookie (pages without one are sent to the login page; fetch calls get a
// 401 JSON), and every POST must carry the session's CSRF token (form field _csrf or header
// x-csrf-token), else 403.
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Clock } from "../../clock.ts";
import type { Db } from "../../db/client.ts";
import { AppError } from "../../errors.ts";
import { secretMatches } from "../../http/secret.ts";
import { findSession, type ConsoleSession } from "./session-store.ts";

export const SESSION_COOKIE = "ya_console";
export const LOGIN_CSRF_COOKIE = "ya_console_login";

const sessions = new WeakMap<FastifyRequest, ConsoleSession>();

/** The session of an authenticated console request (the guard has already refused the others). */
export function sessionOf(request: FastifyRequest): ConsoleSession {
  const session = sessions.get(request);
  if (!session) throw new AppError("unauthorized", { message: "no console session" });
  return session;
}

/** Browsers navigating ask for HTML; fetch calls and htmx requests get JSON errors. */
export function wantsHtml(request: FastifyRequest): boolean {
  return String(request.headers.accept ?? "").includes("text/html") && request.headers["hx-request"] === undefined;
}

export function isPublicPath(url: string): boolean {
  const path = url.split("?")[0]!;
  return path === "/console/login" || path.startsWith("/console/assets/");
}

/** Throws 403 unless `given` is the expected CSRF token. */
export function checkCsrf(given: unknown, expected: string): void {
  const value = typeof given === "object" && given !== null && "value" in given ? (given as { value: unknown }).value : given;
  if (!secretMatches(value, expected)) throw new AppError("forbidden", { message: "missing or wrong CSRF token", detail: { reason: "csrf" } });
}

export function installGuard(scope: FastifyInstance, deps: { db: Db; ttlMs: number; csrfInHandler: ReadonlySet<string>; clock: Clock }): void {
  scope.addHook("onRequest", async (request, reply) => {
    if (isPublicPath(request.url)) return;
    const token = request.cookies[SESSION_COOKIE];
    const session = token ? await findSession(deps.db, token, deps.ttlMs, deps.clock.now()) : null;
    if (session) {
      sessions.set(request, session);
      return;
    }
    return deny(request, reply);
  });

  scope.addHook("preHandler", async (request) => {
    if (request.method !== "POST" || isPublicPath(request.url)) return;
    if (deps.csrfInHandler.has(request.routeOptions.url ?? "")) return; // multipart: the handler reads the field
    const body = (request.body ?? {}) as Record<string, unknown>;
    checkCsrf(request.headers["x-csrf-token"] ?? body._csrf, sessionOf(request).csrfToken);
  });
}

function deny(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (wantsHtml(request)) {
    const next = request.method === "GET" ? `?next=${encodeURIComponent(request.url)}` : "";
    return reply.redirect(`/console/login${next}`, request.method === "GET" ? 302 : 303);
  }
  return reply.status(401).send({ error: { code: "unauthorized", message: "log in to the console first" } });
}
