// Opportunities as a coordinator and young people meet them, against a real database and a stopped
// clock: what is over is refused, the same opportunity entered twice is caught, an opportunity
// stops being shown once its deadline or end passes (without anyone touching it), and a CSV import
// with bad lines saves the good ones and says what was wrong with each bad one.
import { describe, expect, it } from "vitest";
import { createOpportunity } from "../../src/announcements/create-opportunity.ts";
import { editOpportunity } from "../../src/announcements/edit-opportunity.ts";
import { listCurrentOpportunities } from "../../src/announcements/find-opportunities.ts";
import { importOpportunities } from "../../src/announcements/import-opportunities.ts";
import { withdrawOpportunity } from "../../src/announcements/withdraw-opportunity.ts";
import { fixedClock } from "../../src/clock.ts";
import { isAppError } from "../../src/errors.ts";
import type { StaffActor } from "../../src/staff/staff-scope.ts";
import { freshDatabaseEachTest } from "../support/database.ts";

const coordinator: StaffActor = { id: "c1", email: "dieuphoi@tinhdoan.gov.vn", name: "Điều phối", role: "coordinator", departmentId: null };
const departmentStaff: StaffActor = { id: "d1", email: "canbo@so.gov.vn", name: "Cán bộ", role: "department", departmentId: "x" };
const topics = new Set(["viec-lam", "khoi-nghiep"]);

const FAIR = {
  kind: "job_fair",
  title: "Ngày hội việc làm thanh niên Rạch Giá",
  organiser: "Trung tâm Dịch vụ việc làm",
  place: "Phường Rạch Giá",
  startsAt: "2027-03-20",
  deadline: "",
  topics: "viec-lam",
  link: "https://vieclam.example.vn/ngay-hoi",
  contact: "Phòng tư vấn của Trung tâm",
};

async function refusal(p: Promise<unknown>) {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  if (!isAppError(err)) throw new Error(`expected an AppError, got ${String(err)}`);
  return { code: err.code, ...(err.detail as { field: string; reason: string }) };
}

