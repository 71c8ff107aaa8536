// The console in a real headless Chromium (playwright-core and Debian's chromium): log in, answer
// a proposal and watch the answer arrive in that young person's web chat, upload a document and
// find it on the "try a question" page. Screenshots of the main pages are taken every run; with
// UPDATE_SCREENSHOTS=1 they replace the ones in docs/screenshots/ (otherwise a temp folder, so a
// test run does not change tracked files).
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WEB_SESSION_COOKIE } from "../../src/channels/web/web-session.ts";
import { createProposal } from "../../src/proposals/create-proposal.ts";
import { runApp, type RunningApp } from "../support/app.ts";
import { repoRoot, tempDir } from "../support/env.ts";
import { addStaff, fileProposal, PASSWORD } from "./console-client.ts";

// waitForFunction predicates run in the page; the tests are compiled without the DOM types.
declare const document: { body: { innerText: string }; querySelectorAll(selector: string): { length: number } };

const CHROMIUM = "/usr/bin/chromium";
const available = existsSync(CHROMIUM);
if (!available) console.warn(`Browser tests skipped: ${CHROMIUM} not found (install Debian's chromium: apt-get install -y chromium).`);
const screenshotDir = process.env.UPDATE_SCREENSHOTS === "1" ? path.join(repoRoot, "docs/screenshots") : undefined;

/** Sample activity so the screenshots show a lived-in console: overdue items, answers, fallbacks. */
async function seed(app: RunningApp): Promise<void> {
  const depts = await app.db.prisma.department.findMany();
  const bySlug = (slug: string) => depts.find((d) => d.slug === slug)!.id;
  const samples: [string, string, number, string][] = [
    ["so-noi-vu", "Đề nghị tỉnh tổ chức thêm phiên giao dịch việc làm cho thanh niên ở các huyện miền núi", 20, "viec-lam"],
    ["so-giao-duc-dao-tao", "Mong Sở hỗ trợ học phí học nghề cho thanh niên có hoàn cảnh khó khăn", 14, "hoc-nghe"],
    ["tinh-doan", "Đề xuất tổ chức diễn đàn đối thoại giữa lãnh đạo tỉnh và thanh niên công nhân", 3, "doan-thanh-nien"],
    ["so-tu-phap", "Cần thêm buổi tư vấn pháp luật miễn phí về hợp đồng lao động cho sinh viên", 1, "tro-giup-phap-ly"],
  ];
  for (const [slug, content, ageDays, topic] of samples) {
    const user = await app.db.prisma.chatUser.create({ data: {} });
    await app.db.prisma.$transaction((tx) =>
      createProposal(tx, { kind: "proposal", userId: user.id, channel: "telegram", chatId: `tg-${ageDays}`, content, topic, departmentId: bySlug(slug), now: new Date(Date.now() - ageDays * 86_400_000) }),
    );
  }
  const rated = await app.db.prisma.proposal.findFirstOrThrow({ where: { topic: "doan-thanh-nien" } });
  await app.db.prisma.proposal.update({ where: { id: rated.id }, data: { status: "answered", answer: "Tỉnh đoàn sẽ tổ chức diễn đàn vào tháng 3.", answeredAt: new Date(), answeredBy: "quantri@tinhdoan.gov.vn", rating: "helpful" } });
  for (const q of ["thanh niên là người bao nhiêu tuổi", "bảo hiểm thất nghiệp được hưởng bao lâu", "giá vé xe buýt đi sân bay bao nhiêu"]) await app.chat("web-seed", q);
}

