// Use case: fetch a feed and bring its items in as opportunities, on the schedule (fetchDueFeeds,
// from the "opportunity-feeds" job) or at once from the console (fetchFeedNow, "Lấy ngay").
// Each item is checked by the same rules as a CSV line or the form (parseOpportunityInput) and
// added through the same duplicate check (addOpportunity): source "feed", sourceId its GUID or
// UID. An item this feed brought in before is updated when it changed, never added twice; one
// that another source already has is a duplicate; one whose end or deadline is past is skipped;
// a bad one is refused and named in the feed's last result. A feed's items, its last result and
// the notices to subscribers are written in one transaction, so a fetch is saved whole or not at
// all, and a feed that fails (unreachable, too slow, too big, not a feed) leaves the others alone.
import { createHash } from "node:crypto";
import type { Db, Prisma } from "../../db/client.ts";
import { AppError, isAppError } from "../../errors.ts";
import { assertCan, type StaffActor } from "../../staff/staff-scope.ts";
import { addOpportunity, findDuplicate } from "../create-opportunity.ts";
import { kindsIn } from "../kind-words.ts";
import type { NoticeTexts } from "../notice-line.ts";
import { queueOpportunityNotices } from "../notify-subscribers.ts";
import { foldKey, parseOpportunityInput, type OpportunityFields, type RefusalReason } from "../opportunity-input.ts";
import { OPPORTUNITY_KINDS, type OpportunityKind } from "../opportunity-status.ts";
import { updateOpportunity } from "../opportunity-store.ts";
import { downloadFeed } from "./download-feed.ts";
import { checkFeedUrl, hostOf } from "./feed-address.ts";
import type { FeedItem, ParsedFeed } from "./feed-item.ts";
import { PROBLEMS_KEPT, type FeedProblem, type FeedResult } from "./feed-result.ts";
import { claimFeed, recordFeedResult } from "./feed-store.ts";
import { parseFeed } from "./parse-feed.ts";

/** How long one fetch may take, redirects included. */
export const FEED_TIMEOUT_MS = 20_000;
/** The largest feed read: a calendar or feed of opportunities is far smaller. */
export const FEED_MAX_BYTES = 2 * 1024 * 1024;
/** At most this many feeds are fetched by one run of the job; the others wait for the next run. */
export const FEEDS_PER_RUN = 20;

export interface FeedFetchSettings {
  /** FEEDS_ALLOW_PRIVATE_ADDRESSES: only for tests against a server on this machine. */
  allowPrivate: boolean;
  timeoutMs?: number;
  maxBytes?: number;
}

interface FetchOptions {
  now: Date;
  /** The known topic codes (knowledge/topics.json), as for a CSV line. */
  topics: ReadonlySet<string>;
  /** The texts of the notices to subscribers; without them the notices wait for the notices job. */
  notices?: NoticeTexts | undefined;
  settings: FeedFetchSettings;
}

type Feed = Prisma.OpportunityFeedGetPayload<object>;
type Tx = Prisma.TransactionClient;

/** The item's id as stored: its GUID or UID (hashed when longer than the column takes), else a hash of its title and start. */
function sourceIdOf(item: FeedItem): string {
  const guid = item.guid?.trim();
  if (guid && guid.length <= 200) return guid;
  const basis = guid || `${item.title}|${item.startsAt?.toISOString() ?? ""}`;
  return `sha256:${createHash("sha256").update(basis).digest("hex")}`;
}

/** The kind an item's categories name (a code, or words such as "Khóa học"), when they name exactly one. */
function kindOfCategories(categories: string[]): OpportunityKind | null {
  const kinds = new Set<OpportunityKind>();
  for (const c of categories) {
    const code = c.trim();
    if ((OPPORTUNITY_KINDS as readonly string[]).includes(code)) kinds.add(code as OpportunityKind);
    else for (const k of kindsIn(foldKey(code))) kinds.add(k);
  }
  return kinds.size === 1 ? [...kinds][0]! : null;
}

