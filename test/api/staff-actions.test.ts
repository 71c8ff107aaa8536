// One use case per staff action, whether the staff member works in the console or their system
// calls the API: the same rule refuses the same move from both, both write the same audit entry,
// and the change and its audit entry commit together or not at all.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiToken } from "../../src/staff/create-api-token.ts";
import { json, runApp, type RunningApp } from "../support/app.ts";
import { addStaff, fileProposal, loggedIn, type ConsoleClient } from "../console/console-client.ts";

const CLUB = "Đề nghị xã mở thêm câu lạc bộ bóng đá cho thanh niên vào buổi tối";
const LIBRARY = "Đề nghị thư viện huyện mở cửa thêm vào chiều thứ bảy cho học sinh";
const COORDINATOR = "dieuphoi@tinh.gov.vn";

describe("staff actions from the console and the API", () => {
  let app: RunningApp;
  let desk: ConsoleClient;
  let token: string;

  const api = (path: string, body: unknown) =>
    fetch(app.url + path, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: JSON.stringify(body) });
  const proposal = (code: string) => app.db.prisma.proposal.findUniqueOrThrow({ where: { code }, include: { events: true } });
  const noticesAbout = (code: string) => app.db.prisma.outboxMessage.count({ where: { payload: { contains: code } } });

  /** Makes every audit insert fail, as a full disk or a broken audit table would, while `act` runs. */
  async function withAuditDown<T>(act: () => Promise<T>): Promise<T> {
    await app.db.prisma.$executeRawUnsafe(`CREATE TRIGGER audit_down BEFORE INSERT ON "AuditLog" BEGIN SELECT RAISE(ABORT, 'audit log unavailable'); END`);
    try {
      return await act();
    } finally {
      await app.db.prisma.$executeRawUnsafe("DROP TRIGGER audit_down");
    }
  }

  beforeAll(async () => {
    app = await runApp();
    await addStaff(app, COORDINATOR, "coordinator");
    desk = await loggedIn(app, COORDINATOR);
    const staff = await app.db.prisma.staffUser.findUniqueOrThrow({ where: { email: COORDINATOR } });
    token = (await createApiToken({ db: app.db, staffId: staff.id, name: "test", actor: "test" })).token;
  });
  afterAll(async () => {
    await app.stop();
  });

  it("changes nothing and tells the author nothing when the audit entry cannot be written", async () => {
    const code = await fileProposal(app, "web-club", CLUB);
    const notices = await noticesAbout(code);

    const viaApi = await withAuditDown(() => api(`/api/v1/proposals/${code}/status`, { status: "in_progress" }));
    expect(viaApi.status).toBe(500);
    const viaConsole = await withAuditDown(() => desk.post(`/console/items/${code}/status`, { status: "closed" }));
    expect(viaConsole.status).toBe(500);
    const viaAnswer = await withAuditDown(() => api(`/api/v1/proposals/${code}/answer`, { text: "Xã sẽ mở câu lạc bộ từ tháng sau." }));
    expect(viaAnswer.status).toBe(500);

    const unchanged = await proposal(code);
    expect(unchanged).toMatchObject({ status: "received", answer: null });
    expect(unchanged.events.map((e) => e.toStatus)).toEqual(["received"]);
    expect(await noticesAbout(code)).toBe(notices);
    expect(await app.db.prisma.auditLog.count({ where: { target: code } })).toBe(0);

    // With the audit log back, the same call commits the change, its history and its audit entry.
    expect((await api(`/api/v1/proposals/${code}/status`, { status: "in_progress" })).status).toBe(200);
    expect((await proposal(code)).status).toBe("in_progress");
    expect(await noticesAbout(code)).toBe(notices + 1);
    const audit = await app.db.prisma.auditLog.findFirstOrThrow({ where: { target: code, action: "proposal.status" } });
    expect(JSON.parse(audit.detail)).toEqual({ from: "received", to: "in_progress" });
  });

  it("applies one rule from both: 'routed' means another department, and a too-short answer is refused", async () => {
    const code = await fileProposal(app, "web-library", LIBRARY);
    const home = (await proposal(code)).departmentId;
    const other = await app.db.prisma.department.findFirstOrThrow({ where: { id: { not: home } } });

    const apiSame = await api(`/api/v1/proposals/${code}/status`, { status: "routed" });
    expect(apiSame.status).toBe(409);
    expect((await json(apiSame)).error.code).toBe("conflict");
    const consoleSame = await desk.post(`/console/items/${code}/reassign`, { departmentId: home });
    expect(consoleSame.headers.get("location")).toContain("err=conflict");

    const apiShort = await api(`/api/v1/proposals/${code}/answer`, { text: "o" });
    expect((await json(apiShort)).error).toMatchObject({ code: "bad_request", field: "text" });
    const consoleShort = await desk.post(`/console/items/${code}/answer`, { answer: "o" });
    expect(consoleShort.headers.get("location")).toContain("err=answer");
    expect((await proposal(code)).events).toHaveLength(1);

    // A reassignment is the same action, with the same audit entry, from either side.
    expect((await desk.post(`/console/items/${code}/reassign`, { departmentId: other.id })).status).toBe(303);
    expect((await api(`/api/v1/proposals/${code}/status`, { status: "routed", department: home })).status).toBe(200);
    const entries = await app.db.prisma.auditLog.findMany({ where: { target: code }, orderBy: { id: "asc" } });
    expect(entries.map((e) => [e.action, e.actor, JSON.parse(e.detail)])).toEqual([
      ["proposal.reassign", COORDINATOR, { from: "received", to: "routed", fromDepartmentId: home, toDepartmentId: other.id }],
      ["proposal.reassign", `api:${COORDINATOR}`, { from: "routed", to: "routed", fromDepartmentId: other.id, toDepartmentId: home }],
    ]);
  });
});
