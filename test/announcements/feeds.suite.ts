// Feeds of opportunities read on a schedule, against a real database and a fake feed server on
// 127.0.0.1 serving RSS, Atom and iCal files: their items become opportunities with the same checks
// as a CSV line; a second fetch adds nothing twice and brings a changed title; an unchanged feed
// costs a 304; a broken feed is reported without losing the others; what is over is skipped; an
// address on the server's own network is refused; and the job fetches a feed only when it is due.
// Run on SQLite (feeds.test.ts) and PostgreSQL (feeds.pg.test.ts).
import { afterAll, beforeAll, expect, it } from "vitest";
import { createOpportunity } from "../../src/announcements/create-opportunity.ts";
import { fetchDueFeeds, fetchFeedNow } from "../../src/announcements/feeds/import-feed.ts";
import { readFeedResult } from "../../src/announcements/feeds/feed-result.ts";
import { addFeed, listFeeds, removeFeed, setFeedPaused } from "../../src/announcements/feeds/manage-feeds.ts";
import { listCurrentOpportunities } from "../../src/announcements/find-opportunities.ts";
import { withdrawOpportunity } from "../../src/announcements/withdraw-opportunity.ts";
import { fixedClock } from "../../src/clock.ts";
import { isAppError } from "../../src/errors.ts";
import { feedJob } from "../../src/jobs/feed-job.ts";
import { createLogger } from "../../src/logger.ts";
import { Prompts } from "../../src/prompts.ts";
import type { DatabaseTarget } from "../../src/db/database-url.ts";
import type { StaffActor } from "../../src/staff/staff-scope.ts";
import { vietnamDayEnd } from "../../src/vietnam-time.ts";
import { freshDatabaseEachTest } from "../support/database.ts";
import { ATOM, ICS, RSS } from "./feed-samples.ts";
import { FakeFeedServer } from "./feed-server.ts";

const coordinator: StaffActor = { id: "c1", email: "dieuphoi@tinhdoan.gov.vn", name: "Điều phối", role: "coordinator", departmentId: null };
const departmentStaff: StaffActor = { id: "d1", email: "canbo@so.gov.vn", name: "Cán bộ", role: "department", departmentId: "x" };
const topics = new Set(["viec-lam", "khoi-nghiep"]);
const MINUTE = 60_000;