/** What the CSV import or the form would send for this item, the feed's defaults filling the gaps. */
function inputOf(item: FeedItem, feed: Feed, feedTitle: string | null) {
  return {
    kind: kindOfCategories(item.categories) ?? feed.kind,
    title: item.title,
    organiser: item.organiser ?? feedTitle ?? hostOf(new URL(feed.url)),
    place: item.place ?? feed.place ?? "",
    startsAt: item.startsAt ?? undefined,
    endsAt: item.endsAt ?? undefined,
    deadline: item.deadline ?? undefined,
    topics: feed.topics,
    link: item.link ?? undefined,
    sourceId: sourceIdOf(item),
  };
}

const time = (d: Date | null) => d?.getTime() ?? null;

function sameAsStored(row: Prisma.OpportunityGetPayload<object>, f: OpportunityFields): boolean {
  return (
    row.kind === f.kind &&
    row.title === f.title &&
    row.organiser === f.organiser &&
    row.place === f.place &&
    time(row.startsAt) === time(f.startsAt) &&
    time(row.endsAt) === time(f.endsAt) &&
    time(row.deadline) === time(f.deadline) &&
    row.topics === f.topics.join(",") &&
    row.link === f.link
  );
}

type Outcome = "added" | "updated" | "unchanged" | "duplicate" | "expired" | { refused: FeedProblem };

async function importItem(tx: Tx, feed: Feed, parsed: ParsedFeed, item: FeedItem, opts: FetchOptions, added: string[]): Promise<Outcome> {
  const title = item.title.slice(0, 200);
  if (item.badDate) return { refused: { title, field: item.badDate, reason: "date" } };
  let fields: OpportunityFields;
  try {
    fields = parseOpportunityInput(inputOf(item, feed, parsed.title), { topics: opts.topics, now: opts.now });
  } catch (err) {
    if (!isAppError(err, "bad_request")) throw err;
    const reason = (err.detail?.reason as RefusalReason | undefined) ?? "invalid";
    return reason === "past" ? "expired" : { refused: { title, field: String(err.detail?.field ?? ""), reason } };
  }
  const stored = await tx.opportunity.findUnique({ where: { source_sourceId: { source: "feed", sourceId: fields.sourceId! } } });
  if (stored) {
    // Another feed's item with the same id is a duplicate; one no feed holds any more (its feed was
    // deleted) is taken over. Staff's withdrawal stands: a withdrawn item is left as it is.
    if (stored.feedId !== null && stored.feedId !== feed.id) return "duplicate";
    if (stored.withdrawnAt || (stored.feedId === feed.id && sameAsStored(stored, fields))) return "unchanged";
    if (await findDuplicate(tx, fields, stored.id)) return "duplicate";
    await updateOpportunity(tx, stored.id, fields, opts.now, feed.id);
    return "updated";
  }
  try {
    const row = await addOpportunity(tx, fields, "feed", opts.now, feed.id);
    added.push(row.id);
    return "added";
  } catch (err) {
    if (isAppError(err, "conflict")) return "duplicate";
    throw err;
  }
}

async function importItems(db: Db, feed: Feed, parsed: ParsedFeed, opts: FetchOptions, validators: { etag: string | null; lastModified: string | null }): Promise<FeedResult> {
  return db.prisma.$transaction(
    async (tx) => {
      const result = { outcome: "imported" as const, format: parsed.format, items: parsed.items.length, added: 0, updated: 0, unchanged: 0, duplicates: 0, expired: 0, refused: 0, problems: [] as FeedProblem[] };
      const added: string[] = [];
      for (const item of parsed.items) {
        const outcome = await importItem(tx, feed, parsed, item, opts, added);
        if (typeof outcome === "object") {
          result.refused++;
          if (result.problems.length < PROBLEMS_KEPT) result.problems.push(outcome.refused);
        } else if (outcome === "duplicate") result.duplicates++;
        else result[outcome]++;
      }
      await recordFeedResult(tx, feed.id, result, validators);
      await queueOpportunityNotices(tx, { opportunityIds: added, now: opts.now, texts: opts.notices });
      return result;
    },
    { timeout: 60_000 },
  );
}

