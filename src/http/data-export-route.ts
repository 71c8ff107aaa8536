// GET /my-data/<token>: the one-time download of a person's data as JSON (the link /dulieucuatoi
// gives). 404 for an unknown link or one that belongs to another web chat session (which stays
// usable by its owner), 410 once used or expired. The web chat session is read from its cookie in
// this route's own scope; main.ts says how a cookie value maps to the web chat id.
import cookie from "@fastify/cookie";
import type { FastifyInstance } from "fastify";
import { systemClock, type Clock } from "../clock.ts";
import type { Db } from "../db/client.ts";
import { collectUserData } from "../privacy/collect-user-data.ts";
import { redeemExportLink } from "../privacy/data-export-link.ts";
import { byClientAddress, limitRequests } from "./rate-limit.ts";

export const DATA_EXPORT_PATH = "/my-data";

export interface DataExportRouteDeps {
  db: Db;
  retentionDays: number;
  /** The web chat session cookie's name, and the stored web chat id of a cookie value. */
  webSession: { cookie: string; chatIdOf: (value: string) => string };
  /** Decides whether a link has expired. */
  clock?: Clock;
}

export function registerDataExportRoute(app: FastifyInstance, deps: DataExportRouteDeps): void {
  app.register(async (scope) => {
    await scope.register(cookie);
    const limit = limitRequests(scope, { name: "data-export", max: 30, windowMs: 60_000, key: byClientAddress }, () => "Too many requests");
    scope.get<{ Params: { token: string } }>(`${DATA_EXPORT_PATH}/:token`, { preHandler: limit }, async (request, reply) => {
      const presented = request.cookies[deps.webSession.cookie];
      const webChatId = typeof presented === "string" && presented.length > 0 ? deps.webSession.chatIdOf(presented) : null;
      const now = (deps.clock ?? systemClock).now();
      const result = await redeemExportLink({ db: deps.db, token: request.params.token, webChatId, now });
      reply.header("cache-control", "no-store");
      if (!result.ok) {
        request.log.info({ reason: result.reason }, "data export link refused");
        const gone = result.reason === "gone";
        return reply.status(gone ? 410 : 404).send({
          error: { code: gone ? "gone" : "not_found", message: gone ? "this link was already used or has expired" : "no such link" },
        });
      }
      const data = await collectUserData({ db: deps.db, userId: result.userId, retentionDays: deps.retentionDays, withMessages: true, now });
      return reply
        .header("content-type", "application/json; charset=utf-8")
        .header("content-disposition", `attachment; filename="du-lieu-cua-toi-${data.generatedAt.slice(0, 10)}.json"`)
        .send(JSON.stringify(data, null, 2));
    });
  });
}