export function runFeedSuite(provider: DatabaseTarget["provider"]): void {
  const fresh = freshDatabaseEachTest(provider);
  const server = new FakeFeedServer();
  const clock = fixedClock("2027-03-01T03:00:00Z");
  const allowed = { allowPrivate: true };
  let n = 0;
  /** A path of its own for each feed, so tests do not share the server's routes or counts. */
  const path = (name: string) => `/${++n}/${name}`;

  beforeAll(() => server.start());
  afterAll(() => server.stop());

  const add = (url: string, extra: Record<string, string> = {}, opts = allowed) =>
    addFeed({ db: fresh.db, actor: coordinator, input: { url, kind: "job", place: "Phường Rạch Giá", topics: "viec-lam", ...extra }, topics, now: clock.now(), allowPrivate: opts.allowPrivate });
  const fetchDue = (settings: { allowPrivate: boolean; timeoutMs?: number; maxBytes?: number } = allowed) =>
    fetchDueFeeds(fresh.db, { now: clock.now(), topics, settings, pollMinutes: 60 });
  const resultOf = async (id: string) => readFeedResult((await fresh.db.prisma.opportunityFeed.findUniqueOrThrow({ where: { id } })).lastResult);
  const current = async () => (await listCurrentOpportunities(fresh.db, clock.now(), {}, { take: 100 })).rows;

  it("brings RSS, Atom and iCal items in as opportunities with the feed's defaults; what is over is skipped, bad items reported", async () => {
    clock.set("2027-03-01T03:00:00Z");
    const rss = await add(server.serve(path("rss.xml"), { body: RSS }));
    const atom = await add(server.serve(path("atom.xml"), { body: ATOM, contentType: "application/atom+xml" }), { kind: "event", place: "online", topics: "khoi-nghiep" });
    const ics = await add(server.serve(path("lich.ics"), { body: ICS, contentType: "text/calendar" }), { kind: "event", place: "", topics: "" });

    expect(await fetchDue()).toMatchObject({ fetched: 3, added: 6, failed: 0 });

    const rows = await current();
    const byTitle = new Map(rows.map((r) => [r.title, r]));
    expect([...byTitle.keys()].sort()).toEqual([
      "Chiến dịch tình nguyện Mùa xuân",
      "Cuộc thi Ý tưởng khởi nghiệp thanh niên 2027",
      "Giao lưu thanh niên trực tuyến",
      "Khóa tập huấn kỹ năng số cho thanh niên nông thôn và bộ đội xuất ngũ tại Rạch Giá",
      "Ngày hội việc làm tháng 3",
      "Tuyển 20 công nhân may & đóng gói",
    ].sort());
    const job = byTitle.get("Tuyển 20 công nhân may & đóng gói")!;
    expect(job).toMatchObject({ kind: "job", organiser: "Công ty May Rạch Giá", place: "Phường Rạch Giá", topics: "viec-lam", link: "https://vieclam.example.vn/tin/1", source: "feed", sourceId: "vl-1", feedId: rss.id });
    expect(job.deadline?.toISOString()).toBe(vietnamDayEnd("2027-03-31").toISOString());
    expect(byTitle.get("Ngày hội việc làm tháng 3")).toMatchObject({ kind: "job_fair", organiser: "Trung tâm Dịch vụ việc làm", status: "upcoming" });
    expect(byTitle.get("Cuộc thi Ý tưởng khởi nghiệp thanh niên 2027")).toMatchObject({ kind: "startup_call", organiser: "Tỉnh đoàn Kiên Giang", place: "online", topics: "khoi-nghiep", feedId: atom.id });
    const course = byTitle.get("Khóa tập huấn kỹ năng số cho thanh niên nông thôn và bộ đội xuất ngũ tại Rạch Giá")!;
    expect(course).toMatchObject({ kind: "course", place: "Phường Vĩnh Thanh, Rạch Giá", organiser: "Tỉnh đoàn Kiên Giang", sourceId: "ev-1@tinhdoan.example.vn", feedId: ics.id });
    expect(course.startsAt?.toISOString()).toBe("2027-03-10T01:00:00.000Z");
    expect(byTitle.get("Chiến dịch tình nguyện Mùa xuân")!.expiresAt.toISOString()).toBe(vietnamDayEnd("2027-03-23").toISOString());
    // The calendar's organiser-less events take the calendar's name.
    expect(byTitle.get("Giao lưu thanh niên trực tuyến")).toMatchObject({ organiser: "Lịch Tỉnh đoàn", place: "online" });

    expect(await resultOf(rss.id)).toEqual({
      outcome: "imported",
      format: "rss",
      items: 5,
      added: 2,
      updated: 0,
      unchanged: 0,
      duplicates: 0,
      expired: 1,
      refused: 2,
      problems: [
        { title: "Tuyển nhân viên bán hàng", field: "deadline", reason: "noDate" },
        { title: "Tuyển lái xe giao hàng", field: "link", reason: "https" },
      ],
    });
    expect(await resultOf(atom.id)).toMatchObject({ outcome: "imported", format: "atom", added: 1 });
    // Four events (the cancelled one is not read): three added, the February one over and skipped.
    expect(await resultOf(ics.id)).toMatchObject({ outcome: "imported", format: "ical", items: 4, added: 3, expired: 1, refused: 0 });
    expect(await fresh.db.prisma.auditLog.count({ where: { action: "opportunity.feedAdd" } })).toBe(3);
  });

  it("a second fetch adds nothing twice and brings a changed title; an unchanged feed answers 304 and stays as it was", async () => {
    clock.set("2027-03-01T03:00:00Z");
    const p = path("rss.xml");
    const feed = await add(server.serve(p, { body: RSS, etag: '"v1"' }));
    await fetchDue();
    const before = await current();
    expect(before).toHaveLength(2);
    const ids = before.map((r) => r.id).sort();

    clock.advance(61 * MINUTE);
    expect(await fetchDue()).toMatchObject({ fetched: 1, notModified: 1, added: 0 });
    expect(server.hits(p).map((h) => h.ifNoneMatch)).toEqual([undefined, '"v1"']);
    expect(await resultOf(feed.id)).toEqual({ outcome: "not_modified" });

    // The department corrects a title and the server's ETag changes.
    server.serve(p, { body: RSS.replace("Tuyển 20 công nhân may &amp; đóng gói", "Tuyển 25 công nhân may và đóng gói"), etag: '"v2"' });
    clock.advance(61 * MINUTE);
    expect(await fetchDue()).toMatchObject({ fetched: 1, added: 0, updated: 1 });
    const after = await current();
    expect(after.map((r) => r.id).sort()).toEqual(ids);
    expect(after.map((r) => r.title).sort()).toEqual(["Ngày hội việc làm tháng 3", "Tuyển 25 công nhân may và đóng gói"]);
    expect(await resultOf(feed.id)).toMatchObject({ added: 0, updated: 1, unchanged: 1 });
    expect(await fresh.db.prisma.opportunity.count()).toBe(2);

    // Fetched again at once from the console, with the same ETag: a 304 again, nothing changes.
    await fetchFeedNow({ db: fresh.db, actor: coordinator, id: feed.id, now: clock.now(), topics, settings: allowed });
    expect(server.hits(p).at(-1)?.ifNoneMatch).toBe('"v2"');
    expect(await resultOf(feed.id)).toEqual({ outcome: "not_modified" });
  });

  it("counts an item that another source already has as a duplicate, and keeps a withdrawn one withdrawn", async () => {
    clock.set("2027-03-01T03:00:00Z");
    await createOpportunity({
      db: fresh.db,
      actor: coordinator,
      input: { kind: "event", title: "Chiến dịch tình nguyện Mùa xuân", organiser: "Lịch Tỉnh đoàn", place: "Xã Tân Hiệp", startsAt: "2027-03-22", topics: "" },
      topics,
      now: clock.now(),
    });
    const p = path("lich.ics");
    const feed = await add(server.serve(p, { body: ICS, contentType: "text/calendar" }), { kind: "event", place: "", topics: "" });
    await fetchDue();
    expect(await resultOf(feed.id)).toMatchObject({ added: 2, duplicates: 1, expired: 1 });
    expect(await fresh.db.prisma.opportunity.count({ where: { title: "Chiến dịch tình nguyện Mùa xuân" } })).toBe(1);

    // A coordinator withdraws one the feed brought; the feed then changes it: it stays withdrawn, as it was.
    const online = await fresh.db.prisma.opportunity.findFirstOrThrow({ where: { sourceId: "ev-3@tinhdoan.example.vn" } });
    await withdrawOpportunity({ db: fresh.db, actor: coordinator, id: online.id, now: clock.now() });
    server.serve(p, { body: ICS.replace("SUMMARY:Giao lưu thanh niên trực tuyến", "SUMMARY:Giao lưu thanh niên trực tuyến (đổi giờ)"), contentType: "text/calendar" });
    clock.advance(61 * MINUTE);
    await fetchDue();
    expect(await resultOf(feed.id)).toMatchObject({ added: 0, updated: 0, unchanged: 2, duplicates: 1 });
    expect(await fresh.db.prisma.opportunity.findUniqueOrThrow({ where: { id: online.id } })).toMatchObject({ title: "Giao lưu thanh niên trực tuyến", withdrawnAt: expect.any(Date) });
  });

  it("reports a broken feed (HTTP error, not a feed, too big, too slow) and still imports the others", async () => {
    clock.set("2027-03-01T03:00:00Z");
    const good = await add(server.serve(path("rss.xml"), { body: RSS }));
    const error = await add(server.serve(path("error.xml"), { status: 500, body: "Internal Server Error" }));
    const html = await add(server.serve(path("page.html"), { body: "<!doctype html><html><body>Trang chủ</body></html>", contentType: "text/html" }));
    const big = await add(server.serve(path("big.xml"), { body: Buffer.alloc(64 * 1024, "a") }));
    const slow = await add(server.serve(path("slow.xml"), { hang: true }));
    const missing = await add(server.url(path("khong-co.xml")));

    const summary = await fetchDue({ allowPrivate: true, timeoutMs: 1500, maxBytes: 32 * 1024 });
    expect(summary).toMatchObject({ fetched: 6, added: 2, failed: 5 });
    expect(await resultOf(good.id)).toMatchObject({ outcome: "imported", added: 2 });
    expect(await resultOf(error.id)).toEqual({ outcome: "failed", reason: "status", status: 500 });
    expect(await resultOf(html.id)).toEqual({ outcome: "failed", reason: "format" });
    expect(await resultOf(big.id)).toEqual({ outcome: "failed", reason: "too_large" });
    expect(await resultOf(slow.id)).toEqual({ outcome: "failed", reason: "timeout" });
    expect(await resultOf(missing.id)).toEqual({ outcome: "failed", reason: "status", status: 404 });
    expect(await current()).toHaveLength(2);
    // A failed feed keeps no validators: the next fetch asks for the whole file again.
    expect((await fresh.db.prisma.opportunityFeed.findUniqueOrThrow({ where: { id: error.id } })).etag).toBeNull();
  });

  it("refuses a feed address on the server's own network when it is added, and again when it is fetched", async () => {
    clock.set("2027-03-01T03:00:00Z");
    const p = path("rss.xml");
    const url = server.serve(p, { body: RSS });
    const refusal = async (input: string) => {
      try {
        await add(input, {}, { allowPrivate: false });
        return "added";
      } catch (err) {
        return isAppError(err, "bad_request") ? String(err.detail?.reason) : String(err);
      }
    };
    expect(await refusal(url)).toBe("address");
    expect(await refusal("http://localhost:9/rss")).toBe("address");
    expect(await refusal("http://[::1]/rss")).toBe("address");
    expect(await refusal("http://169.254.169.254/latest/meta-data/")).toBe("address");
    expect(await refusal("ftp://vieclam.example.vn/rss")).toBe("scheme");
    expect(await fresh.db.prisma.opportunityFeed.count()).toBe(0);

    // Added while allowed (as tests do), fetched by a service that does not allow it: nothing is requested.
    const feed = await add(url);
    await fetchDue({ allowPrivate: false });
    expect(await resultOf(feed.id)).toEqual({ outcome: "failed", reason: "address" });
    expect(server.hits(p)).toHaveLength(0);

    // Where it is allowed, a redirect is followed (each hop's address is checked the same way).
    const hop = path("redirect");
    const redirecting = await add(server.serve(hop, { location: url }));
    clock.advance(61 * MINUTE);
    await fetchFeedNow({ db: fresh.db, actor: coordinator, id: redirecting.id, now: clock.now(), topics, settings: allowed });
    expect(await resultOf(redirecting.id)).toMatchObject({ outcome: "imported", added: 2 });
  });

  it("the job fetches a feed when it is due and not before, skips paused feeds, and two runs at once fetch it once", async () => {
    clock.set("2027-03-01T03:00:00Z");
    const pa = path("a.ics");
    const pb = path("b.ics");
    const a = await add(server.serve(pa, { body: ICS }), { kind: "event", place: "", topics: "" });
    const b = await add(server.serve(pb, { body: ICS.replace(/UID:ev-/g, "UID:b-").replace(/SUMMARY:/g, "SUMMARY:Lịch B: ") }), { kind: "event", place: "", topics: "" });
    await setFeedPaused({ db: fresh.db, actor: coordinator, id: b.id, paused: true, now: clock.now() });
    const prompts = Prompts.load();
    const job = feedJob({ db: fresh.db, texts: { prompts, publicBaseUrl: undefined }, topics, pollMinutes: 60, settings: allowed, log: createLogger("silent") });

    // Two instances running the job at the same instant: the feed is claimed by one of them.
    await Promise.all([job.run(clock.now()), job.run(clock.now())]);
    expect(server.hits(pa)).toHaveLength(1);
    expect(server.hits(pb)).toHaveLength(0);

    clock.advance(30 * MINUTE);
    await job.run(clock.now());
    expect(server.hits(pa)).toHaveLength(1);

    clock.advance(30 * MINUTE);
    await job.run(clock.now());
    expect(server.hits(pa)).toHaveLength(2);

    await setFeedPaused({ db: fresh.db, actor: coordinator, id: b.id, paused: false, now: clock.now() });
    clock.advance(1 * MINUTE);
    await job.run(clock.now());
    expect(server.hits(pa)).toHaveLength(2);
    expect(server.hits(pb)).toHaveLength(1);
    expect((await current()).filter((r) => r.title.startsWith("Lịch B: "))).toHaveLength(3);

    const feeds = await listFeeds(fresh.db, clock.now());
    expect(feeds.map((f) => [f.url, f.active, f.current]).sort()).toEqual([
      [server.url(pa), true, 3],
      [server.url(pb), true, 3],
    ]);
  });

  it("pausing, resuming and deleting are audited; a deleted feed's opportunities stay; department staff cannot manage feeds", async () => {
    clock.set("2027-03-01T03:00:00Z");
    const url = server.serve(path("rss.xml"), { body: RSS });
    const feed = await add(url);
    await fetchDue();
    await setFeedPaused({ db: fresh.db, actor: coordinator, id: feed.id, paused: true, now: clock.now() });
    await setFeedPaused({ db: fresh.db, actor: coordinator, id: feed.id, paused: false, now: clock.now() });
    await removeFeed({ db: fresh.db, actor: coordinator, id: feed.id });
    const audit = await fresh.db.prisma.auditLog.findMany({ orderBy: { id: "asc" }, select: { action: true, actor: true, detail: true } });
    expect(audit.map((a) => a.action)).toEqual(["opportunity.feedAdd", "opportunity.feedPause", "opportunity.feedResume", "opportunity.feedDelete"]);
    expect(audit.map((a) => JSON.parse(a.detail).title)).toEqual([url, url, url, url]);
    expect(await fresh.db.prisma.opportunityFeed.count()).toBe(0);
    expect((await current()).map((r) => r.feedId)).toEqual([null, null]);

    const refused = await addFeed({ db: fresh.db, actor: departmentStaff, input: { url: server.url("/y.xml"), kind: "job" }, topics, now: clock.now(), allowPrivate: true }).catch((err: unknown) => err);
    expect(isAppError(refused, "forbidden")).toBe(true);
    expect(await fresh.db.prisma.opportunityFeed.count()).toBe(0);
  });
}
