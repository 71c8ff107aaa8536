// The OpportunityFeed table's only writer: add a feed, pause or resume it, delete it, claim it for a
// fetch and record what the fetch did. The use cases (manage-feeds.ts, import-feed.ts) check
// permissions and input and call these, with the audit entry in the same transaction.
import type { Prisma, PrismaClient } from "../../db/client.ts";
import type { OpportunityKind } from "../opportunity-status.ts";
import type { FeedResult } from "./feed-result.ts";

type Tx = Prisma.TransactionClient | PrismaClient;

export async function insertFeed(tx: Tx, feed: { url: string; kind: OpportunityKind; place: string | null; topics: string[]; createdBy: string }, now: Date) {
  return tx.opportunityFeed.create({ data: { url: feed.url, kind: feed.kind, place: feed.place, topics: feed.topics.join(","), createdBy: feed.createdBy, createdAt: now, updatedAt: now } });
}

export async function setFeedActive(tx: Tx, id: string, active: boolean, now: Date): Promise<void> {
  await tx.opportunityFeed.update({ where: { id }, data: { active, updatedAt: now } });
}

/** Deletes the feed; the opportunities read from it stay (their feedId is emptied by the database). */
export async function deleteFeed(tx: Tx, id: string): Promise<void> {
  await tx.opportunityFeed.delete({ where: { id } });
}

/**
 * Marks the feed as being fetched at `now`, only if nobody did since `seen` (its lastFetchedAt when
 * read): of two runs that read the same row, one wins and the other leaves it. True when this one won.
 */
export async function claimFeed(tx: Tx, id: string, seen: Date | null, now: Date): Promise<boolean> {
  const { count } = await tx.opportunityFeed.updateMany({ where: { id, lastFetchedAt: seen }, data: { lastFetchedAt: now } });
  return count === 1;
}

/** What the fetch did; the validators only after a response read in full and saved. */
export async function recordFeedResult(tx: Tx, id: string, result: FeedResult, validators?: { etag: string | null; lastModified: string | null }): Promise<void> {
  await tx.opportunityFeed.updateMany({ where: { id }, data: { lastResult: JSON.stringify(result), ...(validators ?? {}) } });
}
