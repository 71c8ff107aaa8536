// The web chat, the embedded default channel: a page at /chat, `POST /api/chat` that answers at
// once, and `GET /api/chat/inbox` for messages that reach the user later (a staff answer, a status
// change), which the page polls and then acknowledges with `POST /api/chat/inbox/ack`. Who is
// talking is the session cookie the server issues (web-session.ts), never an id in the request.
// Like every adapter it only translates HTTP to our message types.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import cookie from "@fastify/cookie";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { z } from "zod";
import { systemClock, type Clock } from "../../clock.ts";
import type { Conversation } from "../../conversation/conversation.ts";
import { MAX_TEXT_LENGTH } from "../../conversation/conversation.ts";
import type { Db } from "../../db/client.ts";
import { AppError } from "../../errors.ts";
import { zodToAppError } from "../../http/errors.ts";
import { isFromThisMachine } from "../../http/client-address.ts";
import { byClientAddress, limitRequests } from "../../http/rate-limit.ts";
import { toLocale, type Prompts } from "../../prompts.ts";
import { renderChatPage } from "./chat-page.ts";
import { ackWebInbox, INBOX_BATCH, readWebInbox } from "./web-inbox.ts";
import { webSession } from "./web-session.ts";

const assetsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), "assets");

/**
 * Older clients sent an id they made up themselves. It is still accepted (and validated) so they
 * keep working, but it identifies nobody: the session cookie does.
 */
const WebUserId = z.string().trim().min(1).max(64).regex(/^[\w.:@-]+$/, "may contain letters, digits and . _ : @ - only");

/** `text`, or `choice` (the id of a button the bot offered, sent when the person presses it), or both. */
export const WebChatInput = z
  .object({
    user: WebUserId.optional(),
    text: z.string().max(MAX_TEXT_LENGTH).optional(),
    choice: z.string().trim().min(1).max(64).optional(),
  })
  .refine((b) => (b.text ?? "").trim().length > 0 || b.choice !== undefined, { message: "must not be empty", path: ["text"] });

const InboxQuery = z.object({ user: WebUserId.optional() });

/** The ids of inbox messages the page has shown. */
export const InboxAck = z.object({ ids: z.array(z.number().int().positive()).min(1).max(INBOX_BATCH) });

export interface WebChatDeps {
  conversation: Conversation;
  db: Db;
  prompts: Prompts;
  /** Requests a minute per client address (rate-limit.ts). */
  limits: { perIpPerMinute: number };
  /** COOKIE_SECURE: the session cookie is Secure even behind a proxy that speaks http to us. */
  secureCookie?: boolean;
  /** When a message arrived (the flood window and the dialogue's deadlines read it). */
  clock?: Clock;
}

export function registerWebChat(app: FastifyInstance, deps: WebChatDeps): void {
  const assets = new Map(
    ["chat.js", "chat.css"].map((name) => [name, readFileSync(path.join(assetsDir, name), "utf8")] as const),
  );
  const cookieOpts = { secureCookie: deps.secureCookie ?? false };
  const clock = deps.clock ?? systemClock;

  // Its own scope, so the cookie plugin here and the console's (in its scope) never meet.
  app.register(async (scope) => {
    await scope.register(cookie);

    scope.get("/chat", async (request, reply) => {
      webSession(request, reply, { ...cookieOpts, refresh: true });
      // no-store: a shared cache must never hand one person's Set-Cookie to the next visitor.
      return reply
        .header("content-type", "text/html; charset=utf-8")
        .header("cache-control", "no-store")
        .send(renderChatPage(deps.prompts));
    });

    scope.get<{ Params: { name: string } }>("/chat/assets/:name", async (request, reply) => {
      const body = assets.get(request.params.name);
      if (body === undefined) throw new AppError("not_found", { message: `no asset ${request.params.name}` });
      const type = request.params.name.endsWith(".js") ? "text/javascript" : "text/css";
      return reply.header("content-type", `${type}; charset=utf-8`).header("cache-control", "public, max-age=300").send(body);
    });

    const slowDown = (request: FastifyRequest) =>
      deps.prompts.t(toLocale(request.headers["accept-language"]), "errors.rateLimited");
    const minute = 60_000;
    const chatLimit = limitRequests(scope, { name: "web-chat", max: deps.limits.perIpPerMinute, windowMs: minute, key: byClientAddress }, slowDown);
    // The page polls every 5 seconds (12 a minute per open tab) and acknowledges what it showed.
    const inboxLimit = limitRequests(scope, { name: "web-inbox", max: deps.limits.perIpPerMinute * 4, windowMs: minute, key: byClientAddress }, slowDown);
    const ackLimit = limitRequests(scope, { name: "web-inbox-ack", max: deps.limits.perIpPerMinute * 4, windowMs: minute, key: byClientAddress }, slowDown);

    scope.post("/api/chat", { preHandler: chatLimit }, async (request, reply) => {
      const parsed = WebChatInput.safeParse(request.body ?? {});
      if (!parsed.success) throw zodToAppError(parsed.error, "body", ["text"]);
      const { text, choice } = parsed.data;
      const { chatId } = webSession(request, reply, cookieOpts);
      const arrived = clock.now();
      const result = await deps.conversation.handle({
        channel: "web",
        chatId,
        userId: chatId,
        text: text ?? "",
        messageId: `${chatId}:${arrived.getTime()}`,
        date: arrived,
        ...(choice ? { choice } : {}),
        // Like the rate limits: requests from this machine itself are not counted per address.
        ...(isFromThisMachine(request) ? {} : { address: byClientAddress(request) }),
      });
      if (!result) throw new AppError("internal", { message: "web chat message was treated as a duplicate" });
      void reply.header("cache-control", "no-store");
      return {
        replies: result.replies.map((r) => (r.choices ? { text: r.text, choices: r.choices } : { text: r.text })),
        kind: result.kind,
        sources: result.sources,
        ...(result.proposal ? { proposal: result.proposal } : {}),
      };
    });

    scope.get("/api/chat/inbox", { preHandler: inboxLimit }, async (request, reply) => {
      const parsed = InboxQuery.safeParse(request.query);
      if (!parsed.success) throw zodToAppError(parsed.error, "query");
      const { chatId, issued } = webSession(request, reply, cookieOpts);
      void reply.header("cache-control", "no-store");
      return { messages: issued ? [] : await readWebInbox(deps.db, chatId) };
    });

    scope.post("/api/chat/inbox/ack", { preHandler: ackLimit }, async (request, reply) => {
      const parsed = InboxAck.safeParse(request.body ?? {});
      if (!parsed.success) throw zodToAppError(parsed.error, "body");
      const { chatId, issued } = webSession(request, reply, cookieOpts);
      void reply.header("cache-control", "no-store");
      return { acknowledged: issued ? 0 : await ackWebInbox(deps.db, chatId, parsed.data.ids, clock.now()) };
    });
  });
}
