// POST /webhooks/telegram: refuses a wrong X-Telegram-Bot-Api-Secret-Token with 401 before the body
// is even parsed, validates the update, and hands it to grammY (bot.handleUpdate), so webhook and
// long polling run the same middleware. It answers 200 only once the update has been handled
// (recorded with its replies in the outbox), so Telegram delivers it again after a crash.
// Not grammY's webhookCallback: it checks the secret only after the body is read, takes any body
// as an update, and answers 5xx after 10 s while the handling goes on.
import type { FastifyInstance } from "fastify";
import type { Update } from "grammy/types";
import { z } from "zod";
import { zodToAppError } from "../../http/errors.ts";
import { requireSecretHeader } from "../../http/secret.ts";
import type { TelegramChannel } from "./telegram-channel.ts";

const User = z.looseObject({ id: z.number().int(), is_bot: z.boolean(), first_name: z.string() });
const Chat = z.looseObject({ id: z.number().int(), type: z.string() });
export const TelegramUpdate = z.looseObject({
  update_id: z.number().int().nonnegative(),
  message: z
    .looseObject({ message_id: z.number().int(), date: z.number().int(), chat: Chat, from: User.optional(), text: z.string().max(10_000).optional() })
    .optional(),
  callback_query: z
    .looseObject({ id: z.string(), from: User, data: z.string().max(256).optional(), message: z.looseObject({ chat: Chat }).optional() })
    .optional(),
});

export function registerTelegramWebhook(app: FastifyInstance, channel: TelegramChannel, secret: string): void {
  app.post(
    "/webhooks/telegram",
    { onRequest: requireSecretHeader("x-telegram-bot-api-secret-token", secret, "telegram webhook") },
    async (request) => {
      const parsed = TelegramUpdate.safeParse(request.body);
      if (!parsed.success) throw zodToAppError(parsed.error, "update");
      await channel.handleWebhookUpdate(parsed.data as unknown as Update);
      return { ok: true };
    },
  );
}
