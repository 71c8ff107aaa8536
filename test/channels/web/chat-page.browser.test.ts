// The web chat page in a real headless Chromium: it greets, answers a question typed by a person
// with its source, turns menu choices into buttons, shows nothing but text the bot sent, and makes
// the addresses in replies (the source, the privacy notice) links.
import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runApp, type RunningApp } from "../../support/app.ts";

// waitForFunction predicates run in the page; the tests are compiled without the DOM types.
declare const document: { body: { innerText: string } };

const CHROMIUM = "/usr/bin/chromium";
const available = existsSync(CHROMIUM);
if (!available) console.warn(`Browser tests skipped: ${CHROMIUM} not found (install Debian's chromium: apt-get install -y chromium).`);

describe.skipIf(!available)("the web chat page in a browser", () => {
  let app: RunningApp;
  let browser: Browser;
  beforeAll(async () => {
    app = await runApp({ env: { BOT_NAME: "Trợ lý </script><b>Thanh niên</b>" } });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it("greets, answers a typed question with its source, and offers the menu as buttons", async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 800 } });
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(`${app.url}/chat`);
    await page.waitForSelector(".msg.bot .choices button");
    expect(await page.locator(".msg.bot .choices button").count()).toBe(5);
    expect(await page.title()).toContain("Trợ lý </script><b>Thanh niên</b>");

    await page.fill("#text", "thanh niên là người bao nhiêu tuổi?");
    await page.keyboard.press("Enter");
    // Functions, not strings: the page's CSP forbids the eval a string predicate needs when it polls.
    await page.waitForFunction(() => /Nguồn: (Hỏi đáp )?Luật Thanh niên/.test(document.body.innerText), undefined, { timeout: 10_000 });
    expect(await page.locator(".msg.me").last().textContent()).toContain("bao nhiêu tuổi");

    await page.locator(".msg.bot .choices button").nth(1).click();
    await page.waitForFunction(() => document.body.innerText.includes("Về việc làm và học nghề"), undefined, { timeout: 10_000 });
    expect(await page.locator("b").count()).toBe(0); // the bot name was shown as text, not markup
    expect(errors).toEqual([]);
  });

  it("makes the privacy notice and the answer's source clickable links, and leaves commands as text", async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 800 } });
    await page.goto(`${app.url}/chat`);
    // The first-contact notice ends "Chi tiết: /privacy" (no PUBLIC_BASE_URL here): a link to this site's page.
    const notice = page.locator(".msg.bot a", { hasText: "/privacy" });
    await notice.waitFor();
    expect(await notice.getAttribute("href")).toBe("/privacy");
    expect(await notice.getAttribute("rel")).toBe("noopener noreferrer");
    expect(await page.locator(".msg.bot a", { hasText: "/xoadulieu" }).count()).toBe(0);

    await page.fill("#text", "thanh niên là người bao nhiêu tuổi?");
    await page.keyboard.press("Enter");
    const source = page.locator(".msg.bot a[href^='https://vbpl.vn/']");
    await source.first().waitFor({ timeout: 10_000 });
    // "(https://…)" in the text: the bracket closes the sentence, it is not part of the address.
    expect(await source.first().getAttribute("href")).toMatch(/^https:\/\/vbpl\.vn\/[^)\s]*[^).,]$/);
    expect(await source.first().textContent()).toBe(await source.first().getAttribute("href"));
  });
});
