// Reads of rounds: the one the chat talks about (collecting, voting, or the next one planned), the
// console's list and one round by its public address. Nothing here writes.
import type { Db, Prisma } from "../db/client.ts";
import { roundStatus, type RoundStatus } from "./round-status.ts";

export type RoundRow = NonNullable<Awaited<ReturnType<typeof findRoundBySlug>>>;

export async function findRoundBySlug(db: Db, slug: string) {
  return db.prisma.dialogueRound.findUnique({ where: { slug }, include: { department: { select: { id: true, name: true } } } });
}

/** All rounds, the newest plan first, with their status at `now`. */
export async function listRounds(db: Db, now: Date) {
  const rows = await db.prisma.dialogueRound.findMany({ orderBy: [{ meetingAt: "desc" }, { slug: "asc" }], include: { department: { select: { id: true, name: true } } } });
  return rows.map((r) => ({ ...r, status: roundStatus(r, now) }));
}

/**
 * The round the chat speaks of: one taking questions (when `status` is "collecting") or votes
 * ("voting"); without a status, the nearest round not yet concluded whose written answers are
 * still due (the current one, else the next one planned).
 */
export async function findCurrentRound(db: Db, now: Date, status?: Extract<RoundStatus, "collecting" | "voting">) {
  const where =
    status === "collecting"
      ? { collectFrom: { lte: now }, collectUntil: { gt: now } }
      : status === "voting"
        ? { voteFrom: { lte: now }, voteUntil: { gt: now } }
        : { answersDue: { gt: now } };
  const round = await db.prisma.dialogueRound.findFirst({ where: { concludedAt: null, ...where }, orderBy: [{ collectFrom: "asc" }, { slug: "asc" }] });
  return round ? { ...round, status: roundStatus(round, now) } : null;
}

/** The round `id` when it still takes questions at `now` (read in the message's transaction), else null. */
export async function roundTakingQuestions(tx: Prisma.TransactionClient, id: string, now: Date) {
  const round = await tx.dialogueRound.findUnique({ where: { id } });
  return round && !round.concludedAt && roundStatus(round, now) === "collecting" ? round : null;
}
