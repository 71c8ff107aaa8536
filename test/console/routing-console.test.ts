// Routing as staff and young people meet it: the item page names the rule that chose the
// department ("Quy tắc: từ khóa “trường thpt” → Sở Giáo dục và Đào tạo") with a link to edit that
// rule; the coordinator moves an item and corrects its topic from the same form; a commune/ward
// People's Committee added in settings receives its commune's local matters, the chat asking
// where the person lives when the proposal does not say.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runApp, type RunningApp } from "../support/app.ts";
import { addStaff, fileProposal, loggedIn, type ConsoleClient } from "./console-client.ts";

describe("routing in the console and the chat", () => {
  let app: RunningApp;
  let admin: ConsoleClient;
  let coordinator: ConsoleClient;

  beforeAll(async () => {
    app = await runApp();
    await addStaff(app, "qt@tinh.gov.vn", "admin");
    await addStaff(app, "dieuphoi@tinh.gov.vn", "coordinator");
    admin = await loggedIn(app, "qt@tinh.gov.vn");
    coordinator = await loggedIn(app, "dieuphoi@tinh.gov.vn");
  });
  afterAll(async () => {
    await app.stop();
  });

  const deptBySlug = (slug: string) => app.db.prisma.department.findUniqueOrThrow({ where: { slug } });

  it("shows which rule routed an item, and lets an administrator fix that rule", async () => {
    const code = await fileProposal(app, "web-truong", "Trường THPT của xã em thiếu phòng học, học sinh phải học ca ba");
    const item = await app.db.prisma.proposal.findUniqueOrThrow({ where: { code } });
    expect(item.routingRuleId).toBeTruthy();

    const page = (await admin.page(`/console/items/${code}`)).html;
    expect(page).toContain("Quy tắc: từ khóa “trường thpt”, “phòng học”, “học sinh” → Sở Giáo dục và Đào tạo");
    expect(page).toContain(`href="/console/settings/rules/${item.routingRuleId}"`);
    expect((await coordinator.page(`/console/items/${code}`)).html).not.toContain("/console/settings/rules/"); // not theirs to edit

    const rulePage = await admin.page(`/console/settings/rules/${item.routingRuleId}`);
    expect(rulePage.res.status).toBe(200);
    expect(rulePage.html).toContain("trường thpt");
    expect((await coordinator.page(`/console/settings/rules/${item.routingRuleId}`)).res.status).toBe(403);
    const education = await deptBySlug("so-giao-duc-dao-tao");
    const saved = await admin.post(`/console/settings/rules/${item.routingRuleId}`, { departmentId: education.id, topic: "giao-duc", keywords: "trường thpt, trường học", priority: "1" });
    expect(saved.headers.get("location")).toBe("/console/settings?ok=rule");
    expect(await app.db.prisma.routingRule.findUniqueOrThrow({ where: { id: item.routingRuleId! } })).toMatchObject({ keywords: "trường thpt, trường học", priority: 1 });
    expect(await app.db.prisma.auditLog.count({ where: { action: "routingRule.update", target: item.routingRuleId! } })).toBe(1);
  });

  it("moves an item and corrects its topic from the reassign form, or corrects the topic alone", async () => {
    const code = await fileProposal(app, "web-san-bong", "xã em chưa có sân bóng cho thanh niên, mong tỉnh đầu tư xây dựng");
    const before = await app.db.prisma.proposal.findUniqueOrThrow({ where: { code }, include: { department: true } });
    expect(before.department.slug).toBe("so-xay-dung");
    const page = (await coordinator.page(`/console/items/${code}`)).html;
    expect(page).toMatch(/<option value="nha-o" selected>Nhà ở, xây dựng<\/option>/);

    const culture = await deptBySlug("so-van-hoa-the-thao-du-lich");
    const moved = await coordinator.post(`/console/items/${code}/reassign`, { departmentId: culture.id, topic: "van-hoa-the-thao", note: "" });
    expect(moved.headers.get("location")).toBe(`/console/items/${code}?ok=reassigned`);
    expect(await app.db.prisma.proposal.findUniqueOrThrow({ where: { code } })).toMatchObject({ departmentId: culture.id, topic: "van-hoa-the-thao", status: "routed" });

    const corrected = await coordinator.post(`/console/items/${code}/reassign`, { departmentId: culture.id, topic: "" });
    expect(corrected.headers.get("location")).toBe(`/console/items/${code}?ok=topicCorrected`);
    expect((await app.db.prisma.proposal.findUniqueOrThrow({ where: { code } })).topic).toBeNull();
    const same = await coordinator.post(`/console/items/${code}/reassign`, { departmentId: culture.id, topic: "" });
    expect(same.headers.get("location")).toBe(`/console/items/${code}?err=conflict`);
    const unknown = await coordinator.post(`/console/items/${code}/reassign`, { departmentId: culture.id, topic: "khong-co-chu-de" });
    expect(unknown.headers.get("location")).toBe(`/console/items/${code}?err=topic`);
  });

  it("sends a local matter to the commune the person names, asking for it when the proposal does not say", async () => {
    const added = await admin.post("/console/settings/departments", { name: "UBND xã Tân Lập", kind: "commune", dueDays: "10" });
    expect(added.headers.get("location")).toBe("/console/settings?ok=department");
    const tanLap = await app.db.prisma.department.findFirstOrThrow({ where: { name: "UBND xã Tân Lập" } });
    expect(tanLap.kind).toBe("commune");
    expect((await admin.page("/console/settings")).html).toContain("UBND xã, phường");

    const user = "web-duong-lang";
    const ask = await app.chat(user, "/kiennghi Đường làng chỗ em ngập nước mỗi khi mưa, mong được sửa");
    expect(ask.replies[0].text).toContain("Bạn ở xã, phường hoặc đặc khu nào?");
    const confirm = await app.chat(user, "em ở Tân Lập ạ");
    expect(confirm.replies[0].text).toContain("UBND xã Tân Lập");
    const created = await app.chat(user, "đồng ý");
    expect(created.kind).toBe("proposal_created");
    const stored = await app.db.prisma.proposal.findUniqueOrThrow({ where: { code: created.proposal.code } });
    expect(stored).toMatchObject({ departmentId: tanLap.id, topic: "ha-tang-dia-phuong" });

    const skipper = "web-bo-qua";
    await app.chat(skipper, "/kiennghi Đèn đường chỗ em hỏng cả tháng nay, buổi tối rất tối");
    const toCoordinator = await app.chat(skipper, "bỏ qua");
    expect(toCoordinator.replies[0].text).toContain("Tỉnh đoàn (điều phối) (sẽ phân loại");

    // Named in the proposal itself: no question.
    const direct = await app.chat("web-tan-lap", "/kiennghi Đèn đường ở xã Tân Lập hỏng cả tháng nay");
    expect(direct.replies[0].text).toContain("UBND xã Tân Lập");
  });
});
