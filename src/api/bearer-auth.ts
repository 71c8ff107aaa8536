// Bearer-token authentication for the API: every request in the API's scope must carry
// `Authorization: Bearer ya_…` naming a live token of an active staff member; otherwise 401 with
// `WWW-Authenticate: Bearer` (RFC 6750). The caller is kept per request for the routes to read.
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Clock } from "../clock.ts";
import type { Db } from "../db/client.ts";
import { AppError } from "../errors.ts";
import { authenticateApiToken, type ApiCaller } from "../staff/authenticate-api-token.ts";

const callers = new WeakMap<FastifyRequest, ApiCaller>();

/** Adds the check to every route registered in `api` (an encapsulated Fastify context). */
export function requireBearerToken(api: FastifyInstance, db: Db, clock: Clock): void {
  api.addHook("onRequest", async (request, reply) => {
    const header = request.headers.authorization;
    const match = header ? /^Bearer[ \t]+(\S+)\s*$/i.exec(header) : null;
    if (!match) throw unauthorized(reply, 'Bearer realm="api"', "missing bearer token (send Authorization: Bearer <token>)");
    const caller = await authenticateApiToken({ db, token: match[1]!, now: clock.now() });
    if (!caller) throw unauthorized(reply, 'Bearer realm="api", error="invalid_token"', "invalid, revoked or inactive token");
    callers.set(request, caller);
  });
}

/** The staff member on whose behalf this request acts. */
export function callerOf(request: FastifyRequest): ApiCaller {
  const caller = callers.get(request);
  if (!caller) throw new AppError("unauthorized", { message: "request was not authenticated" });
  return caller;
}

function unauthorized(reply: FastifyReply, challenge: string, message: string): AppError {
  void reply.header("www-authenticate", challenge);
  return new AppError("unauthorized", { message });
}