describe.skipIf(!available)("the console in a browser", () => {
  let app: RunningApp;
  let browser: Browser;
  let staff: Page;
  const docs = tempDir();
  const shots = screenshotDir ?? docs.path;

  beforeAll(async () => {
    app = await runApp();
    await addStaff(app, "quantri@tinhdoan.gov.vn", "admin");
    await seed(app);
    mkdirSync(shots, { recursive: true });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
    staff = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: "vi-VN" });
    staff.on("dialog", (d) => void d.accept());
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    docs.remove();
  });

  it("logs in through the form", async () => {
    await staff.goto(`${app.url}/console/queue`);
    expect(staff.url()).toContain("/console/login");
    await staff.fill('input[name="email"]', "quantri@tinhdoan.gov.vn");
    await staff.fill('input[name="password"]', "sai-mat-khau-roi");
    await staff.click('button[type="submit"]');
    await expect.poll(() => staff.textContent("body")).toContain("Email hoặc mật khẩu không đúng");
    await staff.fill('input[name="password"]', PASSWORD);
    await staff.click('button[type="submit"]');
    await staff.waitForURL("**/console/queue");
    expect(await staff.textContent("h1")).toContain("Hàng đợi");
    expect(await staff.locator("tr.overdue").count()).toBe(1); // only the 20-day-old item is past its deadline
    await staff.screenshot({ path: path.join(shots, "queue.png"), fullPage: true });
  });

  it("answers a proposal and the answer appears in the young person's web chat", async () => {
    const user = "web-browser-lan";
    const code = await fileProposal(app, user, "Đề nghị mở thêm lớp học nghề sửa chữa điện thoại miễn phí cho thanh niên xã em", "0912 345 678");
    const chat = await browser.newPage({ viewport: { width: 390, height: 800 } });
    const chatErrors: string[] = [];
    chat.on("pageerror", (e) => chatErrors.push(e.message));
    // The young person's browser holds the session cookie their proposal was filed with.
    await chat.context().addCookies([{ name: WEB_SESSION_COOKIE, value: app.web(user).session!, url: app.url }]);
    await chat.goto(`${app.url}/chat`);

    await staff.goto(`${app.url}/console/items/${code}`);
    expect(await staff.textContent("h1")).toContain(code);
    expect(await staff.textContent("body")).toContain("0912345678"); // consented contact
    await staff.screenshot({ path: path.join(shots, "item.png"), fullPage: true });
    await staff.fill('textarea[name="answer"]', "Sở sẽ mở lớp sửa chữa điện thoại miễn phí tại xã bạn từ ngày 1/6. Bạn đăng ký tại UBND xã.");
    await staff.click('form[action$="/answer"] button[type="submit"]');
    await staff.waitForURL(`**/console/items/${code}?ok=answered`);
    expect(await staff.textContent(".flash.ok")).toContain("Đã gửi câu trả lời");
    await staff.screenshot({ path: path.join(shots, "item-answered.png"), fullPage: true });

    const answer = "Sở sẽ mở lớp sửa chữa điện thoại miễn phí";
    // A function, not a string: the page's CSP forbids the eval a string predicate needs.
    await chat.waitForFunction((text) => document.body.innerText.includes(text), answer, { timeout: 15_000 });
    expect(chatErrors).toEqual([]);
    await chat.close();
  });

  it("uploads a document and finds it on the try-a-question page", async () => {
    const file = path.join(docs.path, "lich-tiep-thanh-nien.md");
    writeFileSync(
      file,
      "---\ntitle: Lịch tiếp thanh niên của Tỉnh đoàn\nkind: guide\nstatus: in_force\n---\n\n## Lịch tiếp thanh niên\nTỉnh đoàn tiếp thanh niên vào sáng thứ Năm hằng tuần tại Phòng tiếp dân số 2, từ 8 giờ đến 11 giờ.\n",
    );
    await staff.goto(`${app.url}/console/knowledge`);
    await staff.setInputFiles('input[type="file"]', file);
    await staff.click('form[action$="/upload"] button[type="submit"]');
    await staff.waitForURL(/\/console\/knowledge\/[\w-]+\?ok=uploaded/);
    expect(await staff.textContent("h1")).toContain("Lịch tiếp thanh niên của Tỉnh đoàn");
    await staff.goto(`${app.url}/console/knowledge`);
    await staff.screenshot({ path: path.join(shots, "knowledge.png"), fullPage: true });

    await staff.goto(`${app.url}/console/try`);
    await staff.fill('input[name="q"]', "tỉnh đoàn tiếp thanh niên vào ngày nào");
    await staff.press('input[name="q"]', "Enter");
    await staff.waitForURL("**/console/try?q=*");
    const passages = staff.locator(".passages li");
    expect(await passages.first().textContent()).toContain("Lịch tiếp thanh niên của Tỉnh đoàn");
    expect(await staff.textContent(".reply")).toContain("thứ Năm");
    await staff.screenshot({ path: path.join(shots, "try-a-question.png"), fullPage: true });
  });

  it("draws the dashboard charts from local assets, and works on a phone", async () => {
    const errors: string[] = [];
    staff.on("console", (m) => m.type() === "error" && errors.push(m.text()));
    await staff.goto(`${app.url}/console/dashboard`);
    await staff.waitForSelector("body[data-charts-ready]");
    expect(errors).toEqual([]); // no CSP violation, no missing asset
    await staff.screenshot({ path: path.join(shots, "dashboard.png"), fullPage: true });

    const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true });
    await phone.context().addCookies(await staff.context().cookies());
    await phone.goto(`${app.url}/console/queue`);
    expect(await phone.textContent("h1")).toContain("Hàng đợi");
    const width = await phone.evaluate<number>("document.documentElement.scrollWidth");
    expect(width).toBeLessThanOrEqual(390 + 1); // no sideways scrolling
    await phone.screenshot({ path: path.join(shots, "queue-phone.png"), fullPage: true });
    await phone.close();
  });
});
