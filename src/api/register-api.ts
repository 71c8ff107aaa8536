// The JSON API for other government systems under /api/v1: bearer-token authentication, the
// proposal and document routes, and the OpenAPI document. src/main.ts calls registerApi().
import type { FastifyInstance } from "fastify";
import { limitRequests } from "../http/rate-limit.ts";
import { callerOf, requireBearerToken } from "./bearer-auth.ts";
import { registerDocumentRoutes } from "./document-routes.ts";
import { registerBroadcastRoutes } from "./broadcast-routes.ts";
import { buildOpenApiDocument } from "./openapi.ts";
import { registerProposalRoutes } from "./proposal-routes.ts";
import { registerOpportunityRoutes } from "./opportunity-routes.ts";
import { registerRoundRoutes } from "./round-routes.ts";
import type { ApiDeps } from "./deps.ts";

export type { ApiDeps } from "./deps.ts";

export const API_PREFIX = "/api/v1";


export function registerApi(app: FastifyInstance, deps: ApiDeps): void {
  const openapi = JSON.stringify(buildOpenApiDocument());
  // Outside the authenticated context: integrators read it before they have a token.
  app.get(`${API_PREFIX}/openapi.json`, async (_request, reply) => {
    return reply.header("content-type", "application/json; charset=utf-8").header("cache-control", "public, max-age=300").send(openapi);
  });
  // Public data (the same as /doi-thoai and /co-hoi), outside the authenticated context: no token
  // needed, so counted per client address with the public pages (one counter for all of them).
  void app.register(async (pub) => {
    const perAddress = deps.publicReads.rule.max;
    pub.addHook("preHandler", deps.publicReads.refuse(() => `rate limit: at most ${perAddress} requests a minute per address to the public pages and their API; see Retry-After`));
    registerRoundRoutes(pub, deps, API_PREFIX);
    registerOpportunityRoutes(pub, deps, API_PREFIX);
  });
  void app.register(
    async (api) => {
      requireBearerToken(api, deps.db, deps.clock);
      const perMinute = deps.config.rateLimits.apiPerMinute;
      api.addHook(
        "preHandler",
        limitRequests(
          api,
          { name: "api-token", max: perMinute, windowMs: 60_000, key: (request) => callerOf(request).tokenId },
          () => `rate limit: at most ${perMinute} requests a minute per token; see Retry-After`,
        ),
      );
      // Answers to other systems are never cached by a proxy in between.
      api.addHook("onSend", async (_request, reply, payload) => {
        void reply.header("cache-control", "no-store");
        return payload;
      });
      registerProposalRoutes(api, deps);
      registerDocumentRoutes(api, deps);
      registerBroadcastRoutes(api, deps);
    },
    { prefix: API_PREFIX },
  );
  deps.log.debug({ prefix: API_PREFIX }, "JSON API registered");
}
