// GET /metrics for Prometheus, and the request-duration histogram behind it. With METRICS_TOKEN
// set, a scrape must send `Authorization: Bearer <token>` (401 otherwise); without it the route is
// open, for a scraper on a private network or behind the reverse proxy's own access rules.
import type { FastifyInstance } from "fastify";
import { secretMatches } from "../http/secret.ts";
import type { Metrics } from "./metrics.ts";

export function registerMetrics(server: FastifyInstance, opts: { metrics: Metrics; token: string | undefined }): void {
  const { metrics, token } = opts;
  server.addHook("onResponse", async (request, reply) => {
    // The route pattern (e.g. /api/v1/proposals/:code), never the raw URL: labels stay few.
    const route = request.routeOptions.url ?? "unmatched";
    metrics.requestTook({ method: request.method, route, status_code: reply.statusCode }, reply.elapsedTime / 1000);
  });
  server.get("/metrics", async (request, reply) => {
    if (token !== undefined && !secretMatches(bearerToken(request.headers.authorization), token)) {
      return reply
        .status(401)
        .header("www-authenticate", 'Bearer realm="metrics"')
        .send({ error: { code: "unauthorized", message: "a valid metrics token is required" } });
    }
    const { contentType, body } = await metrics.expose();
    return reply.header("content-type", contentType).header("cache-control", "no-store").send(body);
  });
}

function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "");
  return match?.[1];
}
