// POST /webhooks/zalo: refuses a wrong X-Bot-Api-Secret-Token with 401 before the body is parsed,
// validates the update (wrapped {"ok":true,"result":…} or bare), and answers 200 once handled.
import type { FastifyInstance } from "fastify";
import { zodToAppError } from "../../http/errors.ts";
import { requireSecretHeader } from "../../http/secret.ts";
import type { ZaloChannel } from "./zalo-channel.ts";
import { unwrapUpdate } from "./zalo-types.ts";

export function registerZaloWebhook(app: FastifyInstance, channel: ZaloChannel, secret: string): void {
  app.post(
    "/webhooks/zalo",
    { onRequest: requireSecretHeader("x-bot-api-secret-token", secret, "zalo webhook") },
    async (request) => {
      const parsed = unwrapUpdate(request.body);
      if (!parsed.success) throw zodToAppError(parsed.error, "update");
      await channel.handleUpdate(parsed.data);
      return { ok: true };
    },
  );
}
