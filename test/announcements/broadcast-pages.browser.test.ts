// A poll from the console in a real headless Chromium, under the console's Content-Security-Policy:
// the coordinator fills the compose form, the dry run shows the count, the confirmation (a browser
// dialog) sends it; the progress box follows the sending by itself (htmx, no inline script) until
// the page says it is done; answers arrive and the results are drawn as a Chart.js bar chart.
// Nothing on the way is blocked by the policy.
import { existsSync } from "node:fs";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pumpBroadcasts } from "../../src/announcements/pump-broadcasts.ts";
import { fixedClock } from "../../src/clock.ts";
import { addStaff, PASSWORD } from "../console/console-client.ts";
import { runApp, type RunningApp } from "../support/app.ts";

// waitForFunction predicates run in the page; the tests are compiled without the DOM types.
declare const document: { body: { getAttribute(name: string): string | null } };

const CHROMIUM = "/usr/bin/chromium";
const available = existsSync(CHROMIUM);
if (!available) console.warn(`Browser tests skipped: ${CHROMIUM} not found (install Debian's chromium: apt-get install -y chromium).`);

const POLL = "Bạn muốn Tỉnh đoàn tổ chức hoạt động nào vào dịp hè?";
const OPTIONS = ["Tình nguyện", "Thể thao", "Kỹ năng sống"];

describe.skipIf(!available)("a poll from the console in a browser", () => {
  let app: RunningApp;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];
  const clock = fixedClock("2027-03-15T03:00:00Z"); // 10:00 in Vietnam

  beforeAll(async () => {
    app = await runApp({ clock });
    // The test turns the broadcast pump itself; holding its lease keeps the service's timer out.
    await app.db.prisma.jobLease.upsert({
      where: { name: "broadcasts" },
      create: { name: "broadcasts", owner: "test", until: new Date("2100-01-01T00:00:00Z") },
      update: { owner: "test", until: new Date("2100-01-01T00:00:00Z") },
    });
    await addStaff(app, "dieuphoi@tinhdoan.gov.vn", "coordinator");
    for (const label of ["web-a", "web-b", "web-c"]) {
      for (const text of ["/dangky", "1", "Phường Rạch Giá", "2", "Đồng ý"]) await app.chat(label, text);
    }
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: "vi-VN" });
    page.on("dialog", (d) => void d.accept());
    page.on("console", (m) => {
      if (m.type() === "error") problems.push(m.text());
    });
    page.on("pageerror", (e) => problems.push(e.message));
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it("composes, counts, confirms, follows the progress and draws the results", async () => {
    await page.goto(`${app.url}/console/login`);
    await page.fill('input[name="email"]', "dieuphoi@tinhdoan.gov.vn");
    await page.fill('input[name="password"]', PASSWORD);
    await page.click('button[type="submit"]');
    await page.waitForURL("**/console/queue");

    await page.click('a[href="/console/broadcasts"]');
    await page.click('a[href="/console/broadcasts/new"]');
    await page.check('input[name="kind"][value="poll"]');
    await page.fill('textarea[name="text"]', POLL);
    for (const [i, option] of OPTIONS.entries()) await page.fill(`input[name="option${i + 1}"]`, option);
    await page.check('input[name="kinds"][value="job"]');
    await page.fill('input[name="area"]', "Rạch Giá");
    await page.click('button:has-text("Đếm người nhận")');
    await expect.poll(() => page.textContent("#confirm")).toContain("Sẽ gửi tới 3 người");

    await page.click('#confirm button:has-text("Gửi tới 3 người")'); // the confirm dialog is accepted
    await page.waitForURL(/\/console\/broadcasts\/[a-z0-9]+\?ok=broadcastSent/);
    expect(await page.textContent("#progress")).toContain("0 / 3");

    // The pump sends and the people's web chats take the poll; the box follows without a reload.
    const pump = () => pumpBroadcasts(app.db, { now: clock.now(), texts: { prompts: app.prompts, publicBaseUrl: "https://tro-ly.example.vn" }, window: { web: 100 } });
    await pump();
    for (const label of ["web-a", "web-b", "web-c"]) await app.web(label).inbox();
    await expect.poll(() => page.textContent("#progress"), { timeout: 15_000, interval: 500 }).toContain("3 / 3");
    await pump(); // nobody waiting: sent; the box sees the status change and reloads the page
    await expect.poll(() => page.textContent("#progress"), { timeout: 15_000, interval: 500 }).toContain("Đã gửi xong");

    const id = /\/console\/broadcasts\/([a-z0-9]+)/.exec(page.url())![1]!;
    await app.chat("web-a", OPTIONS[1]!, { choice: `poll:${id}:2` });
    await app.chat("web-b", OPTIONS[1]!, { choice: `poll:${id}:2` });
    await app.chat("web-c", OPTIONS[0]!, { choice: `poll:${id}:1` });
    await page.goto(`${app.url}/console/broadcasts/${id}`);
    await page.waitForFunction(() => document.body.getAttribute("data-charts-ready") === "1");
    expect(await page.locator('canvas[data-chart="results"]').count()).toBe(1);
    expect(await page.textContent("main")).toContain("3 người trả lời / 3 người được hỏi");
    expect(problems).toEqual([]);
  });
});
