// Working the queue over real HTTP, for each role: department staff see and answer only their
// department's items (others are a 404, even by URL), coordinators reassign and merge, the answer
// reaches the young person's web chat, personal data is shown only with consent (and the viewing
// is audit-logged), and exports carry no personal data.
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runApp, type RunningApp } from "../support/app.ts";
import { addStaff, fileProposal, loggedIn, type ConsoleClient } from "./console-client.ts";

const HOC_NGHE = "Đề nghị mở thêm lớp học nghề miễn phí cho thanh niên nông thôn ở xã em";
const VIEC_LAM = "Đề nghị tổ chức thêm phiên giao dịch việc làm cho thanh niên ở huyện";

describe("the queue and its items", () => {
  let app: RunningApp;
  let education: ConsoleClient;
  let labour: ConsoleClient;
  let coordinator: ConsoleClient;
  let admin: ConsoleClient;
  let hocNghe: string;
  let viecLam: string;

  beforeAll(async () => {
    app = await runApp();
    await addStaff(app, "gddt@tinh.gov.vn", "department", "so-giao-duc-dao-tao");
    await addStaff(app, "noivu@tinh.gov.vn", "department", "Sở Nội vụ");
    await addStaff(app, "dieuphoi@tinh.gov.vn", "coordinator");
    await addStaff(app, "admin@tinh.gov.vn", "admin");
    education = await loggedIn(app, "gddt@tinh.gov.vn");
    labour = await loggedIn(app, "noivu@tinh.gov.vn");
    coordinator = await loggedIn(app, "dieuphoi@tinh.gov.vn");
    admin = await loggedIn(app, "admin@tinh.gov.vn");
    hocNghe = await fileProposal(app, "web-hoc-nghe", HOC_NGHE, "0912 345 678");
    viecLam = await fileProposal(app, "web-viec-lam", VIEC_LAM);
  });
  afterAll(async () => {
    await app.stop();
  });

  it("shows department staff only their department's items", async () => {
    const own = await education.page("/console/queue");
    expect(own.html).toContain(hocNghe);
    expect(own.html).not.toContain(viecLam);
    const search = await labour.page(`/console/queue?q=${hocNghe}`);
    expect(search.html).not.toContain(`/console/items/${hocNghe}`);
    expect(search.html).toContain("Không có mục nào");
    const all = await coordinator.page("/console/queue?status=open&sort=created");
    expect(all.html).toContain(hocNghe);
    expect(all.html).toContain(viecLam);
  });

  it("answers another department's item by URL with 404, for reading and for writing", async () => {
    expect((await labour.page(`/console/items/${hocNghe}`)).res.status).toBe(404);
    expect((await labour.fetch(`/console/items/${hocNghe}/deliveries`)).status).toBe(404);
    const answer = await labour.post(`/console/items/${hocNghe}/answer`, { answer: "Trả lời không đúng thẩm quyền" });
    expect(answer.status).toBe(404);
    const note = await labour.post(`/console/items/${hocNghe}/note`, { text: "ghi chú lạ" });
    expect(note.status).toBe(404);
    const p = await app.db.prisma.proposal.findUniqueOrThrow({ where: { code: hocNghe }, include: { notes: true } });
    expect(p.answer).toBeNull();
    expect(p.notes).toHaveLength(0);
    expect((await labour.page("/console/items/KN-2099-99999")).res.status).toBe(404);
  });

  it("lets department staff answer their item; the answer reaches the author's web chat", async () => {
    const page = await education.page(`/console/items/${hocNghe}`);
    expect(page.res.status).toBe(200);
    expect(page.html).toContain(HOC_NGHE);
    const res = await education.post(`/console/items/${hocNghe}/answer`, { answer: "Sở sẽ mở 3 lớp học nghề miễn phí từ tháng 6." });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/console/items/${hocNghe}?ok=answered`);
    const inbox = await app.web("web-hoc-nghe").inbox();
    expect(inbox.map((m) => m.text).join("\n")).toContain("Sở sẽ mở 3 lớp học nghề miễn phí từ tháng 6.");
    const after = await education.page(`/console/items/${hocNghe}?ok=answered`);
    expect(after.html).toContain("Đã gửi câu trả lời");
    expect(after.html).toContain("Đã gửi"); // delivery status of the outbox message
    expect(after.html).toContain("gddt@tinh.gov.vn"); // in the history, as who answered
    expect(await app.db.prisma.auditLog.count({ where: { action: "proposal.answer", target: hocNghe, actor: "gddt@tinh.gov.vn" } })).toBe(1);
  });

  it("refuses an empty answer with a message, and rejection without a reason", async () => {
    const empty = await labour.post(`/console/items/${viecLam}/answer`, { answer: " " });
    expect(empty.headers.get("location")).toBe(`/console/items/${viecLam}?err=answer`);
    const reject = await labour.post(`/console/items/${viecLam}/status`, { status: "rejected", note: "" });
    expect(reject.headers.get("location")).toBe(`/console/items/${viecLam}?err=note`);
  });

  it("shows the person as a pseudonym, or their contact when they consented (audit-logged)", async () => {
    const withoutConsent = await coordinator.page(`/console/items/${viecLam}`);
    expect(withoutConsent.html).toMatch(/Người dùng #[0-9a-f]{8}/);
    const viewed = { action: "personal_data.view", target: hocNghe, actor: "dieuphoi@tinh.gov.vn" };
    const before = await app.db.prisma.auditLog.count({ where: viewed });
    const consented = await coordinator.page(`/console/items/${hocNghe}`);
    expect(consented.html).toContain("0912345678");
    expect(await app.db.prisma.auditLog.count({ where: viewed })).toBe(before + 1);
    // The delivery panel refreshes every few seconds; it shows no contact and logs nothing.
    expect(await (await coordinator.fetch(`/console/items/${hocNghe}/deliveries`)).text()).not.toContain("0912345678");
    expect(await app.db.prisma.auditLog.count({ where: viewed })).toBe(before + 1);
  });

  it("lets coordinators reassign (department staff get 403), with history and a notice to the author", async () => {
    const code = await fileProposal(app, "web-reassign", "Đề nghị hỗ trợ thanh niên tìm việc làm sau khi xuất ngũ trở về địa phương");
    const stored = await app.db.prisma.proposal.findUniqueOrThrow({ where: { code } });
    const education2 = await app.db.prisma.department.findUniqueOrThrow({ where: { slug: "so-giao-duc-dao-tao" } });
    const denied = await labour.post(`/console/items/${code}/reassign`, { departmentId: education2.id });
    expect(denied.status).toBe(403);
    const moved = await coordinator.post(`/console/items/${code}/reassign`, { departmentId: education2.id, note: "Thuộc lĩnh vực đào tạo nghề" });
    expect(moved.status).toBe(303);
    const after = await app.db.prisma.proposal.findUniqueOrThrow({ where: { code }, include: { events: { orderBy: { id: "asc" } } } });
    expect(after.departmentId).toBe(education2.id);
    expect(after.departmentId).not.toBe(stored.departmentId);
    expect(after.status).toBe("routed");
    expect(after.events.at(-1)).toMatchObject({ toStatus: "routed", actor: "dieuphoi@tinh.gov.vn", note: "Thuộc lĩnh vực đào tạo nghề" });
    expect((await education.page(`/console/items/${code}`)).res.status).toBe(200);
    expect((await labour.page(`/console/items/${code}`)).res.status).toBe(404);
  });

  it("suggests similar open items, merges them, and the main item's answer reaches everyone", async () => {
    const a = await fileProposal(app, "web-merge-a", "Đề nghị xây sân bóng đá mini cho thanh niên xã Tân Lập chơi thể thao");
    const b = await fileProposal(app, "web-merge-b", "de nghi xay san bong da mini cho thanh nien xa Tan Lap choi the thao buoi toi");
    const page = await coordinator.page(`/console/items/${b}`);
    expect(page.html).toContain(`Gộp vào ${a}`);
    expect((await education.post(`/console/items/${b}/merge`, { into: a })).status).toBe(403);
    const merged = await coordinator.post(`/console/items/${b}/merge`, { into: a });
    expect(merged.headers.get("location")).toBe(`/console/items/${b}?ok=merged`);
    const main = await app.db.prisma.proposal.findUniqueOrThrow({ where: { code: a } });
    expect((await app.db.prisma.proposal.findUniqueOrThrow({ where: { code: b } })).mergedIntoId).toBe(main.id);
    const answered = await coordinator.post(`/console/items/${a}/answer`, { answer: "Xã sẽ xây sân bóng trong năm nay." });
    expect(answered.status).toBe(303);
    for (const user of ["web-merge-a", "web-merge-b"]) {
      const inbox = await app.web(user).inbox();
      expect(inbox.map((m) => m.text).join("\n")).toContain("Xã sẽ xây sân bóng trong năm nay.");
    }
  });

  it("keeps internal notes and status changes in the history", async () => {
    expect((await labour.post(`/console/items/${viecLam}/note`, { text: "Đã liên hệ Trung tâm dịch vụ việc làm" })).status).toBe(303);
    expect((await labour.post(`/console/items/${viecLam}/status`, { status: "in_progress" })).status).toBe(303);
    expect((await labour.post(`/console/items/${viecLam}/status`, { status: "rejected", note: "Đã có phiên giao dịch hằng tháng" })).status).toBe(303);
    const page = await labour.page(`/console/items/${viecLam}`);
    expect(page.html).toContain("Đã liên hệ Trung tâm dịch vụ việc làm");
    expect(page.html).toContain("Đã có phiên giao dịch hằng tháng");
    const inbox = await app.web("web-viec-lam").inbox();
    expect(inbox.map((m) => m.text).join("\n")).toContain("Đã có phiên giao dịch hằng tháng");
  });

  it("exports to CSV and XLSX without personal data, except the contact of people who consented", async () => {
    await fileProposal(app, "web-pii", "Em tên Lan, sđt 0987.654.321, email lan@example.com, CCCD 001203004567 xin hỗ trợ học nghề");
    expect((await education.fetch("/console/export.csv")).status).toBe(403);
    const csvRes = await admin.fetch("/console/export.csv");
    expect(csvRes.status).toBe(200);
    expect(csvRes.headers.get("content-disposition")).toMatch(/attachment; filename="kien-nghi-\d{4}-\d{2}-\d{2}\.csv"/);
    const bytes = Buffer.from(await csvRes.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // the BOM Excel needs for UTF-8
    const csv = bytes.toString("utf8");
    expect(csv).toContain("[số điện thoại đã ẩn]");
    expect(csv).toContain("[email đã ẩn]");
    expect(csv).toContain("[số giấy tờ đã ẩn]");
    expect(csv).not.toMatch(/0987|lan@example|001203004567/);
    expect(csv).toContain("0912345678"); // consented contact column
    const xlsxRes = await admin.fetch(`/console/export.xlsx?q=${hocNghe}`);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(await xlsxRes.arrayBuffer()) as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    expect(sheet.rowCount).toBe(2);
    expect(sheet.getRow(1).getCell(1).value).toBe("Mã");
    expect(sheet.getRow(2).getCell(1).value).toBe(hocNghe);
    expect(await app.db.prisma.auditLog.count({ where: { action: "proposal.export" } })).toBe(2);
  });
});
