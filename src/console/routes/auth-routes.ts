// Signing in and out, and changing one's password. The login form has its own CSRF token (a
// cookie and a hidden field that must match) since there is no session yet; repeated failures on
// an account or from an address make the next attempts wait a little longer each time (answered
// 429 with Retry-After, see auth/sign-in-delays.ts), never lock the account.
import { randomBytes } from "node:crypto";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { AppError } from "../../errors.ts";
import { addressGroup } from "../../http/client-address.ts";
import { secretMatches } from "../../http/secret.ts";
import { changePassword } from "../../staff/change-password.ts";
import { LOGIN_CSRF_COOKIE, SESSION_COOKIE, sessionOf } from "../auth/guard.ts";
import { logIn } from "../auth/log-in.ts";
import { createSession, endSession } from "../auth/session-store.ts";
import { SignInDelays } from "../auth/sign-in-delays.ts";
import { formOf } from "../forms.ts";
import type { ConsoleDeps } from "../deps.ts";
import { redirectWith, renderPage, renderPublic } from "../render.ts";
import { strings } from "../strings.ts";

/** Only paths inside the console, so the login page cannot be used to redirect elsewhere. */
function safeNext(next: string | undefined): string {
  return next && /^\/console(\/[^/\\]|$|\?)/.test(next) && !next.startsWith("/console/login") ? next : "/console/queue";
}

export function registerAuthRoutes(scope: FastifyInstance, deps: ConsoleDeps): void {
  const delays = new SignInDelays({ clock: deps.clock });
  const cookieBase = { path: "/console", httpOnly: true, sameSite: "lax" as const, secure: deps.config.session.secureCookie };

  const loginPage = (request: FastifyRequest, reply: FastifyReply, status: number, opts: { next?: string | undefined; email?: string; error?: string; info?: string }) => {
    // Keep an existing token, so a second tab or a retry after a typo still matches the cookie.
    const existing = request.cookies[LOGIN_CSRF_COOKIE];
    const token = existing && /^[\w-]{32}$/.test(existing) ? existing : randomBytes(24).toString("base64url");
    reply.setCookie(LOGIN_CSRF_COOKIE, token, { ...cookieBase, maxAge: 3600 });
    return renderPublic(reply, "login", { title: "Đăng nhập", loginCsrf: token, next: safeNext(opts.next), email: opts.email ?? "", error: opts.error ?? null, info: opts.info ?? null }, status);
  };

  scope.get<{ Querystring: { next?: string; bye?: string } }>("/login", async (request, reply) =>
    loginPage(request, reply, 200, { next: request.query.next, ...(request.query.bye ? { info: strings.login.loggedOut } : {}) }),
  );

  scope.post("/login", async (request, reply) => {
    const form = formOf(request.body);
    if (!secretMatches(form._csrf, request.cookies[LOGIN_CSRF_COOKIE] ?? "")) {
      return loginPage(request, reply, 403, { next: form.next, email: form.email ?? "", error: strings.login.csrf });
    }
    const result = await logIn({ db: deps.db, delays, email: form.email ?? "", password: form.password ?? "", address: addressGroup(request.ip), now: deps.clock.now() });
    if (!result.ok) {
      const wait = result.retryAfterSeconds;
      if (result.reason === "wait") {
        request.log.info({ scope: result.scope, retryAfterSeconds: wait }, "sign-in attempt refused: still waiting after failures");
        void reply.header("retry-after", String(wait));
        const error = result.scope === "account" ? strings.login.accountWait(wait) : strings.login.addressWait(wait);
        return loginPage(request, reply, 429, { next: form.next, email: form.email ?? "", error });
      }
      const error = wait > 0 ? strings.login.invalidWait(wait) : strings.login.invalid;
      return loginPage(request, reply, 401, { next: form.next, email: form.email ?? "", error });
    }
    const session = await createSession(deps.db, result.staffId, deps.config.session.ttlMs, deps.clock.now());
    reply.setCookie(SESSION_COOKIE, session.token, { ...cookieBase, maxAge: Math.floor(deps.config.session.ttlMs / 1000) });
    reply.clearCookie(LOGIN_CSRF_COOKIE, { path: "/console" });
    return reply.redirect(safeNext(form.next), 303);
  });

  scope.post("/logout", async (request, reply) => {
    await endSession(deps.db, sessionOf(request));
    reply.clearCookie(SESSION_COOKIE, { path: "/console" });
    return reply.redirect("/console/login?bye=1", 303);
  });

  scope.get("/account", async (request, reply) => renderPage(request, reply, "account", { title: strings.nav.account }));

  scope.post("/account/password", async (request, reply) => {
    const session = sessionOf(request);
    const form = formOf(request.body);
    try {
      if ((form.newPassword ?? "") !== (form.confirmPassword ?? "")) {
        throw new AppError("bad_request", { message: "the new passwords differ", detail: { field: "newPassword" } });
      }
      await changePassword({ db: deps.db, actor: session.actor, currentPassword: form.currentPassword ?? "", newPassword: form.newPassword ?? "", keepSessionId: session.id });
    } catch (err) {
      if (err instanceof AppError && err.code === "bad_request") return redirectWith(reply, "/console/account", { err: String(err.detail?.field ?? "bad_request") });
      throw err;
    }
    return redirectWith(reply, "/console/account", { ok: "password" });
  });
}
