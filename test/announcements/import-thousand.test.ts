// A coordinator's real-sized import: a 1,000-line CSV of opportunities (the Excel export of several
// organisers' lists) in which 50 lines are bad — dates that are no dates, dates already past, kinds
// that are none of ours, links that are not https, fields left empty — and 20 are opportunities
// already known (10 entered in the console before, 10 repeated within the file). Every bad line is
// reported with the line a text editor shows (a cell with a line break inside makes the two differ
// from the row number) and the field and reason; every duplicate as a duplicate; everything else
// is imported, once.
import { describe, expect, it } from "vitest";
import { createOpportunity } from "../../src/announcements/create-opportunity.ts";
import { importOpportunities } from "../../src/announcements/import-opportunities.ts";
import { fixedClock } from "../../src/clock.ts";
import type { StaffActor } from "../../src/staff/staff-scope.ts";
import { freshDatabaseEachTest } from "../support/database.ts";

const coordinator: StaffActor = { id: "c1", email: "dieuphoi@tinhdoan.gov.vn", name: "Điều phối", role: "coordinator", departmentId: null };
const topics = new Set(["viec-lam", "khoi-nghiep"]);
const HEADER = "kind,title,organiser,place,startsAt,endsAt,deadline,ageMin,ageMax,topics,link,contact,sourceId";
const KINDS = ["job", "job_fair", "course", "startup_call", "volunteering", "event"] as const;
const PLACES = ["Phường Rạch Giá", "Xã Hòn Đất", "Phường Hà Tiên", "online", "Xã Thổ Châu"];

type Row = Record<string, string>;
const csvCell = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
const csvLine = (r: Row) => HEADER.split(",").map((c) => csvCell(r[c] ?? "")).join(",");

/** The n-th good opportunity: distinct title, organiser and start day, dates in the future. */
function good(n: number): Row {
  const day = String(1 + (n % 28)).padStart(2, "0");
  const month = String(4 + (n % 6)).padStart(2, "0");
  return {
    kind: KINDS[n % KINDS.length]!,
    title: `Cơ hội số ${n}: tuyển sinh, tuyển dụng thanh niên`,
    organiser: `Đơn vị tổ chức ${n % 40}`,
    place: PLACES[n % PLACES.length]!,
    startsAt: `${day}/${month}/2027`,
    endsAt: `2027-${month}-${day}T17:00`,
    deadline: "",
    ageMin: "16",
    ageMax: "30",
    topics: n % 2 ? "viec-lam" : "khoi-nghiep",
    link: `https://co-hoi.example.vn/${n}`,
    contact: n % 100 === 7 ? "Phòng tuyển sinh,\ntầng 2 Nhà văn hóa thanh niên" : "Văn phòng Tỉnh đoàn",
    sourceId: "",
  };
}

/** The bad lines: ten of each kind of mistake, each with the field and reason the report must give. */
const BAD: { row: (base: Row) => Row; field: string; reason: string }[] = [
  ...["45/13/2027", "ngày mai", "2027-02-30x", "20277-01-01", "mùng 5 tết"].flatMap((startsAt) => [
    { row: (b: Row) => ({ ...b, startsAt }), field: "startsAt", reason: "date" },
    { row: (b: Row) => ({ ...b, startsAt: "", endsAt: "", deadline: startsAt }), field: "deadline", reason: "date" },
  ]),
  ...["2027-02-28", "01/01/2027", "2026-12-31", "28/02/2027", "2027-03-01T06:00"].flatMap((over) => [
    { row: (b: Row) => ({ ...b, startsAt: "", endsAt: "", deadline: over }), field: "deadline", reason: "past" },
    { row: (b: Row) => ({ ...b, startsAt: "", endsAt: over, deadline: "" }), field: "endsAt", reason: "past" },
  ]),
  ...["hòa nhạc", "xổ số", "concert", "internship", "hội nghị cấp cao", "quảng cáo", "bán hàng đa cấp", "khuyến mãi", "game", "x"].map((kind) => ({
    row: (b: Row) => ({ ...b, kind }),
    field: "kind",
    reason: "invalid",
  })),
  ...["http://co-hoi.example.vn/a", "http://vieclam.example.vn", "ftp://files.example.vn/x", "www.example.vn", "co-hoi.example.vn/b"].flatMap((link) => [
    { row: (b: Row) => ({ ...b, link }), field: "link", reason: "https" },
    { row: (b: Row) => ({ ...b, link: link.toUpperCase() }), field: "link", reason: "https" },
  ]),
  ...[0, 1].flatMap(() => [
    { row: (b: Row) => ({ ...b, title: "" }), field: "title", reason: "required" },
    { row: (b: Row) => ({ ...b, organiser: "" }), field: "organiser", reason: "required" },
    { row: (b: Row) => ({ ...b, place: "" }), field: "place", reason: "required" },
    { row: (b: Row) => ({ ...b, kind: "" }), field: "kind", reason: "required" },
    { row: (b: Row) => ({ ...b, startsAt: "", endsAt: "", deadline: "" }), field: "deadline", reason: "noDate" },
  ]),
];