/** Fetches one feed already claimed for this run and records what happened; never throws for the feed's own faults. */
async function fetchClaimed(db: Db, feed: Feed, opts: FetchOptions): Promise<FeedResult> {
  let result: FeedResult;
  try {
    const url = checkFeedUrl(feed.url, { allowPrivate: opts.settings.allowPrivate });
    const download = await downloadFeed(url, {
      etag: feed.etag,
      lastModified: feed.lastModified,
      timeoutMs: opts.settings.timeoutMs ?? FEED_TIMEOUT_MS,
      maxBytes: opts.settings.maxBytes ?? FEED_MAX_BYTES,
      allowPrivate: opts.settings.allowPrivate,
    });
    if (download.status === "not_modified") result = { outcome: "not_modified" };
    else return await importItems(db, feed, parseFeed(download.body), opts, { etag: download.etag, lastModified: download.lastModified });
  } catch (err) {
    if (isAppError(err, "feed.fetch")) result = { outcome: "failed", reason: err.detail.reason, ...(err.detail.status !== undefined ? { status: err.detail.status } : {}) };
    else if (isAppError(err, "bad_request")) result = { outcome: "failed", reason: "address" }; // the stored address no longer passes the check
    else {
      await recordFeedResult(db.prisma, feed.id, { outcome: "failed", reason: "internal" });
      throw err;
    }
  }
  await recordFeedResult(db.prisma, feed.id, result);
  return result;
}

/**
 * The scheduled run: every active feed not fetched in the last `pollMinutes` (the longest waiting
 * first, at most FEEDS_PER_RUN), each claimed before it is fetched so that two instances never
 * fetch the same feed. A feed that fails is recorded and the next one is fetched.
 */
export async function fetchDueFeeds(
  db: Db,
  opts: FetchOptions & {
    pollMinutes: number;
    /** Each feed's result as it comes (for the log). */
    onResult?: (feedId: string, result: FeedResult) => void;
    /** A fault that is not the feed's (the database): the feed is recorded as failed "internal". */
    onError?: (feedId: string, err: unknown) => void;
  },
) {
  const due = new Date(opts.now.getTime() - opts.pollMinutes * 60_000);
  const feeds = await db.prisma.opportunityFeed.findMany({
    where: { active: true, OR: [{ lastFetchedAt: null }, { lastFetchedAt: { lte: due } }] },
    orderBy: [{ lastFetchedAt: { sort: "asc", nulls: "first" } }, { id: "asc" }],
    take: FEEDS_PER_RUN,
  });
  const summary = { fetched: 0, added: 0, updated: 0, notModified: 0, failed: 0 };
  for (const feed of feeds) {
    if (!(await claimFeed(db.prisma, feed.id, feed.lastFetchedAt, opts.now))) continue;
    summary.fetched++;
    try {
      const result = await fetchClaimed(db, feed, opts);
      opts.onResult?.(feed.id, result);
      if (result.outcome === "imported") {
        summary.added += result.added;
        summary.updated += result.updated;
      } else if (result.outcome === "not_modified") summary.notModified++;
      else summary.failed++;
    } catch (err) {
      summary.failed++;
      opts.onError?.(feed.id, err);
    }
  }
  return summary;
}

/** "Lấy ngay": fetches one feed now, paused or not, unless a fetch of it is under way; returns what it did. */
export async function fetchFeedNow(opts: FetchOptions & { db: Db; actor: StaffActor; id: string }): Promise<FeedResult> {
  assertCan(opts.actor, "triage");
  const feed = await opts.db.prisma.opportunityFeed.findUnique({ where: { id: opts.id } });
  if (!feed) throw new AppError("not_found", { message: `feed ${opts.id} not found` });
  if (!(await claimFeed(opts.db.prisma, feed.id, feed.lastFetchedAt, opts.now))) {
    throw new AppError("conflict", { message: `feed ${opts.id} is being fetched`, detail: { reason: "busy" } });
  }
  return fetchClaimed(opts.db, feed, opts);
}
