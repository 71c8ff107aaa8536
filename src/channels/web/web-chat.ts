// The web chat, the embedded default channel: a page at /chat, `POST /api/chat` that answers at
// once, and `GET /api/chat/inbox` for messages that reach the user later (a staff answer, a status
// change), which the page polls. Like every adapter it only translates HTTP to our message types.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { z } from "zod";
import type { Conversation } from "../../conversation/conversation.ts";
import { MAX_TEXT_LENGTH } from "../../conversation/conversation.ts";
import type { Db } from "../../db/client.ts";
import { AppError } from "../../errors.ts";
import { zodToAppError } from "../../http/errors.ts";
import { byClientAddress, limitRequests } from "../../http/rate-limit.ts";
import { toLocale, type Prompts } from "../../prompts.ts";
import { renderChatPage } from "./chat-page.ts";

const assetsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), "assets");

/** The client picks its own id (kept in the browser), so no account is needed to try the bot. */
const WebUserId = z.string().trim().min(1).max(64).regex(/^[\w.:@-]+$/, "may contain letters, digits and . _ : @ - only");

/** `text`, or `choice` (the id of a button the bot offered, sent when the person presses it), or both. */
export const WebChatInput = z
  .object({
    user: WebUserId,
    text: z.string().max(MAX_TEXT_LENGTH).optional(),
    choice: z.string().trim().min(1).max(64).optional(),
  })
  .refine((b) => (b.text ?? "").trim().length > 0 || b.choice !== undefined, { message: "must not be empty", path: ["text"] });

const InboxQuery = z.object({ user: WebUserId });

export interface WebChatDeps {
  conversation: Conversation;
  db: Db;
  prompts: Prompts;
  /** Requests a minute per client address (rate-limit.ts). */
  limits: { perIpPerMinute: number };
}

export function registerWebChat(app: FastifyInstance, deps: WebChatDeps): void {
  const assets = new Map(
    ["chat.js", "chat.css"].map((name) => [name, readFileSync(path.join(assetsDir, name), "utf8")] as const),
  );

  app.get("/chat", async (_request, reply) => {
    return reply
      .header("content-type", "text/html; charset=utf-8")
      .header("cache-control", "no-cache")
      .send(renderChatPage(deps.prompts));
  });

  app.get<{ Params: { name: string } }>("/chat/assets/:name", async (request, reply) => {
    const body = assets.get(request.params.name);
    if (body === undefined) throw new AppError("not_found", { message: `no asset ${request.params.name}` });
    const type = request.params.name.endsWith(".js") ? "text/javascript" : "text/css";
    return reply.header("content-type", `${type}; charset=utf-8`).header("cache-control", "public, max-age=300").send(body);
  });

  const slowDown = (request: FastifyRequest) =>
    deps.prompts.t(toLocale(request.headers["accept-language"]), "errors.rateLimited");
  const minute = 60_000;
  const chatLimit = limitRequests(app, { name: "web-chat", max: deps.limits.perIpPerMinute, windowMs: minute, key: byClientAddress }, slowDown);
  // The page polls every 5 seconds: 12 a minute per open tab.
  const inboxLimit = limitRequests(app, { name: "web-inbox", max: deps.limits.perIpPerMinute * 4, windowMs: minute, key: byClientAddress }, slowDown);

  app.post("/api/chat", { preHandler: chatLimit }, async (request) => {
    const parsed = WebChatInput.safeParse(request.body ?? {});
    if (!parsed.success) throw zodToAppError(parsed.error, "body", ["text"]);
    const { user, text, choice } = parsed.data;
    const result = await deps.conversation.handle({
      channel: "web",
      chatId: user,
      userId: user,
      text: text ?? "",
      messageId: `${user}:${Date.now()}`,
      date: new Date(),
      ...(choice ? { choice } : {}),
    });
    if (!result) throw new AppError("internal", { message: "web chat message was treated as a duplicate" });
    return {
      replies: result.replies.map((r) => (r.choices ? { text: r.text, choices: r.choices } : { text: r.text })),
      kind: result.kind,
      sources: result.sources,
      ...(result.proposal ? { proposal: result.proposal } : {}),
    };
  });

  app.get("/api/chat/inbox", { preHandler: inboxLimit }, async (request) => {
    const parsed = InboxQuery.safeParse(request.query);
    if (!parsed.success) throw zodToAppError(parsed.error, "query");
    const messages = await takeWebInbox(deps.db, parsed.data.user);
    return { messages };
  });
}

/** Pending web messages for a user, marked sent as they are handed over, oldest first. */
export async function takeWebInbox(db: Db, user: string) {
  return db.prisma.$transaction(async (tx) => {
    const pending = await tx.outboxMessage.findMany({
      where: { channel: "web", chatId: user, status: "pending" },
      orderBy: { id: "asc" },
      take: 50,
    });
    if (pending.length === 0) return [];
    await tx.outboxMessage.updateMany({
      where: { id: { in: pending.map((m) => m.id) }, status: "pending" },
      data: { status: "sent", sentAt: new Date() },
    });
    return pending.map((m) => {
      const payload = JSON.parse(m.payload) as { text: string; choices?: unknown };
      return { id: m.id, text: payload.text, ...(payload.choices ? { choices: payload.choices } : {}), createdAt: m.createdAt };
    });
  });
}
