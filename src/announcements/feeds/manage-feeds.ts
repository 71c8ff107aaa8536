// Use cases: a coordinator (or an administrator) adds a feed of opportunities, pauses and resumes
// it, deletes it, and lists the feeds with what their last fetch did. The address is checked
// before it is saved (feed-address.ts: http or https, never a private or loopback address, a name
// that resolves); the kind, place and topics are the defaults its items get. Each change and its
// audit entry are written in one transaction.
import { z } from "zod";
import { recordAudit } from "../../db/audit-log.ts";
import type { Db } from "../../db/client.ts";
import { AppError } from "../../errors.ts";
import { actorLabel, type StaffVia } from "../../staff/api-token.ts";
import { assertCan, type StaffActor } from "../../staff/staff-scope.ts";
import { OPPORTUNITY_KINDS } from "../opportunity-status.ts";
import { checkFeedUrl, hostOf, publicAddresses } from "./feed-address.ts";
import { readFeedResult } from "./feed-result.ts";
import { deleteFeed, insertFeed, setFeedActive } from "./feed-store.ts";

const blank = (v: unknown) => (v === null || (typeof v === "string" && v.trim() === "") ? undefined : v);

/** What the console's form sends to add a feed. */
export const FeedInput = z.object({
  url: z.string({ error: "required" }).trim().min(1, { error: "required" }),
  kind: z.enum(OPPORTUNITY_KINDS, { error: "invalid" }),
  place: z.preprocess(blank, z.string().trim().max(100, { error: "long" }).optional()),
  topics: z
    .preprocess((v) => (Array.isArray(v) ? v.join(",") : (blank(v) ?? "")), z.string().max(500, { error: "long" }))
    .transform((s) => [...new Set(s.split(/[,;\n]/).map((t) => t.trim()).filter(Boolean))]),
});

function refuse(field: string, reason: string, message: string): never {
  throw new AppError("bad_request", { message: `${field}: ${message}`, detail: { field, reason } });
}

export async function addFeed(opts: {
  db: Db;
  actor: StaffActor;
  via?: StaffVia;
  input: unknown;
  topics: ReadonlySet<string>;
  now: Date;
  /** FEEDS_ALLOW_PRIVATE_ADDRESSES. */
  allowPrivate: boolean;
}): Promise<{ id: string }> {
  assertCan(opts.actor, "triage");
  const parsed = FeedInput.safeParse(opts.input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    refuse(String(issue.path[0] ?? "url"), ["required", "long"].includes(issue.message) ? issue.message : "invalid", issue.message);
  }
  const input = parsed.data;
  const unknown = input.topics.find((t) => !opts.topics.has(t));
  if (unknown) refuse("topics", "topic", `unknown topic ${unknown}`);
  const url = checkFeedUrl(input.url, { allowPrivate: opts.allowPrivate });
  // The name is resolved now too, so a typing mistake or an internal name is refused at once.
  await publicAddresses(hostOf(url), { allowPrivate: opts.allowPrivate }).catch((err: unknown) => {
    const reason = err instanceof AppError && err.detail && "reason" in err.detail ? String(err.detail.reason) : "host";
    refuse("url", reason === "address" ? "address" : "host", (err as Error).message);
  });
  const address = url.toString();
  return opts.db.prisma.$transaction(async (tx) => {
    if (await tx.opportunityFeed.findUnique({ where: { url: address }, select: { id: true } })) {
      throw new AppError("conflict", { message: `feed ${address} was added before`, detail: { field: "url", reason: "duplicate" } });
    }
    const actor = actorLabel(opts.actor, opts.via);
    const row = await insertFeed(tx, { url: address, kind: input.kind, place: input.place ?? null, topics: input.topics, createdBy: actor }, opts.now);
    await recordAudit(tx, { actor, action: "opportunity.feedAdd", target: row.id, detail: { title: address, kind: input.kind } });
    return { id: row.id };
  });
}

async function feedOf(db: Db, id: string) {
  const feed = await db.prisma.opportunityFeed.findUnique({ where: { id } });
  if (!feed) throw new AppError("not_found", { message: `feed ${id} not found` });
  return feed;
}

/** Pauses (`active` false: the job skips it) or resumes a feed. */
export async function setFeedPaused(opts: { db: Db; actor: StaffActor; via?: StaffVia; id: string; paused: boolean; now: Date }): Promise<void> {
  assertCan(opts.actor, "triage");
  const feed = await feedOf(opts.db, opts.id);
  if (feed.active === !opts.paused) return;
  await opts.db.prisma.$transaction(async (tx) => {
    await setFeedActive(tx, feed.id, !opts.paused, opts.now);
    await recordAudit(tx, { actor: actorLabel(opts.actor, opts.via), action: opts.paused ? "opportunity.feedPause" : "opportunity.feedResume", target: feed.id, detail: { title: feed.url } });
  });
}

/** Deletes a feed. What it brought in stays, shown until it expires (withdraw one by hand if need be). */
export async function removeFeed(opts: { db: Db; actor: StaffActor; via?: StaffVia; id: string }): Promise<void> {
  assertCan(opts.actor, "triage");
  const feed = await feedOf(opts.db, opts.id);
  await opts.db.prisma.$transaction(async (tx) => {
    await deleteFeed(tx, feed.id);
    await recordAudit(tx, { actor: actorLabel(opts.actor, opts.via), action: "opportunity.feedDelete", target: feed.id, detail: { title: feed.url } });
  });
}

/** Every feed, the latest added first, with its last result read and how many current opportunities it brought. */
export async function listFeeds(db: Db, now: Date) {
  const feeds = await db.prisma.opportunityFeed.findMany({ orderBy: [{ createdAt: "desc" }, { id: "asc" }] });
  const counts = await db.prisma.opportunity.groupBy({ by: ["feedId"], where: { feedId: { in: feeds.map((f) => f.id) }, withdrawnAt: null, expiresAt: { gt: now } }, _count: { _all: true } });
  const current = new Map(counts.map((c) => [c.feedId, c._count._all]));
  return feeds.map((f) => ({ ...f, topics: f.topics ? f.topics.split(",") : [], result: readFeedResult(f.lastResult), current: current.get(f.id) ?? 0 }));
}

export type FeedRow = Awaited<ReturnType<typeof listFeeds>>[number];
