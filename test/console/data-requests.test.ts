// The console queue "Yêu cầu về dữ liệu cá nhân": a request made in chat arrives with its legal
// deadline (2 working days: a Friday receipt is due on Tuesday), is highlighted and counted once
// overdue (the service's clock, a fixedClock, moved forward), and an administrator's reply reaches
// the person. Also the page "Dữ liệu đi đâu" and the privacy notice's sentence about a remote
// language model.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixedClock } from "../../src/clock.ts";
import { checkDataRequestDeadlines } from "../../src/privacy/check-data-request-deadlines.ts";
import { responseDueAt } from "../../src/privacy/data-request.ts";
import { runApp, type RunningApp } from "../support/app.ts";
import { addStaff, loggedIn } from "./console-client.ts";

describe("the legal deadline of a data request", () => {
  it.each([
    ["Friday morning", "2026-12-04T03:00:00Z", "2026-12-08T16:59:59.999Z"],
    ["Friday, late evening in Vietnam", "2026-12-04T16:30:00Z", "2026-12-08T16:59:59.999Z"],
    ["Saturday", "2026-12-05T05:00:00Z", "2026-12-08T16:59:59.999Z"],
    ["Sunday", "2026-12-06T05:00:00Z", "2026-12-08T16:59:59.999Z"],
    ["Monday", "2026-12-07T02:00:00Z", "2026-12-09T16:59:59.999Z"],
    ["Thursday", "2026-12-10T02:00:00Z", "2026-12-14T16:59:59.999Z"],
  ])("received on a %s is due at the end of the second working day after", (_label, received, due) => {
    expect(responseDueAt(new Date(received)).toISOString()).toBe(due);
  });
});