describe("opportunities", () => {
  const fresh = freshDatabaseEachTest("sqlite");
  const clock = fixedClock("2027-03-01T03:00:00Z");
  const create = (input: Record<string, unknown>, actor = coordinator) => createOpportunity({ db: fresh.db, actor, input, topics, now: clock.now() });

  it("is shown until the end of its day and then disappears by itself, with the status derived from the clock", async () => {
    clock.set("2027-03-01T03:00:00Z");
    await create(FAIR);
    await create({ ...FAIR, kind: "job", title: "Tuyển 20 công nhân may", startsAt: "", deadline: "2027-03-10" });
    let list = await listCurrentOpportunities(fresh.db, clock.now());
    expect(list.rows.map((r) => [r.title, r.status])).toEqual([
      ["Tuyển 20 công nhân may", "open"],
      ["Ngày hội việc làm thanh niên Rạch Giá", "upcoming"],
    ]);
    clock.set("2027-03-10T16:00:00Z"); // 23:00 on the 10th in Vietnam: the deadline day still counts
    expect((await listCurrentOpportunities(fresh.db, clock.now())).total).toBe(2);
    clock.set("2027-03-10T16:59:30Z"); // 23:59:30 on the 10th ("đến 10/03", written 10/03/2027 too): its last minute still counts
    expect((await listCurrentOpportunities(fresh.db, clock.now())).total).toBe(2);
    await create({ ...FAIR, kind: "job", title: "Tuyển 5 thợ hàn", startsAt: "", deadline: "10/03/2027" });
    expect((await listCurrentOpportunities(fresh.db, clock.now())).total).toBe(3);
    clock.set("2027-03-11T01:00:00Z");
    list = await listCurrentOpportunities(fresh.db, clock.now());
    expect(list.rows.map((r) => r.title)).toEqual(["Ngày hội việc làm thanh niên Rạch Giá"]);
    clock.set("2027-03-20T03:00:00Z");
    expect((await listCurrentOpportunities(fresh.db, clock.now())).rows[0]!.status).toBe("open");
    clock.set("2027-03-20T16:59:30Z"); // a one-day event is shown to the last minute of its day
    expect((await listCurrentOpportunities(fresh.db, clock.now())).total).toBe(1);
    clock.set("2027-03-21T00:00:00Z");
    expect((await listCurrentOpportunities(fresh.db, clock.now())).total).toBe(0);
  });

  it("refuses the same opportunity entered twice, whatever the spelling of its title, but not on another day", async () => {
    clock.set("2027-03-01T03:00:00Z");
    await create(FAIR);
    expect(await refusal(create({ ...FAIR, title: "ngay hoi viec lam thanh nien, Rach Gia!", organiser: "TRUNG TÂM DỊCH VỤ VIỆC LÀM" }))).toMatchObject({ code: "conflict", reason: "duplicate" });
    await create({ ...FAIR, startsAt: "2027-04-20" });
    expect((await listCurrentOpportunities(fresh.db, clock.now())).total).toBe(2);
  });

  it("refuses what is over, dates out of order, a link that is not https, an unknown topic, and department staff", async () => {
    clock.set("2027-03-01T03:00:00Z");
    expect(await refusal(create({ ...FAIR, startsAt: "2027-02-27" }))).toMatchObject({ field: "endsAt", reason: "past" });
    expect(await refusal(create({ ...FAIR, startsAt: "", deadline: "28/02/2027" }))).toMatchObject({ field: "deadline", reason: "past" });
    expect(await refusal(create({ ...FAIR, endsAt: "2027-03-19" }))).toMatchObject({ field: "endsAt", reason: "order" });
    expect(await refusal(create({ ...FAIR, startsAt: "" }))).toMatchObject({ field: "deadline", reason: "noDate" });
    expect(await refusal(create({ ...FAIR, startsAt: "2027-02-30" }))).toMatchObject({ field: "startsAt", reason: "date" });
    expect(await refusal(create({ ...FAIR, link: "http://vieclam.example.vn" }))).toMatchObject({ field: "link", reason: "https" });
    expect(await refusal(create({ ...FAIR, topics: "viec-lam, bong-da" }))).toMatchObject({ field: "topics", reason: "topic" });
    expect(await refusal(create({ ...FAIR, kind: "" }))).toMatchObject({ field: "kind", reason: "required" });
    expect(await refusal(create({ ...FAIR, ageMin: "30", ageMax: "18" }))).toMatchObject({ field: "ageMax", reason: "age" });
    expect(await refusal(create(FAIR, departmentStaff))).toMatchObject({ code: "forbidden" });
    expect(await fresh.db.prisma.opportunity.count()).toBe(0);
    expect(await fresh.db.prisma.auditLog.count({ where: { action: "opportunity.create" } })).toBe(0);
  });

  it("an edit keeps the checks, and a withdrawn opportunity is no longer shown; each action is audited", async () => {
    clock.set("2027-03-01T03:00:00Z");
    const { id } = await create(FAIR);
    const other = await create({ ...FAIR, title: "Hội chợ việc làm Kiên Lương" });
    expect(await refusal(editOpportunity({ db: fresh.db, actor: coordinator, id: other.id, input: FAIR, topics, now: clock.now() }))).toMatchObject({ reason: "duplicate" });
    await editOpportunity({ db: fresh.db, actor: coordinator, id, input: { ...FAIR, place: "Trực tuyến" }, topics, now: clock.now() });
    expect((await listCurrentOpportunities(fresh.db, clock.now(), { placeKey: "online" })).rows.map((r) => r.id)).toEqual([id]);
    await withdrawOpportunity({ db: fresh.db, actor: coordinator, id, now: clock.now() });
    expect((await listCurrentOpportunities(fresh.db, clock.now())).rows.map((r) => r.id)).toEqual([other.id]);
    const actions = (await fresh.db.prisma.auditLog.findMany({ orderBy: { createdAt: "asc" } })).map((a) => a.action);
    expect(actions).toEqual(["opportunity.create", "opportunity.create", "opportunity.edit", "opportunity.withdraw"]);
  });

  it("imports a CSV line by line: good lines saved, duplicates and bad lines reported with their line and reason", async () => {
    clock.set("2027-03-01T03:00:00Z");
    await create(FAIR);
    const csv = [
      "\uFEFFkind;title;organiser;place;startsAt;endsAt;deadline;topics;link;contact",
      'course;"Khóa học nghề hàn miễn phí; cho bộ đội xuất ngũ";Trường Cao đẳng Kiên Giang;Phường Rạch Giá;01/04/2027;30/06/2027;25/03/2027;viec-lam;https://cd.example.vn/han;',
      "Cuộc thi khởi nghiệp;Cuộc thi Ý tưởng khởi nghiệp thanh niên 2027;Tỉnh đoàn;online;;;15/04/2027;khoi-nghiep;https://tinhdoan.example.vn/khoi-nghiep;",
      "job_fair;Ngày hội việc làm thanh niên Rạch Giá;Trung tâm Dịch vụ việc làm;Phường Rạch Giá;2027-03-20;;;viec-lam;;",
      "job;Tuyển nhân viên;Công ty A;Rạch Giá;;;2027-02-01;;;",
      "job;Tuyển thợ điện;Công ty B;Rạch Giá;;;2027-03-30;;http://insecure.example.vn;",
      "concert;Đêm nhạc thanh niên;Tỉnh đoàn;Rạch Giá;2027-03-30;;;;;",
      "",
      "course;Khóa học nghề hàn miễn phí; cho bộ đội xuất ngũ;Trường Cao đẳng Kiên Giang;Phường Rạch Giá;01/04/2027;30/06/2027;25/03/2027;viec-lam;https://cd.example.vn/han;",
    ].join("\r\n");
    const report = await importOpportunities({ db: fresh.db, actor: coordinator, csv, fileName: "co-hoi-thang-3.csv", topics, now: clock.now() });
    expect(report.lines.map((l) => [l.line, l.outcome, "field" in l ? `${l.field}:${l.reason}` : ""])).toEqual([
      [2, "imported", ""],
      [3, "imported", ""],
      [4, "duplicate", ""],
      [5, "refused", "deadline:past"],
      [6, "refused", "link:https"],
      [7, "refused", "kind:invalid"],
      [9, "refused", ":columns"],
    ]);
    expect(report).toMatchObject({ imported: 2, duplicates: 1, refused: 4 });
    const current = await listCurrentOpportunities(fresh.db, clock.now());
    expect(current.rows.map((r) => [r.kind, r.title]).sort()).toEqual([
      ["course", "Khóa học nghề hàn miễn phí; cho bộ đội xuất ngũ"],
      ["job_fair", "Ngày hội việc làm thanh niên Rạch Giá"],
      ["startup_call", "Cuộc thi Ý tưởng khởi nghiệp thanh niên 2027"],
    ]);
    const audit = await fresh.db.prisma.auditLog.findFirstOrThrow({ where: { action: "opportunity.import" } });
    expect(JSON.parse(audit.detail)).toMatchObject({ title: "co-hoi-thang-3.csv", rows: 2, duplicates: 1, refused: 4 });
  });

  it("refuses a file whose first row does not name the fields, saving nothing", async () => {
    const err = await refusal(importOpportunities({ db: fresh.db, actor: coordinator, csv: "ten,don vi\nA,B\n", topics, now: clock.now() }));
    expect(err).toMatchObject({ code: "bad_request", reason: "header" });
    expect(await fresh.db.prisma.opportunity.count()).toBe(0);
  });
});
