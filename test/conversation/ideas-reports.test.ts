// Ideas and reports as young people send them and coordinators receive them. An idea ("ý tưởng …",
// /ytuong) goes to the Youth Union with a YT- code and is tracked like a proposal. A report of a
// violation of children's or young people's rights ("em bị bạo hành", /baocao) gives the hotline
// 111 and the police 113 in the very first reply, even if the person goes no further; sent, it is
// urgent: on top of the coordinator's queue with a badge while it is open (once closed it takes its
// place among the others), and the deadlines job tells the coordinators at once (once).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixedClock } from "../../src/clock.ts";
import { detectIntent } from "../../src/conversation/intent.ts";
import type { Channel } from "../../src/conversation/messages.ts";
import { checkDeadlines } from "../../src/jobs/check-deadlines.ts";
import { changeProposalStatus } from "../../src/proposals/change-proposal-status.ts";
import { listProposals } from "../../src/proposals/list-proposals.ts";
import type { StaffActor } from "../../src/staff/staff-scope.ts";
import { runApp, type RunningApp } from "../support/app.ts";
import { addStaff, loggedIn } from "../console/console-client.ts";

describe("ideas and reports", () => {
  let app: RunningApp;
  const clock = fixedClock("2027-05-04T03:00:00Z");
  let n = 0;
  beforeAll(async () => {
    app = await runApp({ clock });
  });
  afterAll(async () => {
    await app.stop();
  });
  const say = async (channel: Channel, who: string, text: string) => {
    const result = await app.conversation.handle({ channel, chatId: who, userId: who, text, messageId: `m${++n}`, date: clock.now() });
    return { ...result!, texts: result!.replies.map((r) => r.text) };
  };

  it("reads ideas and reports from the ways people say them, and leaves questions about them as questions", () => {
    expect(detectIntent("Ý tưởng: mở quán cà phê sách cho sinh viên ở phường")).toMatchObject({ type: "idea", content: "mở quán cà phê sách cho sinh viên ở phường" });
    expect(detectIntent("em có sáng kiến làm ứng dụng tìm việc thời vụ cho thanh niên")).toMatchObject({ type: "idea" });
    expect(detectIntent("/ytuong")).toEqual({ type: "idea", content: "" });
    expect(detectIntent("ý tưởng kinh doanh nào hợp với sinh viên?").type).toBe("question");
    expect(detectIntent("em bị bạo hành")).toMatchObject({ type: "report" });
    expect(detectIntent("bạn em bị xâm hại ở trường thì phải làm sao")).toMatchObject({ type: "report" });
    expect(detectIntent("báo cáo vi phạm quyền trẻ em")).toMatchObject({ type: "report" });
    expect(detectIntent("/baocao")).toEqual({ type: "report", content: "" });
    expect(detectIntent("hành vi bạo hành trẻ em bị xử phạt thế nào").type).toBe("question");
  });

  it("sends an idea to the Youth Union with a YT- code that the sender can follow", async () => {
    const asked = await say("telegram", "tg-idea", "/ytuong");
    expect(asked.texts[0]).toContain("ý tưởng hoặc sáng kiến");
    const confirm = await say("telegram", "tg-idea", "Mở lớp dạy lập trình miễn phí cuối tuần cho thanh niên nông thôn");
    expect(confirm.texts[0]).toContain("Tỉnh đoàn");
    const sent = await say("telegram", "tg-idea", "đồng ý");
    const code = sent.proposal!.code;
    expect(code).toMatch(/^YT-2027-\d{5}$/);
    expect(sent.texts[0]).toContain(code);
    const stored = await app.db.prisma.proposal.findUniqueOrThrow({ where: { code }, include: { department: true } });
    expect(stored).toMatchObject({ kind: "idea", priority: "normal" });
    expect(stored.department.slug).toBe("tinh-doan");
    const tracked = await say("telegram", "tg-idea", `/theodoi ${code}`);
    expect(tracked.texts[0]).toContain(`Ý tưởng ${code}`);
  });

  it("gives 111 and 113 in the first reply to a child in danger, even if they stop there", async () => {
    const first = await say("zalo", "zl-child", "/baocao");
    expect(first.texts[0]).toContain("111");
    expect(first.texts[0]).toContain("113");
    const left = await say("zalo", "zl-child", "/huy");
    expect(left.kind).toBe("cancel");
    expect(await app.db.prisma.proposal.count({ where: { kind: "report" } })).toBe(0);
  });

  it("sends a report as urgent: on top of the coordinator's queue with a badge, announced to coordinators once", async () => {
    // An ordinary proposal due sooner than the report, to show that the report still comes first.
    await say("web", "web-other", "/kiennghi Đề nghị sửa đèn chiếu sáng ở sân bóng thanh niên của phường");
    await say("web", "web-other", "đồng ý");
    clock.advance(60_000);

    const first = await say("zalo", "zl-report", "em 14 tuổi, em bị bạo hành ở nhà, bố em hay đánh em");
    expect(first.texts[0]).toContain("111");
    expect(first.texts[0]).toContain("113");
    expect(first.texts[1]).toContain("không công khai");
    const sent = await say("zalo", "zl-report", "đồng ý");
    const code = sent.proposal!.code;
    expect(code).toMatch(/^BC-2027-\d{5}$/);
    expect(sent.texts.join("\n")).toContain("111");
    // A child reporting harm is not asked whether a parent agrees.
    expect(sent.texts.join("\n")).not.toContain("bố mẹ hoặc người giám hộ");
    expect(await app.db.prisma.proposal.findUniqueOrThrow({ where: { code } })).toMatchObject({ kind: "report", priority: "urgent" });

    const actor: StaffActor = { id: "c1", email: "dieuphoi@tinhdoan.gov.vn", name: "Điều phối", role: "coordinator", departmentId: null };
    const queue = await listProposals({ db: app.db, actor, filter: { status: "open" }, now: clock.now() });
    expect(queue.items[0]).toMatchObject({ code, priority: "urgent" });
    expect(queue.items.length).toBeGreaterThan(1);

    await addStaff(app, "dieuphoi@tinhdoan.gov.vn", "coordinator");
    const console = await loggedIn(app, "dieuphoi@tinhdoan.gov.vn");
    const { html } = await console.page("/console/queue");
    const firstRow = html.slice(html.indexOf("<tbody>"), html.indexOf("</tr>", html.indexOf("<tbody>")));
    expect(firstRow).toContain(code);
    expect(firstRow).toContain("Khẩn");

    const run = await checkDeadlines({ db: app.db, now: clock.now(), reminderDays: 3, telegramChatId: "-100staff" });
    expect(run.urgent).toEqual([code]);
    const notice = await app.db.prisma.outboxMessage.findFirstOrThrow({ where: { chatId: "-100staff" }, orderBy: { id: "desc" } });
    expect(JSON.parse(notice.payload).text).toContain(`KHẨN: ${code}`);
    expect((await checkDeadlines({ db: app.db, now: clock.now(), reminderDays: 3, telegramChatId: "-100staff" })).urgent).toEqual([]);
  });

  it("keeps only open reports pinned to the top of the queue: a closed one takes its place by due date, on every page", async () => {
    const actor: StaffActor = { id: "c1", email: "dieuphoi@tinhdoan.gov.vn", name: "Điều phối", role: "coordinator", departmentId: null };
    // Proposals due sooner than the reports below, on more than one page.
    for (let i = 0; i < 4; i++) {
      await say("web", `web-q${i}`, `/kiennghi Đề nghị sửa đường nội thôn số ${i} cho thanh niên đi làm`);
      await say("web", `web-q${i}`, "đồng ý");
    }
    clock.advance(60_000);
    const report = async (who: string) => {
      await say("zalo", who, "em bị bạo hành ở chỗ làm thêm, chủ quán hay đánh em");
      return (await say("zalo", who, "đồng ý")).proposal!.code;
    };
    const closed = await report("zl-closed");
    const open = await report("zl-open");
    await changeProposalStatus({ db: app.db, prompts: app.prompts, code: closed, status: "closed", actor: actor.email });
    const all = await listProposals({ db: app.db, actor, filter: {}, pageSize: 100, now: clock.now() });
    const codes = all.items.map((i) => i.code);
    // Open urgent ones first (the earlier report too, still open), then everything else by due date: the closed report among them.
    const pinned = all.items.filter((i) => i.priority === "urgent" && ["received", "routed", "in_progress"].includes(i.status)).map((i) => i.code);
    expect(pinned).toContain(open);
    expect(codes.slice(0, pinned.length)).toEqual(pinned);
    const rest = all.items.slice(pinned.length);
    expect(rest.map((i) => i.code)).toContain(closed);
    expect(rest.map((i) => i.dueAt.getTime())).toEqual(rest.map((i) => i.dueAt.getTime()).sort((a, b) => a - b));
    expect(codes.indexOf(closed)).toBeGreaterThan(codes.indexOf(open));
    expect(all.items[codes.indexOf(closed) - 1]!.dueAt.getTime()).toBeLessThanOrEqual(all.items[codes.indexOf(closed)]!.dueAt.getTime());
    // Paged two at a time, the pages put together are the same list, each item once.
    const paged: string[] = [];
    for (let page = 1; page <= Math.ceil(all.total / 2); page++) paged.push(...(await listProposals({ db: app.db, actor, filter: {}, page, pageSize: 2, now: clock.now() })).items.map((i) => i.code));
    expect(paged).toEqual(codes);
    // The newest first: still the open reports on top, the closed one among the rest.
    const byArrival = await listProposals({ db: app.db, actor, filter: {}, sort: "created", pageSize: 100, now: clock.now() });
    expect(byArrival.items.slice(0, pinned.length).map((i) => i.code).sort()).toEqual([...pinned].sort());
    expect(byArrival.items.slice(pinned.length).map((i) => i.code)).toContain(closed);
  });
});
