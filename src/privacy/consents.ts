// The Consent table's only writer: consents a person gave (to be called back, a guardian's
// agreement), with the text version they saw, and when they withdrew them. The row stays after a
// withdrawal as the record of both; only erasure deletes it. The conversation's proposal intake,
// /suadulieu, /rutdongy and the guardian question all record consent here.
import type { Prisma } from "../db/client.ts";

export type ConsentPurpose = "callback" | "guardian";

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