describe("importing 1,000 opportunities", () => {
  const fresh = freshDatabaseEachTest("sqlite");
  const clock = fixedClock("2027-03-01T03:00:00Z"); // 10:00 on 1 March in Vietnam

  it("imports the good lines and reports each bad one with its line and reason, and each duplicate as one", async () => {
    expect(BAD).toHaveLength(50);
    // Ten opportunities a coordinator had already entered in the console.
    for (let n = 0; n < 10; n++) await createOpportunity({ db: fresh.db, actor: coordinator, input: good(5000 + n), topics, now: clock.now() });

    // 1,000 lines: every 20th is bad, 10 repeat an earlier line, 10 repeat a console entry.
    const lines: string[] = [HEADER];
    const expected: { line: number; outcome: string; detail: string }[] = [];
    let editorLine = 2; // the header is line 1
    let next = 0; // the next new opportunity
    for (let i = 0; i < 1000; i++) {
      let row: Row;
      let outcome = "imported";
      let detail = "";
      if (i % 20 === 19) {
        const bad = BAD[(i - 19) / 20]!;
        row = bad.row(good(9000 + i));
        outcome = "refused";
        detail = `${bad.field}:${bad.reason}`;
      } else if (i % 97 === 50) {
        row = good(5000 + ((i - 50) / 97)); // already entered in the console
        outcome = "duplicate";
      } else if (i % 89 === 60 && i < 900) {
        row = good(next - 10); // the same as a line above
        outcome = "duplicate";
      } else row = good(next++);
      const text = csvLine(row);
      lines.push(text);
      expected.push({ line: editorLine, outcome, detail });
      editorLine += text.split("\n").length;
    }
    expect(expected.filter((e) => e.outcome === "duplicate")).toHaveLength(20);
    expect(editorLine - 1).toBeGreaterThan(1001); // some cells hold line breaks

    const report = await importOpportunities({ db: fresh.db, actor: coordinator, csv: lines.join("\r\n"), fileName: "co-hoi-quy-2.csv", topics, now: clock.now() });

    expect(report.lines.map((l) => ({ line: l.line, outcome: l.outcome, detail: l.outcome === "refused" ? `${l.field}:${l.reason}` : "" }))).toEqual(expected);
    expect(report).toMatchObject({ imported: 930, duplicates: 20, refused: 50 });
    // What is stored: the ten from the console and the 930 new ones, each once.
    expect(await fresh.db.prisma.opportunity.count()).toBe(940);
    expect(await fresh.db.prisma.opportunity.count({ where: { source: "csv" } })).toBe(930);
    const titles = await fresh.db.prisma.opportunity.findMany({ select: { title: true } });
    expect(new Set(titles.map((t) => t.title)).size).toBe(940);
    const audit = await fresh.db.prisma.auditLog.findFirstOrThrow({ where: { action: "opportunity.import" } });
    expect(JSON.parse(audit.detail)).toMatchObject({ title: "co-hoi-quy-2.csv", rows: 930, duplicates: 20, refused: 50 });
  }, 60_000);
});
