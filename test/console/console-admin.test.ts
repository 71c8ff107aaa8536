// Administrator pages over real HTTP: settings (departments, routing rules, staff accounts) and
// the audit log are for administrators only; the dashboard for coordinators and administrators.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runApp, type RunningApp } from "../support/app.ts";
import { addStaff, ConsoleClient, loggedIn, PASSWORD, type ConsoleClient as Client } from "./console-client.ts";

describe("administration", () => {
  let app: RunningApp;
  let admin: Client;
  let coordinator: Client;
  let staff: Client;

  beforeAll(async () => {
    app = await runApp();
    await addStaff(app, "qt@tinh.gov.vn", "admin");
    await addStaff(app, "dp@tinh.gov.vn", "coordinator");
    await addStaff(app, "cb@tinh.gov.vn", "department", "so-tu-phap");
    admin = await loggedIn(app, "qt@tinh.gov.vn");
    coordinator = await loggedIn(app, "dp@tinh.gov.vn");
    staff = await loggedIn(app, "cb@tinh.gov.vn");
  });
  afterAll(async () => {
    await app.stop();
  });

  it("keeps settings and the audit log for administrators", async () => {
    for (const client of [coordinator, staff]) {
      expect((await client.page("/console/settings")).res.status).toBe(403);
      expect((await client.page("/console/audit")).res.status).toBe(403);
      expect((await client.post("/console/settings/departments", { name: "Sở Mới", dueDays: "10" })).status).toBe(403);
    }
    const page = await admin.page("/console/settings");
    expect(page.res.status).toBe(200);
    expect(page.html).toContain("Sở Tư pháp");
    expect((await admin.page("/console/audit")).res.status).toBe(200);
    expect(await app.db.prisma.department.count({ where: { name: "Sở Mới" } })).toBe(0);
  });

  it("adds a department and a routing rule that new proposals follow", async () => {
    const created = await admin.post("/console/settings/departments", { name: "Sở Nông nghiệp và Môi trường", description: "Nông nghiệp, đất đai, môi trường", dueDays: "10" });
    expect(created.headers.get("location")).toBe("/console/settings?ok=department");
    const dept = await app.db.prisma.department.findFirstOrThrow({ where: { name: "Sở Nông nghiệp và Môi trường" } });
    expect(dept).toMatchObject({ slug: "so-nong-nghiep-va-moi-truong", dueDays: 10 });
    const bad = await admin.post("/console/settings/rules", { departmentId: dept.id, topic: "Nông Nghiệp", keywords: "nông nghiệp công nghệ cao" });
    expect(bad.headers.get("location")).toBe("/console/settings?err=topic");
    await admin.post("/console/settings/rules", { departmentId: dept.id, keywords: "nông nghiệp công nghệ cao, trang trại", priority: "5" });
    const confirm = await app.chat("web-nong-nghiep", "/kiennghi đề nghị tỉnh hỗ trợ vốn cho thanh niên làm nông nghiệp công nghệ cao");
    expect(confirm.replies[0].text).toContain("Sở Nông nghiệp và Môi trường");
    expect((await app.chat("web-nong-nghiep", "đồng ý")).kind).toBe("proposal_created");
    const renamed = await admin.post(`/console/settings/departments/${dept.id}`, { name: "Sở Nông nghiệp và Môi trường tỉnh", description: "", dueDays: "12" });
    expect(renamed.status).toBe(303);
    expect(await app.db.prisma.department.findUniqueOrThrow({ where: { id: dept.id } })).toMatchObject({
      name: "Sở Nông nghiệp và Môi trường tỉnh",
      dueDays: 12,
      slug: "so-nong-nghiep-va-moi-truong",
    });
    expect(await app.db.prisma.auditLog.count({ where: { actor: "qt@tinh.gov.vn", action: { in: ["department.create", "department.update", "routingRule.create"] } } })).toBe(3);
  });

  it("creates, re-roles, resets and deactivates staff accounts", async () => {
    const tuPhap = await app.db.prisma.department.findUniqueOrThrow({ where: { slug: "so-tu-phap" } });
    const dup = await admin.post("/console/settings/staff", { email: "cb@tinh.gov.vn", name: "Trùng", role: "coordinator", password: PASSWORD });
    expect(dup.headers.get("location")).toBe("/console/settings?err=email");
    const noDept = await admin.post("/console/settings/staff", { email: "moi@tinh.gov.vn", name: "Mới", role: "department", password: PASSWORD });
    expect(noDept.headers.get("location")).toBe("/console/settings?err=department");
    const ok = await admin.post("/console/settings/staff", { email: "Moi@Tinh.gov.vn", name: "Cán bộ mới", role: "department", departmentId: tuPhap.id, password: PASSWORD });
    expect(ok.headers.get("location")).toBe("/console/settings?ok=staffCreated");
    const user = await app.db.prisma.staffUser.findUniqueOrThrow({ where: { email: "moi@tinh.gov.vn" } });
    const newcomer = await loggedIn(app, "moi@tinh.gov.vn");

    await admin.post(`/console/settings/staff/${user.id}/role`, { role: "coordinator", departmentId: "" });
    expect((await newcomer.page("/console/dashboard")).res.status).toBe(200); // the new role applies at once

    const reset = await admin.post(`/console/settings/staff/${user.id}/reset`);
    expect(reset.status).toBe(200);
    const temporary = /<code class="secret">([^<]+)<\/code>/.exec(await reset.text())![1]!;
    expect((await newcomer.page("/console/queue")).res.status).toBe(302); // sessions ended
    expect((await new ConsoleClient(app.url).login("moi@tinh.gov.vn", PASSWORD)).status).toBe(401);
    const again = await loggedIn(app, "moi@tinh.gov.vn").catch(() => undefined);
    expect(again).toBeUndefined();
    const withTemporary = new ConsoleClient(app.url);
    expect((await withTemporary.login("moi@tinh.gov.vn", temporary)).status).toBe(303);

    await admin.post(`/console/settings/staff/${user.id}/active`, { active: "0" });
    expect((await withTemporary.page("/console/queue")).res.status).toBe(302);
    expect((await new ConsoleClient(app.url).login("moi@tinh.gov.vn", temporary)).status).toBe(401);
    const self = await app.db.prisma.staffUser.findUniqueOrThrow({ where: { email: "qt@tinh.gov.vn" } });
    expect((await admin.post(`/console/settings/staff/${self.id}/active`, { active: "0" })).headers.get("location")).toBe("/console/settings?err=conflict");
  });

  it("shows the dashboard to coordinators with the chart data, not to department staff", async () => {
    const chartData = (html: string) => JSON.parse(/<script type="application\/json" id="dashboard-data">([\s\S]*?)<\/script>/.exec(html)![1]!);
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    const before = chartData((await coordinator.page("/console/dashboard")).html);
    await app.chat("web-dash", "thanh niên là người bao nhiêu tuổi");
    await app.chat("web-dash", "giá vé máy bay đi Phú Quốc hôm nay");
    expect((await staff.page("/console/dashboard")).res.status).toBe(403);
    const page = await coordinator.page("/console/dashboard");
    expect(page.res.status).toBe(200);
    expect(page.html).toContain('<script src="/console/assets/chart.umd.min.js" defer></script>');
    const data = chartData(page.html);
    // One question answered and one not, on top of what earlier tests left.
    expect(data.perDay.series.map((s: { label: string }) => s.label)).toEqual(["Trả lời được", "Chưa trả lời được"]);
    expect(sum(data.perDay.series[0].data) - sum(before.perDay.series[0].data)).toBe(1);
    expect(sum(data.perDay.series[1].data) - sum(before.perDay.series[1].data)).toBe(1);
    expect(data.departments.labels).toContain("Sở Nông nghiệp và Môi trường tỉnh");
  });

  it("filters the audit log", async () => {
    const page = await admin.page("/console/audit?action=staff.");
    expect(page.html).toContain("staff.create");
    expect(page.html).toContain("moi@tinh.gov.vn");
    expect(page.html).not.toContain("department.create</code>");
    const byActor = await admin.page("/console/audit?actor=dp%40tinh.gov.vn&action=auth.login");
    expect(byActor.html).toContain("auth.login");
    expect(byActor.html).not.toContain("qt@tinh.gov.vn</td>");
  });
});
