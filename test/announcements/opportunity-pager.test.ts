// /co-hoi shows 30 opportunities a page: with more, a pager links to the next page and back, and
// keeps the kind, the place and the language chosen, so page 2 of "jobs in Rạch Giá, in English"
// lists the rest of those jobs and nothing else.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOpportunity } from "../../src/announcements/create-opportunity.ts";
import { fixedClock } from "../../src/clock.ts";
import type { StaffActor } from "../../src/staff/staff-scope.ts";
import { runApp, type RunningApp } from "../support/app.ts";

const coordinator: StaffActor = { id: "c1", email: "dieuphoi@tinhdoan.gov.vn", name: "Điều phối", role: "coordinator", departmentId: null };
const pad = (n: number) => String(n).padStart(2, "0");
/** Job n's title; its deadline is the n-th day from 1 April, so the page lists them in this order. */
const job = (n: number) => `Tuyển công nhân xưởng số ${pad(n)}`;

describe("the /co-hoi pager", () => {
  let app: RunningApp;
  const clock = fixedClock("2027-03-01T03:00:00Z");
  beforeAll(async () => {
    app = await runApp({ clock });
    const add = (input: Record<string, string>) => createOpportunity({ db: app.db, actor: coordinator, input: { organiser: "Trung tâm Dịch vụ việc làm", ...input }, topics: new Set(), now: clock.now() });
    for (let n = 1; n <= 35; n++) await add({ kind: "job", title: job(n), place: "Phường Rạch Giá", deadline: n <= 30 ? `2027-04-${pad(n)}` : `2027-05-${pad(n - 30)}` });
    await add({ kind: "course", title: "Lớp tin học văn phòng", place: "Phường Rạch Giá", deadline: "2027-04-02" });
    await add({ kind: "job", title: "Tuyển hướng dẫn viên du lịch", place: "Đặc khu Phú Quốc", deadline: "2027-04-02" });
  });
  afterAll(async () => {
    await app.stop();
  });

  const titlesIn = (html: string) => [...html.matchAll(/<h2>([^<]+)<\/h2>/g)].map((m) => m[1]!);
  const hrefOf = (html: string, rel: "next" | "prev") => new RegExp(`<a href="([^"]+)" rel="${rel}">`).exec(html)?.[1]?.replaceAll("&amp;", "&");

  it("lists 35 jobs over two pages, keeping kind, place and language", async () => {
    const first = await (await app.get("/co-hoi?lang=en&kind=job&place=phuong+rach+gia")).text();
    expect(titlesIn(first)).toHaveLength(30);
    expect(first).toContain("Page 1 of 2");
    expect(hrefOf(first, "prev")).toBeUndefined();
    const next = hrefOf(first, "next")!;
    const query = new URL(next, app.url).searchParams;
    expect(Object.fromEntries(query)).toEqual({ lang: "en", kind: "job", place: "phuong rach gia", page: "2" });

    const second = await (await app.get(next)).text();
    const rest = titlesIn(second);
    expect(rest).toEqual([31, 32, 33, 34, 35].map(job));
    // Together the two pages hold every job of the filter once, and nothing else.
    expect([...titlesIn(first), ...rest].sort()).toEqual(Array.from({ length: 35 }, (_, i) => job(i + 1)).sort());
    expect(second).toContain("Opportunities for young people");
    expect(second).toContain("Page 2 of 2");
    expect(hrefOf(second, "next")).toBeUndefined();
    expect(new URL(hrefOf(second, "prev")!, app.url).searchParams.get("page")).toBe("1");
  });

  it("shows no pager when everything fits on one page", async () => {
    const courses = await (await app.get("/co-hoi?kind=course")).text();
    expect(titlesIn(courses)).toEqual(["Lớp tin học văn phòng"]);
    expect(courses).not.toContain('class="pager"');
  });
});
