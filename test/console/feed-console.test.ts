// The "Nguồn cấp" section of the console's Cơ hội page, as a coordinator uses it: adding a feed
// (a refused address comes back with what was typed and one Vietnamese sentence), "Lấy ngay" and
// its result on the feed's row, pausing, resuming and deleting, each in the audit log; department
// staff cannot reach it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixedClock } from "../../src/clock.ts";
import { runApp, type RunningApp } from "../support/app.ts";
import { FakeFeedServer } from "../announcements/feed-server.ts";
import { RSS } from "../announcements/feed-samples.ts";
import { addStaff, loggedIn } from "./console-client.ts";

/** The text of a page, tags and entities aside, for reading what staff see. */
const visible = (html: string) =>
  html
    .replace(/<[^>]*>/g, " ")
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&amp;/g, "&")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, " ");

describe("console: opportunity feeds", () => {
  const server = new FakeFeedServer();
  let app: RunningApp;

  beforeAll(async () => {
    await server.start();
    app = await runApp({ env: { FEEDS_ALLOW_PRIVATE_ADDRESSES: "true", FEEDS_POLL_MINUTES: "30" }, clock: fixedClock("2027-03-01T03:00:00Z") });
    await addStaff(app, "dieuphoi@tinhdoan.gov.vn", "coordinator");
    await addStaff(app, "canbo@so.gov.vn", "department", "so-tu-phap");
    await addStaff(app, "quantri@tinhdoan.gov.vn", "admin");
  });
  afterAll(async () => {
    await app?.stop();
    await server.stop();
  });

  it("adds a feed, fetches it at once and shows the result, then pauses, resumes and deletes it, each audited", async () => {
    const url = server.serve("/viec-lam.rss", { body: RSS });
    const staff = await loggedIn(app, "dieuphoi@tinhdoan.gov.vn");
    let page = await staff.page("/console/opportunities");
    expect(visible(page.html)).toContain("Nguồn cấp (lịch iCal, RSS, Atom)");
    expect(visible(page.html)).toContain("Trợ lý tự lấy mỗi nguồn đang bật 30 phút một lần");
    expect(visible(page.html)).toContain("Chưa có nguồn cấp nào.");

    // A refused address: the form comes back with what was typed and one sentence.
    const refused = await staff.post("/console/opportunities/feeds", { url: "ftp://vieclam.example.vn/rss", kind: "job", place: "Phường Rạch Giá", topics: "" });
    expect(refused.status).toBe(400);
    const refusedHtml = await refused.text();
    expect(visible(refusedHtml)).toContain("Địa chỉ nguồn cấp: chỉ nhận địa chỉ bắt đầu bằng http:// hoặc https://.");
    expect(refusedHtml).toContain('value="ftp://vieclam.example.vn/rss"');

    const added = await staff.post("/console/opportunities/feeds", { url, kind: "job", place: "Phường Rạch Giá", topics: "" });
    expect(added.status).toBe(303);
    expect(added.headers.get("location")).toBe("/console/opportunities?feed=added#feeds");
    page = await staff.page("/console/opportunities?feed=added");
    expect(visible(page.html)).toContain("Đã thêm nguồn cấp.");
    expect(visible(page.html)).toContain(url);
    const feed = await app.db.prisma.opportunityFeed.findFirstOrThrow({ where: { url } });

    // The same address twice is refused.
    const twice = await staff.post("/console/opportunities/feeds", { url, kind: "job", place: "", topics: "" });
    expect(twice.status).toBe(400);
    expect(visible(await twice.text())).toContain("Nguồn cấp này đã có trong danh sách.");

    const fetched = await staff.post(`/console/opportunities/feeds/${feed.id}/fetch`);
    expect(fetched.headers.get("location")).toBe("/console/opportunities?feed=fetched#feeds");
    page = await staff.page("/console/opportunities?feed=fetched");
    const text = visible(page.html);
    expect(text).toMatch(/Đọc 5 mục: thêm \d, cập nhật 0, không đổi \d, trùng 0, đã qua hạn \(bỏ qua\) 1, lỗi 2\./);
    expect(text).toContain("“Tuyển nhân viên bán hàng”: Cần ít nhất một ngày (bắt đầu, kết thúc hoặc hạn đăng ký) để cơ hội tự hết hạn.");
    expect(text).toContain("“Tuyển lái xe giao hàng”: Đường dẫn: phải là địa chỉ bắt đầu bằng https://.");
    expect(text).toContain("2 cơ hội đang hiển thị");
    // The opportunities it brought are in the list below, and public.
    expect(text).toContain("Tuyển 20 công nhân may & đóng gói");
    const pub = await app.get("/co-hoi");
    expect(await pub.text()).toContain("Ngày hội việc làm tháng 3");

    expect((await staff.post(`/console/opportunities/feeds/${feed.id}/pause`)).status).toBe(303);
    page = await staff.page("/console/opportunities?feed=paused");
    expect(visible(page.html)).toContain("Đã tạm dừng nguồn cấp");
    expect(page.html).toContain(`/console/opportunities/feeds/${feed.id}/resume`);
    expect((await staff.post(`/console/opportunities/feeds/${feed.id}/resume`)).status).toBe(303);
    expect((await staff.post(`/console/opportunities/feeds/${feed.id}/delete`)).status).toBe(303);
    page = await staff.page("/console/opportunities?feed=deleted");
    expect(visible(page.html)).toContain("Đã xóa nguồn cấp. Các cơ hội đã lấy vẫn hiển thị đến khi hết hạn.");
    expect(visible(page.html)).toContain("Chưa có nguồn cấp nào.");

    // The administrator reads each action in the audit log, with the feed's address.
    const admin = await loggedIn(app, "quantri@tinhdoan.gov.vn");
    const audit = await admin.page("/console/audit");
    const auditText = visible(audit.html);
    for (const sentence of ["thêm nguồn cấp", "tạm dừng nguồn cấp", "cho lấy lại nguồn cấp", "xóa nguồn cấp"]) expect(auditText).toContain(`${sentence} “${url}”`);
  });

  it("is not for department staff", async () => {
    const staff = await loggedIn(app, "canbo@so.gov.vn");
    const res = await staff.post("/console/opportunities/feeds", { url: server.url("/x.rss"), kind: "job", place: "", topics: "" });
    expect(res.status).toBe(403);
    expect(await app.db.prisma.opportunityFeed.count({ where: { url: server.url("/x.rss") } })).toBe(0);
  });
});
