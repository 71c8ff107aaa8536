// A person under 16 leaves contact details only after saying that a parent or guardian agrees
// (Điều 24 of Law 91/2025/QH15: the legal representative acts for a child). The age band is stored
// on the ChatUser; the agreement is a Consent row (purpose "guardian"), withdrawn with the others.
import { systemClock } from "../clock.ts";
import { setAgeBand } from "../db/chat-users.ts";
import type { Prisma } from "../db/client.ts";
import type { AgeBand } from "./age-band.ts";
import { recordConsent } from "./consents.ts";

/** The version of the guardian question the person answered (prompts: dataRights.guardianAsk). */
export const GUARDIAN_TEXT_VERSION = "guardian-2026-1";

export async function recordAgeBand(tx: Prisma.TransactionClient, userId: string, band: AgeBand): Promise<void> {
  await setAgeBand(tx, userId, band);
}

/** Whether the person said they are under 16 and no parent's or guardian's agreement is on record. */
export async function needsGuardianAgreement(tx: Prisma.TransactionClient, userId: string): Promise<boolean> {
  const user = await tx.chatUser.findUnique({ where: { id: userId }, select: { ageBand: true } });
  if (user?.ageBand !== "under16") return false;
  const agreed = await tx.consent.count({ where: { userId, purpose: "guardian", withdrawnAt: null } });
  return agreed === 0;
}

export async function recordGuardianAgreement(tx: Prisma.TransactionClient, userId: string, now: Date = systemClock.now()): Promise<void> {
  await setAgeBand(tx, userId, "under16");
  await recordConsent(tx, { userId, purpose: "guardian", textVersion: GUARDIAN_TEXT_VERSION, now });
}
