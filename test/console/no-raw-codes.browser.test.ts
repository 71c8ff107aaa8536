// Names, not codes, in a real headless Chromium: proposals in several topics and every status,
// staff actions that write the audit log (answers, notes, moves, closing, rejecting, exports,
// settings, a view of personal data, a failed sign-in, the deadline job), then every console page
// and the web chat's proposal summary are read as a person sees them (the page's visible text).
// Any topic code, status code, audit action code or a `{"` of raw JSON in that text fails the test.
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AUDIT_ACTIONS } from "../../src/db/audit-log.ts";
import { checkDeadlines } from "../../src/jobs/check-deadlines.ts";
import { defaultTopics } from "../../src/knowledge/topics.ts";
import { createProposal } from "../../src/proposals/create-proposal.ts";
import { PROPOSAL_STATUSES } from "../../src/proposals/proposal-status.ts";
import { runApp, type RunningApp } from "../support/app.ts";
import { repoRoot } from "../support/env.ts";
import { addStaff, fileProposal, loggedIn, PASSWORD, type ConsoleClient } from "./console-client.ts";

// waitForFunction predicates run in the page; the tests are compiled without the DOM types.
declare const document: { body: { innerText: string } };

const CHROMIUM = "/usr/bin/chromium";
const available = existsSync(CHROMIUM);
if (!available) console.warn(`Browser tests skipped: ${CHROMIUM} not found (install Debian's chromium: apt-get install -y chromium).`);

const ADMIN = "quantri@tinhdoan.gov.vn";
/** Screenshots for review (git-ignored). */
const SHOTS = path.join(repoRoot, "test-results/screenshots");
/** The example: a sports ground for the commune's youth, once summarised as "doanh-nghiep". */
const SPORTS_GROUND = "xã em chưa có sân bóng cho thanh niên, mong tỉnh đầu tư xây dựng";

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
/** A code standing alone: not inside a longer word, a file name (luat-viec-lam-2013.md), a path or an address. */
const standalone = (code: string) => new RegExp(`(^|[^\\p{L}\\p{N}_./@-])${escape(code)}($|[^\\p{L}\\p{N}_./@-])`, "u");
const CODES = [...defaultTopics().codes(), ...PROPOSAL_STATUSES, ...AUDIT_ACTIONS];

/** What a page shows that is a code or raw JSON, with a little context for the failure message. */
function rawCodesIn(text: string): string[] {
  const found: string[] = [];
  for (const code of CODES) {
    const m = standalone(code).exec(text);
    if (m) found.push(`${code} in «${text.slice(Math.max(0, m.index - 40), m.index + code.length + 40).replace(/\s+/g, " ")}»`);
  }
  const json = text.indexOf('{"');
  if (json >= 0) found.push(`JSON in «${text.slice(Math.max(0, json - 40), json + 60).replace(/\s+/g, " ")}»`);
  return found;
}

/** Proposals in several topics, each with a different status, as the chat would have filed them. */
async function seed(app: RunningApp): Promise<Record<string, string>> {
  const depts = await app.db.prisma.department.findMany();
  const bySlug = (slug: string) => (depts.find((d) => d.slug === slug) ?? depts.find((d) => d.isCoordinator)!).id;
  const samples: [string, string, string, number][] = [
    ["viec-lam", "so-noi-vu", "Đề nghị tỉnh tổ chức thêm phiên giao dịch việc làm cho thanh niên ở các xã miền núi", 20],
    ["hoc-nghe", "so-giao-duc-dao-tao", "Mong Sở hỗ trợ học phí học nghề cho thanh niên có hoàn cảnh khó khăn", 2],
    ["khoi-nghiep", "so-khoa-hoc-cong-nghe", "Đề nghị có quỹ hỗ trợ vốn khởi nghiệp cho sinh viên mới ra trường", 5],
    ["phap-luat", "so-tu-phap", "Cần thêm buổi tư vấn pháp luật miễn phí về hợp đồng lao động cho sinh viên", 1],
    ["doanh-nghiep", "so-tai-chinh", "Thủ tục đăng ký hộ kinh doanh cho thanh niên còn rườm rà, đề nghị đơn giản hóa", 3],
    ["van-hoa-the-thao", "so-van-hoa-the-thao-du-lich", "Đề nghị mở cửa nhà văn hóa xã buổi tối cho thanh niên tập văn nghệ", 4],
  ];
  const codes: Record<string, string> = {};
  for (const [topic, slug, content, ageDays] of samples) {
    const user = await app.db.prisma.chatUser.create({ data: {} });
    const created = await app.db.prisma.$transaction((tx) =>
      createProposal(tx, { kind: "proposal", userId: user.id, channel: "telegram", chatId: `tg-${topic}`, content, topic, departmentId: bySlug(slug), now: new Date(Date.now() - ageDays * 86_400_000) }),
    );
    codes[topic] = created.code;
  }
  return codes;
}

