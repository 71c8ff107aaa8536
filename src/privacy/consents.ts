// The Consent table's only writer: consents a person gave (to be called back, a guardian's
// agreement), with the text version they saw, and when they withdrew them. The row stays after a
// withdrawal as the record of both; only erasure deletes it. The conversation's proposal intake,
// /suadulieu, /rutdongy and the guardian question all record consent here.
import type { Prisma } from "../db/client.ts";

/** "messages": to receive the opportunity notices and broadcasts one subscribed to (/dangky). */
export type ConsentPurpose = "callback" | "guardian" | "messages";

/** A consent given now (or at `now`), with the version of the text the person answered. */
export async function recordConsent(
  tx: Prisma.TransactionClient,
  consent: { userId: string; purpose: ConsentPurpose; textVersion: string; now?: Date },
): Promise<void> {
  await tx.consent.create({
    data: { userId: consent.userId, purpose: consent.purpose, textVersion: consent.textVersion, ...(consent.now ? { createdAt: consent.now } : {}) },
  });
}

/** Marks the person's active consents for these purposes withdrawn at `now`; returns how many. */
export async function withdrawConsents(tx: Prisma.TransactionClient, opts: { userId: string; purposes: readonly ConsentPurpose[]; now: Date }): Promise<number> {
  const { count } = await tx.consent.updateMany({
    where: { userId: opts.userId, purpose: { in: [...opts.purposes] }, withdrawnAt: null },
    data: { withdrawnAt: opts.now },
  });
  return count;
}

/** Erasure: every consent the person gave or withdrew. */
export async function deleteConsentsOf(tx: Prisma.TransactionClient, userId: string): Promise<number> {
  const { count } = await tx.consent.deleteMany({ where: { userId } });
  return count;
}

/** Linking channels: the absorbed person's consents (given and withdrawn) become the surviving person's. */
export async function moveConsents(tx: Prisma.TransactionClient, fromUserId: string, toUserId: string): Promise<void> {
  await tx.consent.updateMany({ where: { userId: fromUserId }, data: { userId: toUserId } });
}

/**
 * Unlinking a channel: the new person it becomes keeps a record of the consents still in force
 * (same purpose, text version and date), since the proposals sent from that chat go with it.
 */
export async function copyActiveConsents(tx: Prisma.TransactionClient, fromUserId: string, toUserId: string): Promise<void> {
  const active = await tx.consent.findMany({ where: { userId: fromUserId, withdrawnAt: null } });
  if (active.length === 0) return;
  await tx.consent.createMany({ data: active.map((c) => ({ userId: toUserId, purpose: c.purpose, textVersion: c.textVersion, createdAt: c.createdAt })) });
}
