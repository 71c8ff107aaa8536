// What one fetch of a feed did, kept as the feed's last result (OpportunityFeed.lastResult, JSON)
// and shown in the console: how many items were added, updated, left as they were, known already
// (duplicates of other opportunities), over (their end or deadline passed: skipped) and refused,
// with the first few refusals named; or that the feed had not changed (304); or why it failed.
import type { FeedFailure } from "../../errors.ts";
import type { RefusalReason } from "../opportunity-input.ts";

/** How many refusals are kept with their item title, field and reason. */
export const PROBLEMS_KEPT = 5;

export interface FeedProblem {
  title: string;
  field: string;
  reason: RefusalReason;
}

export type FeedResult =
  | {
      outcome: "imported";
      format: "rss" | "atom" | "ical";
      items: number;
      added: number;
      updated: number;
      unchanged: number;
      duplicates: number;
      expired: number;
      refused: number;
      problems: FeedProblem[];
    }
  | { outcome: "not_modified" }
  | { outcome: "failed"; reason: FeedFailure | "internal"; status?: number };

/** The stored JSON read back; null for a feed never fetched or a value this version cannot read. */
export function readFeedResult(json: string | null): FeedResult | null {
  if (!json) return null;
  try {
    const value = JSON.parse(json) as FeedResult;
    return value && typeof value === "object" && ["imported", "not_modified", "failed"].includes(value.outcome) ? value : null;
  } catch {
    return null;
  }
}
