// The staff and admin console at /console: one encapsulated Fastify scope with its own cookie,
// form and upload parsing, Eta templates (HTML-escaped by default), security headers, session and
// CSRF guard, error pages, static assets, and the route modules. src/main.ts calls registerConsole.
import path from "node:path";
import { fileURLToPath } from "node:url";
import cookie from "@fastify/cookie";
import formbody from "@fastify/formbody";
import multipart from "@fastify/multipart";
import view from "@fastify/view";
import { Eta } from "eta";
import type { FastifyError, FastifyInstance } from "fastify";
import type { Logger } from "pino";
import { ZodError } from "zod";
import { AppError, isRequestError } from "../errors.ts";
import { zodToAppError } from "../http/errors.ts";
import { registerAssets } from "./assets.ts";
import { installGuard, wantsHtml } from "./auth/guard.ts";
import { renderPage, renderPublic } from "./render.ts";
import { registerAuditRoutes } from "./routes/audit-routes.ts";
import { registerAuthRoutes } from "./routes/auth-routes.ts";
import { registerBroadcastRoutes } from "./routes/broadcast-routes.ts";
import { registerDataRequestRoutes } from "./routes/data-request-routes.ts";
import { registerDashboardRoutes } from "./routes/dashboard-routes.ts";
import { registerDialogueRoutes } from "./routes/dialogue-routes.ts";
import { IMPORT_ROUTE, registerOpportunityRoutes } from "./routes/opportunity-routes.ts";
import { registerItemRoutes } from "./routes/item-routes.ts";
import { registerKnowledgeRoutes, UPLOAD_ROUTE } from "./routes/knowledge-routes.ts";
import { registerQueueRoutes } from "./routes/queue-routes.ts";
import { registerSettingsRoutes } from "./routes/settings-routes.ts";
import { registerTeachRoutes } from "./routes/teach-routes.ts";
import { registerUnansweredRoutes } from "./routes/unanswered-routes.ts";
import { installSecurityHeaders } from "./security-headers.ts";
import { strings } from "./strings.ts";
import type { ConsoleDeps } from "./deps.ts";

export type { ConsoleDeps } from "./deps.ts";

const viewsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), "views");


export function registerConsole(app: FastifyInstance, deps: ConsoleDeps): void {
  app.register(
    async (scope) => {
      const eta = new Eta({ views: viewsDir, autoEscape: true, cache: deps.config.env !== "development" });
      // Plain-text templates (Markdown drafts) are neither HTML-escaped nor trimmed: their output is
      // escaped later, where it is placed into a page.
      const text = new Eta({ views: viewsDir, autoEscape: false, autoTrim: false, cache: deps.config.env !== "development" });
      const full: ConsoleDeps = { ...deps, renderText: (template, data) => text.render(template, data) };
      await scope.register(cookie);
      await scope.register(formbody);
      await scope.register(multipart, { limits: { fileSize: deps.config.uploadMaxBytes, files: 1, fields: 10, fieldSize: 10_000 } });
      await scope.register(view, { engine: { eta }, templates: viewsDir, production: deps.config.env !== "development" });
      installSecurityHeaders(scope);
      installGuard(scope, { db: deps.db, ttlMs: deps.config.session.ttlMs, csrfInHandler: new Set([UPLOAD_ROUTE, IMPORT_ROUTE]), clock: deps.clock });
      installErrorPages(scope, deps.log);
      registerAssets(scope);
      registerDataRequestRoutes(scope, full); // first: its hook puts the overdue count on every page's navigation
      scope.get("/", async (_request, reply) => reply.redirect("/console/queue"));
      registerAuthRoutes(scope, full);
      registerQueueRoutes(scope, full);
      registerItemRoutes(scope, full);
      registerKnowledgeRoutes(scope, full);
      registerUnansweredRoutes(scope, full);
      registerTeachRoutes(scope, full);
      registerDashboardRoutes(scope, full);
      registerDialogueRoutes(scope, full);
      registerOpportunityRoutes(scope, full);
      registerBroadcastRoutes(scope, full);
      registerSettingsRoutes(scope, full);
      registerAuditRoutes(scope, full);
    },
    { prefix: "/console" },
  );
}

function toAppError(error: unknown): AppError {
  if (isRequestError(error)) return error;
  if (error instanceof ZodError) return zodToAppError(error, "body");
  const e = error as FastifyError;
  if (e.code === "FST_ERR_CTP_BODY_TOO_LARGE" || e.code === "FST_REQ_FILE_TOO_LARGE" || e.statusCode === 413) {
    return new AppError("payload_too_large", { message: "request body is too large" });
  }
  if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) return new AppError("bad_request", { message: e.message });
  return new AppError("internal", { message: "internal error", cause: error });
}

/** Errors as a page for browsers (in Vietnamese, inside the layout when signed in), JSON for fetch calls. */
function installErrorPages(scope: FastifyInstance, log: Logger): void {
  scope.setErrorHandler(async (error, request, reply) => {
    const appError = toAppError(error);
    if (appError.code === "internal") log.error({ err: error, url: request.url.split("?")[0] }, "console request failed");
    else request.log.info({ code: appError.code, reason: appError.message }, "console request refused");
    const csrf = appError.detail?.reason === "csrf";
    if (!wantsHtml(request)) {
      return reply.status(appError.statusCode).send({ error: { code: appError.code, message: appError.message } });
    }
    if (appError.code === "unauthorized") return reply.redirect("/console/login", 303);
    const data = {
      title: strings.errorTitle[appError.statusCode] ?? strings.errorTitle[500]!,
      message: csrf ? strings.err.csrf : (strings.err[appError.code] ?? strings.err.internal),
      detail: appError.code === "bad_request" || appError.code === "conflict" ? appError.message : null,
    };
    return renderPage(request, reply, "error", data, appError.statusCode).catch(() => renderPublic(reply, "error", data, appError.statusCode));
  });
  scope.setNotFoundHandler(async (request, reply) => {
    if (!wantsHtml(request)) return reply.status(404).send({ error: { code: "not_found", message: `no route for ${request.method} ${request.url.split("?")[0]}` } });
    const data = { title: strings.errorTitle[404]!, message: strings.err.not_found!, detail: null };
    return renderPage(request, reply, "error", data, 404).catch(() => renderPublic(reply, "error", data, 404));
  });
}
