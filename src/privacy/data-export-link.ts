// One-time, short-lived links to download one's data as JSON (/dulieucuatoi). The token is 256
// random bits (base64url); only its SHA-256 is stored, so a database reader cannot use a live link.
// A link works once, for 15 minutes, and a web chat link only for the web chat session that asked
// for it (a copied link opened in another browser is refused and stays usable by its owner).
// Asking again replaces the person's earlier unused links.
import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import { systemClock } from "../clock.ts";
import type { Db, Prisma } from "../db/client.ts";

export const EXPORT_LINK_TTL_MS = 15 * 60_000;
export const ExportToken = z.string().regex(/^[A-Za-z0-9_-]{43}$/);

const hashOf = (token: string) => createHash("sha256").update(token).digest("hex");

export async function createExportLink(
  tx: Prisma.TransactionClient,
  opts: { userId: string; identityId: string; channel: string; now?: Date },
): Promise<{ token: string; expiresAt: Date }> {
  const now = opts.now ?? systemClock.now();
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(now.getTime() + EXPORT_LINK_TTL_MS);
  await tx.dataExportLink.deleteMany({ where: { userId: opts.userId, usedAt: null } });
  await tx.dataExportLink.create({
    data: { tokenHash: hashOf(token), userId: opts.userId, identityId: opts.identityId, channel: opts.channel, createdAt: now, expiresAt },
  });
  return { token, expiresAt };
}

export type RedeemResult =
  | { ok: true; userId: string }
  | { ok: false; reason: "not_found" | "gone" | "wrong_session" };

/**
 * Uses a link: `webChatId` is the web chat id of the browser's session (null without one). A link
 * is spent by the one request that marks it used, so two requests at once cannot both download.
 */
export async function redeemExportLink(opts: { db: Db; token: string; webChatId: string | null; now?: Date }): Promise<RedeemResult> {
  const parsed = ExportToken.safeParse(opts.token);
  if (!parsed.success) return { ok: false, reason: "not_found" };
  const now = opts.now ?? systemClock.now();
  const { prisma } = opts.db;
  const link = await prisma.dataExportLink.findUnique({ where: { tokenHash: hashOf(parsed.data) } });
  if (!link) return { ok: false, reason: "not_found" };
  if (link.usedAt || link.expiresAt <= now) return { ok: false, reason: "gone" };
  if (link.channel === "web") {
    const identity = await prisma.channelIdentity.findUnique({ where: { id: link.identityId }, select: { externalId: true, userId: true } });
    if (!identity || identity.userId !== link.userId || !opts.webChatId || identity.externalId !== opts.webChatId) {
      return { ok: false, reason: "wrong_session" };
    }
  }
  const { count } = await prisma.dataExportLink.updateMany({ where: { id: link.id, usedAt: null, expiresAt: { gt: now } }, data: { usedAt: now } });
  if (count !== 1) return { ok: false, reason: "gone" };
  return { ok: true, userId: link.userId };
}
