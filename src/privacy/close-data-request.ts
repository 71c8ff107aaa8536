// Use case: an administrator closes a data request with a reply. The reply reaches the person in
// the chat they wrote from, through the outbox, in the same transaction as the status change and
// the audit entry (a person who has since become unreachable is not written to; the console says so).
import { z } from "zod";
import { systemClock } from "../clock.ts";
import type { Db } from "../db/client.ts";
import { recordAudit } from "../db/audit-log.ts";
import { enqueueMessages } from "../db/outbox.ts";
import { AppError } from "../errors.ts";
import { toLocale, type Prompts } from "../prompts.ts";

export const MAX_REPLY_LENGTH = 4000;
export const CloseDataRequestInput = z.object({
  id: z.string().regex(/^[\w-]{1,64}$/),
  reply: z.string().trim().min(2).max(MAX_REPLY_LENGTH),
});

export async function closeDataRequest(opts: {
  db: Db;
  prompts: Prompts;
  /** The administrator's e-mail (the route has checked the role). */
  actor: string;
  id: string;
  reply: string;
  now?: Date;
}): Promise<{ delivered: boolean }> {
  const parsed = CloseDataRequestInput.safeParse({ id: opts.id, reply: opts.reply });
  if (!parsed.success) {
    const field = parsed.error.issues[0]?.path[0] === "id" ? "id" : "reply";
    if (field === "id") throw new AppError("not_found", { message: "no such data request" });
    throw new AppError("bad_request", { message: `the reply must be 2–${MAX_REPLY_LENGTH} characters`, detail: { field: "reply" } });
  }
  const { id, reply } = parsed.data;
  const now = opts.now ?? systemClock.now();
  return opts.db.prisma.$transaction(async (tx) => {
    const request = await tx.dataRequest.findUnique({ where: { id }, include: { user: { select: { locale: true } }, identity: true } });
    if (!request) throw new AppError("not_found", { message: `no data request ${id}` });
    const { count } = await tx.dataRequest.updateMany({
      where: { id, status: "open" },
      data: { status: "closed", closedAt: now, closedBy: opts.actor, reply },
    });
    if (count !== 1) throw new AppError("conflict", { message: `data request ${id} is already closed` });
    const identity =
      request.identity ??
      (await tx.channelIdentity.findFirst({ where: { userId: request.userId, channel: request.channel }, orderBy: { lastSeenAt: "desc" } }));
    const delivered = Boolean(identity && !identity.unreachable);
    if (identity && delivered) {
      const text = opts.prompts.t(toLocale(request.user.locale), "dataRights.requestReplied", { reply });
      await enqueueMessages(tx, [{ channel: identity.channel, chatId: identity.chatId, identityId: identity.id, payload: { text } }], now);
    }
    await recordAudit(tx, { actor: opts.actor, action: "dataRequest.close", target: id, detail: { kind: request.kind, delivered, length: reply.length } });
    return { delivered };
  });
}
