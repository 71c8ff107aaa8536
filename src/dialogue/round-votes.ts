// The RoundVote table's only writer, and the counts read beside it. One row per (question, person):
// the unique index makes a second vote for the same question fail even when two arrive at once;
// cast-vote.ts checks the window and the per-round limits in the same transaction, after taking
// the locks here (serialiseVotes) so that two votes racing on PostgreSQL cannot both pass them.
import { createHash, randomUUID } from "node:crypto";
import type { Db, Prisma } from "../db/client.ts";
import { asSession, sql } from "../db/sql.ts";

type Tx = Prisma.TransactionClient;
/**
 * Where a vote's statements run: the chat's per-message SQL transaction (db/sql.ts: a vote is one
 * of the statements every vote message runs, so it skips Prisma's per-query cost), or a Prisma
 * transaction (scripts and tests).
 */
export type VoteSession = Parameters<typeof asSession>[0];

/**
 * What is kept of a web chat sender's address for one round: a SHA-256 of the round and the address
 * group (client-address.ts), enough to count the votes from one address and never the address itself.
 */
export function voteOrigin(roundId: string, address: string): string {
  return createHash("sha256").update(`${roundId}\n${address}`).digest("hex");
}

/**
 * Makes the votes of one person (and of one web address) in a round take turns until the
 * transaction ends, so that counting them and adding one is a single step. SQLite runs one
 * transaction at a time already (db/serialize-sqlite.ts); on PostgreSQL a transaction-scoped
 * advisory lock per key does it: under READ COMMITTED two transactions would otherwise both count
 * two votes and both add a third. Keys are always taken person first, then address, so two votes
 * never wait on each other in a circle.
 */
export async function serialiseVotes(tx: VoteSession, provider: Db["provider"], keys: string[]): Promise<void> {
  if (provider !== "postgresql") return;
  const session = asSession(tx);
  // ::text: the pg driver binds an untyped parameter, and hashtextextended needs to know it is text.
  for (const key of keys) await session.query(sql`SELECT 1 AS "locked" FROM (SELECT pg_advisory_xact_lock(hashtextextended(${`round-vote:${key}`}::text, 0))) AS "l"`);
}

/** Adds the vote; false when this person already voted for this question. */
export async function insertVote(
  tx: VoteSession,
  vote: { roundId: string; proposalId: string; userId: string; now: Date; channel: string; origin?: string | null | undefined },
): Promise<boolean> {
  // The unique index decides between two votes racing for the same question; DO NOTHING rather
  // than a failed insert, which on PostgreSQL would abort the whole transaction. One statement:
  // a vote is a few of them, at a few hundred a second.
  const added = await asSession(tx).execute(sql`
    INSERT INTO "RoundVote" ("id", "roundId", "proposalId", "userId", "channel", "origin", "createdAt")
    VALUES (${randomUUID()}, ${vote.roundId}, ${vote.proposalId}, ${vote.userId}, ${vote.channel}, ${vote.origin ?? null}, ${vote.now})
    ON CONFLICT ("proposalId", "userId") DO NOTHING`);
  return added > 0;
}

/** The questions of a round this person voted for. */
export async function votedQuestionIds(tx: VoteSession, roundId: string, userId: string): Promise<string[]> {
  const rows = await asSession(tx).query<{ proposalId: string }>(sql`SELECT "proposalId" FROM "RoundVote" WHERE "roundId" = ${roundId} AND "userId" = ${userId}`);
  return rows.map((r) => r.proposalId);
}

/** The web chat votes cast in a round from one address (its voteOrigin). */
export async function votesFromOrigin(tx: VoteSession, roundId: string, origin: string): Promise<number> {
  const [row] = await asSession(tx).query<{ votes: number | bigint | string }>(sql`SELECT COUNT(*) AS "votes" FROM "RoundVote" WHERE "roundId" = ${roundId} AND "origin" = ${origin}`);
  return Number(row?.votes ?? 0);
}

/** Votes of a round per channel (web, telegram, zalo; "" for votes cast before the channel was kept). */
export async function votesByChannel(tx: Tx, roundId: string): Promise<Map<string, number>> {
  const rows = await tx.roundVote.groupBy({ by: ["channel"], where: { roundId }, _count: { _all: true } });
  return new Map(rows.map((r) => [r.channel ?? "", r._count._all]));
}

/** Votes per question of a round. */
export async function voteCounts(tx: Tx, roundId: string): Promise<Map<string, number>> {
  const rows = await tx.roundVote.groupBy({ by: ["proposalId"], where: { roundId }, _count: { _all: true } });
  return new Map(rows.map((r) => [r.proposalId, r._count._all]));
}

/**
 * Linking channels: the absorbed person's votes become the surviving person's. A question both had
 * voted for keeps one vote (the surviving person's), so a person counts once per question whichever
 * channel. Votes on different questions all stay, even past MAX_VOTES_PER_ROUND: each was cast
 * within the limit, by the person as they were known then.
 * Returns how many duplicate votes were dropped.
 */
export async function moveVotes(tx: Tx, fromUserId: string, toUserId: string): Promise<number> {
  const kept = new Set((await tx.roundVote.findMany({ where: { userId: toUserId }, select: { proposalId: true } })).map((v) => v.proposalId));
  const { count: dropped } = await tx.roundVote.deleteMany({ where: { userId: fromUserId, proposalId: { in: [...kept] } } });
  await tx.roundVote.updateMany({ where: { userId: fromUserId }, data: { userId: toUserId } });
  return dropped;
}
