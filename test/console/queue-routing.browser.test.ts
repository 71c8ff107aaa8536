// The queue and settings in a real headless Chromium at a 360 px phone and a 1280 px screen: on
// the phone the first item shows without scrolling because the filters fold behind "Bộ lọc" (a
// <details> that opens without JavaScript); on the screen j/k select items, Enter opens one and
// "a" opens its answer form; long department names in settings show in full; the item page names
// the routing rule that chose its department. Screenshots go to test-results/screenshots/.
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createProposal } from "../../src/proposals/create-proposal.ts";
import { runApp, type RunningApp } from "../support/app.ts";
import { repoRoot } from "../support/env.ts";
import { addStaff, fileProposal, PASSWORD } from "./console-client.ts";

// Functions passed to evaluate run in the page; the tests are compiled without the DOM types.
declare const window: { innerWidth: number };

const CHROMIUM = "/usr/bin/chromium";
const available = existsSync(CHROMIUM);
if (!available) console.warn(`Browser tests skipped: ${CHROMIUM} not found (install Debian's chromium: apt-get install -y chromium).`);
const shots = path.join(repoRoot, "test-results/screenshots");
const LONG_NAME = "Ban Quản lý các khu kinh tế, khu công nghiệp và khu công nghệ cao của tỉnh – bộ phận tiếp nhận kiến nghị của thanh niên công nhân";

describe.skipIf(!available)("the queue and settings on a phone and a screen", () => {
  let app: RunningApp;
  let browser: Browser;
  let desk: BrowserContext;
  let screen: Page;
  let routedCode: string;

  beforeAll(async () => {
    app = await runApp();
    await addStaff(app, "quantri@tinhdoan.gov.vn", "admin");
    const long = await app.db.prisma.department.create({ data: { slug: "ban-quan-ly-khu-kinh-te", name: LONG_NAME } });
    for (let i = 0; i < 6; i++) {
      const user = await app.db.prisma.chatUser.create({ data: {} });
      await app.db.prisma.$transaction((tx) =>
        createProposal(tx, { kind: "proposal", userId: user.id, channel: "telegram", chatId: `tg-${i}`, content: `Đề nghị số ${i + 1}: mở thêm lớp kỹ năng cho thanh niên công nhân ở khu công nghiệp`, topic: null, departmentId: long.id }),
      );
    }
    routedCode = await fileProposal(app, "web-san-bong", "xã em chưa có sân bóng cho thanh niên, mong tỉnh đầu tư xây dựng");
    mkdirSync(shots, { recursive: true });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
    desk = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "vi-VN" });
    screen = await desk.newPage();
    await screen.goto(`${app.url}/console/login`);
    await screen.fill('input[name="email"]', "quantri@tinhdoan.gov.vn");
    await screen.fill('input[name="password"]', PASSWORD);
    await screen.click('button[type="submit"]');
    await screen.waitForURL("**/console/queue");
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  /** A 360 px phone signed in as the same administrator, with or without JavaScript. */
  async function phone(javaScriptEnabled = true): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 360, height: 640 }, isMobile: true, hasTouch: true, locale: "vi-VN", javaScriptEnabled });
    await context.addCookies(await desk.cookies());
    return context.newPage();
  }

  it("shows the first items above the fold on a 360 px phone, with the filters folded", async () => {
    const page = await phone();
    await page.goto(`${app.url}/console/queue`);
    expect(await page.locator("details.filter-box").getAttribute("open")).toBeNull();
    expect(await page.locator('select[name="status"]').isVisible()).toBe(false);
    const first = await page.locator("table.queue tbody tr").first().boundingBox();
    expect(first).not.toBeNull();
    expect(first!.y).toBeLessThan(640);
    expect(first!.y + Math.min(first!.height, 120)).toBeLessThanOrEqual(640); // its code and words, not just an edge
    expect(await page.evaluate<number>("document.documentElement.scrollWidth")).toBeLessThanOrEqual(361);
    await page.screenshot({ path: path.join(shots, "queue-360.png") });
    await page.context().close();
  });

  it("opens the filters without JavaScript", async () => {
    const page = await phone(false);
    await page.goto(`${app.url}/console/queue`);
    await page.click("details.filter-box > summary");
    expect(await page.locator('select[name="status"]').isVisible()).toBe(true);
    await page.selectOption('select[name="status"]', "open");
    await page.click('details.filter-box button[type="submit"]');
    await page.waitForURL("**/console/queue?*status=open*");
    expect(await page.textContent("details.filter-box > summary")).toContain("Chưa xong");
    await page.screenshot({ path: path.join(shots, "queue-360-filters.png"), fullPage: true });
    await page.context().close();
  });

  it("moves through the queue with j and k, opens with Enter, answers with a", async () => {
    await screen.goto(`${app.url}/console/queue?sort=created`);
    expect(await screen.locator("#shortcuts").isVisible()).toBe(true);
    expect(await screen.textContent("#shortcuts")).toContain("Phím tắt");
    const rows = screen.locator("table.queue tbody tr");
    const hrefs = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-href")));
    await screen.keyboard.press("j");
    await screen.keyboard.press("j");
    await screen.keyboard.press("j");
    await screen.keyboard.press("k");
    expect(await rows.nth(1).getAttribute("class")).toContain("selected");
    expect(await screen.locator("table.queue tr.selected").count()).toBe(1);
    await screen.screenshot({ path: path.join(shots, "queue-1280.png") });
    await screen.keyboard.press("Enter");
    await screen.waitForURL(`**${hrefs[1]}`);

    await screen.goto(`${app.url}/console/queue?sort=created`);
    await screen.keyboard.press("j");
    await screen.keyboard.press("a");
    await screen.waitForURL(`**${hrefs[0]}#answer`);
    await screen.waitForSelector("textarea[name=answer]:focus");
  });

  it("shows long department names in full in settings, on both widths", async () => {
    await screen.goto(`${app.url}/console/settings`);
    const heading = screen.locator(".dept-name", { hasText: "Ban Quản lý các khu kinh tế" });
    expect(await heading.textContent()).toBe(LONG_NAME);
    const fits = (page: Page) =>
      page.locator(".dept-name", { hasText: "Ban Quản lý các khu kinh tế" }).evaluate((el) => el.scrollWidth <= el.clientWidth && el.getBoundingClientRect().right <= window.innerWidth);
    expect(await fits(screen)).toBe(true);
    await heading.scrollIntoViewIfNeeded();
    await screen.screenshot({ path: path.join(shots, "settings-1280.png"), fullPage: true });

    const page = await phone();
    await page.goto(`${app.url}/console/settings`);
    expect(await fits(page)).toBe(true);
    expect(await page.evaluate<number>("document.documentElement.scrollWidth")).toBeLessThanOrEqual(361);
    await page.screenshot({ path: path.join(shots, "settings-360.png"), fullPage: true });
    await page.context().close();
  });

  it("names the routing rule on the item page, with the way to fix it", async () => {
    await screen.goto(`${app.url}/console/items/${routedCode}`);
    const line = screen.locator(".routed-by");
    expect(await line.textContent()).toContain("Quy tắc: từ khóa");
    expect(await line.textContent()).toContain("Sở Xây dựng");
    await screen.screenshot({ path: path.join(shots, "item-routing-1280.png"), fullPage: true });
    await line.locator("a", { hasText: "Sửa quy tắc" }).click();
    await screen.waitForURL("**/console/settings/rules/*");
    expect(await screen.textContent("h1")).toContain("Sửa quy tắc phân loại");
  });
});
