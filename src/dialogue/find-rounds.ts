// Reads of rounds: the one the chat talks about (collecting, voting, or the next one planned), the
// console's list, one round by its public address, and another round a plan would overlap. Nothing
// here writes.
import type { Db, Prisma } from "../db/client.ts";
import { AppError } from "../errors.ts";
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

/**
 * Another round of the same kind, not concluded, whose collecting or voting window overlaps the
 * plan's (each "from" inclusive, each "until" exclusive), with which window; null when there is none.
 * The chat speaks of one round at a time, so two rounds of a kind may never collect or vote at once.
 */
export async function overlappingRound(
  tx: Prisma.TransactionClient,
  plan: { kind: string; collectFrom: Date; collectUntil: Date; voteFrom: Date; voteUntil: Date },
  exceptId?: string,
): Promise<{ window: "collect" | "vote"; round: { slug: string; title: string; from: Date; until: Date } } | null> {
  const others = { kind: plan.kind, concludedAt: null, ...(exceptId ? { id: { not: exceptId } } : {}) };
  const collecting = await tx.dialogueRound.findFirst({
    where: { ...others, collectFrom: { lt: plan.collectUntil }, collectUntil: { gt: plan.collectFrom } },
    orderBy: { collectFrom: "asc" },
  });
  if (collecting) return { window: "collect", round: { slug: collecting.slug, title: collecting.title, from: collecting.collectFrom, until: collecting.collectUntil } };
  const voting = await tx.dialogueRound.findFirst({
    where: { ...others, voteFrom: { lt: plan.voteUntil }, voteUntil: { gt: plan.voteFrom } },
    orderBy: { voteFrom: "asc" },
  });
  return voting ? { window: "vote", round: { slug: voting.slug, title: voting.title, from: voting.voteFrom, until: voting.voteUntil } } : null;
}

/** Refuses a plan that overlaps another round of its kind (overlappingRound): bad_request, detail.reason "overlap". */
export async function assertNoOverlap(tx: Prisma.TransactionClient, plan: Parameters<typeof overlappingRound>[1], exceptId?: string): Promise<void> {
  const clash = await overlappingRound(tx, plan, exceptId);
  if (!clash) return;
  const field = clash.window === "collect" ? "collectFrom" : "voteFrom";
  const what = clash.window === "collect" ? "collecting questions" : "voting";
  throw new AppError("bad_request", {
    message: `${field}: ${what} overlaps round ${clash.round.slug} (${clash.round.from.toISOString()} to ${clash.round.until.toISOString()}); one round of a kind at a time`,
    detail: { field, reason: "overlap", window: clash.window, round: clash.round.title, from: clash.round.from.toISOString(), until: clash.round.until.toISOString() },
  });
}

/** The round `id` when it still takes questions at `now` (read in the message's transaction), else null. */
export async function roundTakingQuestions(tx: Prisma.TransactionClient, id: string, now: Date) {
  const round = await tx.dialogueRound.findUnique({ where: { id } });
  return round && !round.concludedAt && roundStatus(round, now) === "collecting" ? round : null;
}