describe.skipIf(!available)("names, not codes, on every page", () => {
  let app: RunningApp;
  let browser: Browser;
  let staff: Page;
  let admin: ConsoleClient;
  let codes: Record<string, string>;
  let withContact: string;

  beforeAll(async () => {
    app = await runApp();
    await addStaff(app, ADMIN, "admin");
    codes = await seed(app);
    withContact = await fileProposal(app, "web-names-contact", "Đề nghị mở thêm lớp học nghề sửa chữa điện thoại miễn phí cho thanh niên xã em", "0912 345 678");
    await app.chat("web-names-data", "/yeucaudulieu Em muốn xem các dữ liệu trợ lý đang lưu về em");

    // Staff actions, each an audit row the audit page must read as a sentence.
    admin = await loggedIn(app, ADMIN);
    const labour = await app.db.prisma.department.findUniqueOrThrow({ where: { slug: "so-noi-vu" } });
    const post = async (path: string, form: Record<string, string>) => expect((await admin.post(path, form)).status, path).toBe(303);
    await post(`/console/items/${codes["hoc-nghe"]}/status`, { status: "in_progress" });
    await post(`/console/items/${codes["hoc-nghe"]}/note`, { text: "Đã liên hệ phòng đào tạo nghề." });
    await post(`/console/items/${codes["khoi-nghiep"]}/answer`, { answer: "Tỉnh có quỹ hỗ trợ khởi nghiệp; bạn nộp hồ sơ tại Sở Khoa học và Công nghệ." });
    await post(`/console/items/${codes["khoi-nghiep"]}/status`, { status: "closed" });
    await post(`/console/items/${codes["phap-luat"]}/status`, { status: "rejected", note: "Trùng với một kiến nghị đã trả lời." });
    await post(`/console/items/${codes["doanh-nghiep"]}/reassign`, { departmentId: labour.id, note: "Thuộc lĩnh vực lao động" });
    await post("/console/settings/rules", { departmentId: labour.id, topic: "viec-lam", keywords: "hội chợ việc làm", priority: "0" });
    await post(`/console/settings/departments/${labour.id}`, { name: labour.name, description: labour.description, dueDays: "12" });
    expect((await admin.fetch("/console/export.csv")).status).toBe(200);
    expect((await admin.fetch("/console/export.xlsx")).status).toBe(200);
    await admin.page(`/console/items/${withContact}`); // the consented contact: a view of personal data
    await checkDeadlines({ db: app.db, now: new Date(), reminderDays: 3 }); // the 20-day-old item is overdue

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
    staff = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: "vi-VN" });
    staff.on("dialog", (d) => void d.accept());
    await staff.goto(`${app.url}/console/login`);
    await staff.fill('input[name="email"]', ADMIN);
    await staff.fill('input[name="password"]', "sai-mat-khau-roi"); // a failed sign-in, audited too
    await staff.click('button[type="submit"]');
    await staff.waitForSelector("text=Email hoặc mật khẩu không đúng");
    await staff.fill('input[name="password"]', PASSWORD);
    await staff.click('button[type="submit"]');
    await staff.waitForURL("**/console/queue");
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  async function visibleText(path: string): Promise<string> {
    const res = await staff.goto(`${app.url}${path}`);
    expect(res?.status(), path).toBe(200);
    return staff.innerText("body");
  }

  it("shows topic and status names in the queue, items and dashboard", async () => {
    const queue = await visibleText("/console/queue?status=");
    expect(queue).toContain("Việc làm");
    expect(queue).toContain("Học nghề");
    expect(queue).toContain("Đang xử lý");
    expect(queue).toContain("Từ chối");
    expect(rawCodesIn(queue)).toEqual([]);
    for (const code of [...Object.values(codes), withContact]) expect(rawCodesIn(await visibleText(`/console/items/${code}`)), code).toEqual([]);
    expect(rawCodesIn(await visibleText("/console/dashboard"))).toEqual([]);
  });

  it("reads the audit log as sentences, with no action code or JSON", async () => {
    const audit = await visibleText("/console/audit");
    expect(audit).toContain(`${ADMIN.split("@")[0]} chuyển kiến nghị ${codes["doanh-nghiep"]} sang Sở Nội vụ`);
    expect(audit).toContain(`xem dữ liệu cá nhân (thông tin liên hệ) của người gửi kiến nghị ${withContact}`);
    expect(audit).toContain(`trả lời kiến nghị ${codes["khoi-nghiep"]}`);
    expect(audit).toContain(`từ chối kiến nghị ${codes["phap-luat"]}`);
    expect(audit).toContain("Hệ thống báo điều phối viên");
    expect(audit).toContain(`Đăng nhập không thành công vào tài khoản ${ADMIN}: sai mật khẩu`);
    expect(rawCodesIn(audit)).toEqual([]);
    expect(audit).not.toContain("system:"); // the deadline job is "Hệ thống", not its actor label
    mkdirSync(SHOTS, { recursive: true });
    await staff.screenshot({ path: path.join(SHOTS, "audit-sentences.png"), fullPage: true });
    // The action filter offers names too; its values stay codes (the filter works on them).
    await staff.selectOption('select[name="action"]', "proposal.reassign");
    await staff.click('form.filters button[type="submit"]');
    await staff.waitForURL("**/console/audit?*action=proposal.reassign*");
    const filtered = await staff.innerText("table");
    expect(filtered).toContain("Chuyển đơn vị");
    expect(filtered).not.toContain("Đăng nhập không thành công");
    expect(rawCodesIn(filtered)).toEqual([]);
  });

  it("shows no code on any other console page", async () => {
    const docs = await app.db.prisma.document.findFirstOrThrow();
    for (const path of ["/console/settings", "/console/knowledge", `/console/knowledge/${docs.id}`, "/console/try?q=thanh+nien+bao+nhieu+tuoi", "/console/unanswered", "/console/phrasings", "/console/data-requests", "/console/data-flows", "/console/account"]) {
      expect(rawCodesIn(await visibleText(path)), path).toEqual([]);
    }
  });

  it("summarises a proposal in the web chat with the topic's name", async () => {
    const chat = await browser.newPage({ viewport: { width: 390, height: 800 } });
    await chat.goto(`${app.url}/chat`);
    await chat.fill("#text", `/kiennghi ${SPORTS_GROUND}`);
    await chat.keyboard.press("Enter");
    // A function, not a string: the page's CSP forbids the eval a string predicate needs.
    await chat.waitForFunction(() => document.body.innerText.includes("Lĩnh vực:"), undefined, { timeout: 10_000 });
    const summary = await chat.innerText("#log");
    const topic = /Lĩnh vực: (.+)/.exec(summary)?.[1]?.trim() ?? "";
    expect(topic).not.toBe("");
    expect(topic).not.toBe(defaultTopics().name("doanh-nghiep")); // the misfire the issue reported
    expect(rawCodesIn(summary)).toEqual([]);
    await chat.screenshot({ path: path.join(SHOTS, "chat-proposal-summary.png") });
    await chat.fill("#text", "đồng ý");
    await chat.keyboard.press("Enter");
    await chat.waitForFunction(() => /KN-\d{4}-\d{5}/.test(document.body.innerText), undefined, { timeout: 10_000 });
    await chat.fill("#text", "/theodoi");
    await chat.keyboard.press("Enter");
    await chat.waitForFunction(() => document.body.innerText.includes("/theodoi <"), undefined, { timeout: 10_000 });
    expect(rawCodesIn(await chat.innerText("#log"))).toEqual([]);
    await chat.close();
  });
});
