// Opportunities from the console to the public: a coordinator adds one (a form with a past deadline
// comes back with a Vietnamese sentence and what was typed), imports a CSV and reads the report line
// by line; department staff are kept out. The public page /co-hoi lists the current ones without a
// script, filtered by kind and place through the query string, in Vietnamese and English, and
// /api/v1/opportunities gives the same data as JSON without a token, described in the OpenAPI.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixedClock } from "../../src/clock.ts";
import { addStaff, loggedIn, type ConsoleClient } from "../console/console-client.ts";
import { json, runApp, type RunningApp } from "../support/app.ts";

const FORM = {
  kind: "job_fair",
  title: "Ngày hội việc làm thanh niên Rạch Giá",
  organiser: "Trung tâm Dịch vụ việc làm",
  place: "Phường Rạch Giá",
  startsAt: "2027-03-20",
  endsAt: "",
  deadline: "",
  ageMin: "16",
  ageMax: "30",
  topics: "viec-lam",
  link: "https://vieclam.example.vn/ngay-hoi",
  contact: "Phòng tư vấn của Trung tâm",
};

const CSV = [
  "kind,title,organiser,place,deadline,topics,link",
  "course,Khóa học nghề hàn miễn phí,Trường Cao đẳng Kiên Giang,Phường Rạch Giá,25/03/2027,viec-lam,https://cd.example.vn/han",
  "startup_call,Cuộc thi Ý tưởng khởi nghiệp 2027,Tỉnh đoàn,online,15/04/2027,khoi-nghiep,",
  "job,Tuyển nhân viên đã hết hạn,Công ty A,Phường Rạch Giá,01/02/2027,,",
].join("\n");

describe("opportunities: console, public page and API", () => {
  let app: RunningApp;
  let coordinator: ConsoleClient;
  const clock = fixedClock("2027-03-01T03:00:00Z");

  beforeAll(async () => {
    app = await runApp({ clock });
    await addStaff(app, "dieuphoi@tinh.gov.vn", "coordinator");
    await addStaff(app, "canbo@tinh.gov.vn", "department", "Sở Nội vụ");
    coordinator = await loggedIn(app, "dieuphoi@tinh.gov.vn");
  });
  afterAll(async () => {
    await app.stop();
  });

  it("adds an opportunity from the console, refusing a past deadline with a clear message and the values kept", async () => {
    const department = await loggedIn(app, "canbo@tinh.gov.vn");
    expect((await department.page("/console/opportunities")).res.status).toBe(403);
    expect((await coordinator.page("/console/opportunities")).html).toContain("Chưa có cơ hội nào");

    const bad = await coordinator.post("/console/opportunities", { ...FORM, startsAt: "", deadline: "2027-02-20" });
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(html).toContain("Cơ hội này đã hết hạn hoặc đã kết thúc");
    expect(html).toContain(`value="${FORM.title}"`);
    const insecure = await coordinator.post("/console/opportunities", { ...FORM, link: "http://vieclam.example.vn" });
    expect(await insecure.text()).toContain("Đường dẫn: phải là địa chỉ bắt đầu bằng https://.");
    expect(await app.db.prisma.opportunity.count()).toBe(0);

    const ok = await coordinator.post("/console/opportunities", FORM);
    expect(ok.status).toBe(303);
    const dup = await coordinator.post("/console/opportunities", { ...FORM, title: "ngay hoi viec lam thanh nien rach gia" });
    expect(await dup.text()).toContain("Đã có cơ hội trùng");
    expect(await app.db.prisma.opportunity.count()).toBe(1);
  });

  it("imports a CSV and reports each line", async () => {
    await coordinator.page("/console/opportunities");
    const form = new FormData();
    form.set("_csrf", coordinator.csrf);
    form.set("file", new Blob([CSV]), "co-hoi.csv");
    const res = await coordinator.fetch("/console/opportunities/import", { method: "POST", body: form, headers: { accept: "text/html" } });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("Đã thêm 2</strong>, trùng 0, không thêm được 1");
    expect(html).toMatch(/<td data-label="Dòng">4<\/td><td data-label="Tên">Tuyển nhân viên đã hết hạn<\/td><td data-label="Kết quả">Không thêm: Cơ hội này đã hết hạn/);
  });

  it("lists the current ones at /co-hoi without a script, filtered by kind and place, in Vietnamese and English", async () => {
    const all = await app.get("/co-hoi");
    expect(all.status).toBe(200);
    expect(all.headers.get("content-security-policy")).toContain("script-src 'self'");
    const html = await all.text();
    expect(html).not.toContain("<script");
    expect(html).not.toContain(" style=");
    for (const title of [FORM.title, "Khóa học nghề hàn miễn phí", "Cuộc thi Ý tưởng khởi nghiệp 2027"]) expect(html).toContain(title);
    expect(html).toContain("16–30 tuổi");
    expect(html).toContain('href="https://vieclam.example.vn/ngay-hoi"');

    const courses = await (await app.get("/co-hoi?kind=course")).text();
    expect(courses).toContain("Khóa học nghề hàn miễn phí");
    expect(courses).not.toContain(FORM.title);
    const online = await (await app.get("/co-hoi?place=tr%E1%BB%B1c+tuy%E1%BA%BFn")).text();
    expect(online).toContain("Cuộc thi Ý tưởng khởi nghiệp 2027");
    expect(online).not.toContain("Khóa học nghề hàn");
    const english = await (await app.get("/co-hoi?lang=en&kind=bogus")).text();
    expect(english).toContain("Opportunities for young people");
    expect(english).toContain(FORM.title);

    clock.set("2027-03-26T03:00:00Z"); // the course's deadline has passed
    expect(await (await app.get("/co-hoi")).text()).not.toContain("Khóa học nghề hàn miễn phí");
    clock.set("2027-03-01T03:00:00Z");
  });

  it("gives the same data at /api/v1/opportunities without a token, as the OpenAPI describes it", async () => {
    const res = await app.get("/api/v1/opportunities?place=Rạch Giá phường&kind=job_fair");
    expect(res.status).toBe(200);
    const empty = await json(res);
    expect(empty.total).toBe(0); // the place is compared folded and whole, not word by word
    const body = await json(await app.get("/api/v1/opportunities?place=phuong%20rach%20gia"));
    expect(body.total).toBe(2);
    expect(body.items.map((o: { kind: string }) => o.kind)).toEqual(["job_fair", "course"]); // the nearest deadline or end first
    expect(body.items[1]).toEqual({
      id: expect.any(String),
      kind: "course",
      status: "open",
      title: "Khóa học nghề hàn miễn phí",
      organiser: "Trường Cao đẳng Kiên Giang",
      place: "Phường Rạch Giá",
      placeKey: "phuong rach gia",
      startsAt: null,
      endsAt: null,
      deadline: "2027-03-25T16:59:59.999Z",
      expiresAt: "2027-03-25T16:59:59.999Z",
      ageMin: null,
      ageMax: null,
      topics: ["viec-lam"],
      link: "https://cd.example.vn/han",
      contact: null,
    });
    expect(body.items[1]).not.toHaveProperty("source");
    expect((await app.get("/api/v1/opportunities?kind=concert")).status).toBe(400);
    const openapi = await json(await app.get("/api/v1/openapi.json"));
    const required: string[] = openapi.components.schemas.Opportunity.required;
    expect(required.sort()).toEqual(Object.keys(body.items[0]).sort());
    expect(openapi.paths["/api/v1/opportunities"].get.security).toEqual([]);
  });
});