describe("console: personal data requests", () => {
  let app: RunningApp;
  const clock = fixedClock("2026-12-04T03:00:00Z"); // Friday 10:00 in Vietnam
  beforeAll(async () => {
    app = await runApp({ clock });
    await addStaff(app, "admin@tinhdoan.vn", "admin");
    await addStaff(app, "dieuphoi@tinhdoan.vn", "coordinator");
  });
  afterAll(async () => {
    await app.stop();
  });

  it("a request made on a Friday is due on Tuesday, highlighted and counted once overdue, and closed with a reply that reaches the person", async () => {
    const made = await app.chat("web-yeucau", "/yeucaudulieu Em muốn hạn chế xử lý dữ liệu của em, sđt 0912345678");
    const said = made.replies.map((r: { text: string }) => r.text).join("\n");
    expect(said).toContain("hạn chế xử lý dữ liệu");
    expect(said).toContain("ngày nhận 04/12/2026");
    expect(said).toContain("chậm nhất hết ngày 08/12/2026");
    const stored = await app.db.prisma.dataRequest.findFirstOrThrow();
    expect(stored).toMatchObject({ kind: "restrict", status: "open", channel: "web" });
    expect(stored.dueAt.toISOString()).toBe("2026-12-08T16:59:59.999Z");

    // Friday: on time, no alert.
    let admin = await loggedIn(app, "admin@tinhdoan.vn");
    let list = await admin.page("/console/data-requests");
    expect(list.res.status).toBe(200);
    expect(list.html).toContain("Hạn chế xử lý");
    expect(list.html).toContain("08/12/2026");
    expect(list.html).toContain("09******78"); // masked in the list
    expect(list.html).not.toContain("0912345678");
    expect(list.html).not.toContain('class="overdue"');
    expect(list.html).not.toContain('title="Quá hạn"');

    // Wednesday: overdue, highlighted, and counted beside the navigation entry on every page.
    clock.set("2026-12-09T02:00:00Z");
    admin = await loggedIn(app, "admin@tinhdoan.vn");
    list = await admin.page("/console/data-requests");
    expect(list.html).toContain('class="overdue"');
    expect(list.html).toContain("1 yêu cầu đã quá hạn phản hồi");
    const queue = await admin.page("/console/queue");
    expect(queue.html).toMatch(/Yêu cầu về dữ liệu cá nhân <span class="badge danger" title="Quá hạn">1<\/span>/);
    // The deadline job tells the administrators once.
    const notice = (n: { due: string }) => `quá hạn ${n.due}`;
    expect(await checkDataRequestDeadlines({ db: app.db, now: clock.now(), notice })).toEqual([stored.id]);
    expect(await checkDataRequestDeadlines({ db: app.db, now: clock.now(), notice })).toEqual([]);
    expect(await app.db.prisma.auditLog.count({ where: { action: "dataRequest.overdue", target: stored.id } })).toBe(1);

    // Coordinators do not see personal data requests.
    const coordinator = await loggedIn(app, "dieuphoi@tinhdoan.vn");
    expect((await coordinator.page("/console/data-requests")).res.status).toBe(403);
    expect((await coordinator.page("/console/queue")).html).not.toContain("Yêu cầu về dữ liệu cá nhân");

    // The detail shows the full text; an empty reply is refused; a reply closes and is delivered.
    const detail = await admin.page(`/console/data-requests/${stored.id}`);
    expect(detail.html).toContain("sđt 0912345678");
    const empty = await admin.post(`/console/data-requests/${stored.id}/close`, { reply: " " });
    expect(empty.headers.get("location")).toBe(`/console/data-requests/${stored.id}?err=reply`);
    const closed = await admin.post(`/console/data-requests/${stored.id}/close`, { reply: "Chúng tôi đã ngừng xử lý dữ liệu của bạn, trừ việc trả lời kiến nghị." });
    expect(closed.status).toBe(303);
    expect(closed.headers.get("location")).toBe(`/console/data-requests/${stored.id}?ok=dataRequestClosed`);
    const after = await app.db.prisma.dataRequest.findUniqueOrThrow({ where: { id: stored.id } });
    expect(after).toMatchObject({ status: "closed", closedBy: "admin@tinhdoan.vn" });
    const inbox = await app.web("web-yeucau").inbox();
    expect(inbox.map((m) => m.text).join("\n")).toContain("Chúng tôi đã ngừng xử lý dữ liệu của bạn");
    expect((await admin.page("/console/data-requests")).html).not.toContain('class="overdue"');
    // Closing twice is refused.
    const again = await admin.post(`/console/data-requests/${stored.id}/close`, { reply: "Lần nữa" });
    expect(again.headers.get("location")).toBe(`/console/data-requests/${stored.id}?err=conflict`);
  });

  it("asking to object to processing in plain words also lands in the queue; asking how does not", async () => {
    const asked = await app.chat("web-phandoi", "Em muốn phản đối xử lý dữ liệu cá nhân của em");
    expect(asked.replies[0].text).toContain("phản đối xử lý dữ liệu");
    expect(await app.db.prisma.dataRequest.count({ where: { kind: "object" } })).toBe(1);
    await app.chat("web-phandoi", "Làm sao để phản đối xử lý dữ liệu cá nhân?");
    expect(await app.db.prisma.dataRequest.count({ where: { kind: "object" } })).toBe(1);
  });

  it("'Dữ liệu đi đâu' lists the channels, database, backups and retention without a remote model", async () => {
    const admin = await loggedIn(app, "admin@tinhdoan.vn");
    const page = await admin.page("/console/data-flows");
    expect(page.res.status).toBe(200);
    expect(page.html).toContain('data-flow="database"');
    expect(page.html).toContain('data-flow="backups"');
    expect(page.html).toContain("180 ngày");
    expect(page.html).not.toContain('data-flow="llm"');
    expect(page.html).toContain("câu hỏi chỉ được xử lý trên máy chủ này");
    expect(await (await app.get("/privacy")).text()).not.toContain("dịch vụ xử lý ngôn ngữ bên ngoài");
  });
});

describe("with a remote language model configured", () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await runApp({ env: { LLM_BASE_URL: "http://127.0.0.1:9/v1", LLM_MODEL: "test-model" } });
    await addStaff(app, "admin@tinhdoan.vn", "admin");
  });
  afterAll(async () => {
    await app.stop();
  });

  it("names the host on 'Dữ liệu đi đâu' and in the privacy notice, with the masking sentence", async () => {
    const admin = await loggedIn(app, "admin@tinhdoan.vn");
    const page = await admin.page("/console/data-flows");
    expect(page.html).toContain('data-flow="llm"');
    expect(page.html).toContain("<code>127.0.0.1:9</code>");
    const notice = await (await app.get("/privacy")).text();
    expect(notice).toContain("dịch vụ xử lý ngôn ngữ bên ngoài (127.0.0.1:9)");
    expect(notice).toContain("số điện thoại, email, số giấy tờ tùy thân và địa chỉ được che đi");
    expect(notice).toContain("/dulieucuatoi");
    expect(notice).toContain("/rutdongy");
  });
});
