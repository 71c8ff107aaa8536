// Script injection against the web chat, in a real headless Chromium: a user's HTML comes back in
// the bot's echo, and a staff answer with HTML arrives through the inbox; both are shown as text,
// nothing runs, no element is created from them, and a javascript: URL is never made a link.
import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WEB_SESSION_COOKIE, webChatId } from "../../src/channels/web/web-session.ts";
import { answerProposal } from "../../src/proposals/change-proposal-status.ts";
import { runApp, type RunningApp } from "../support/app.ts";

// waitForFunction predicates run in the page; the tests are compiled without the DOM types.
declare const document: { body: { innerText: string }; querySelectorAll(selector: string): { length: number } };

const CHROMIUM = "/usr/bin/chromium";
const available = existsSync(CHROMIUM);
if (!available) console.warn(`Browser tests skipped: ${CHROMIUM} not found (install Debian's chromium: apt-get install -y chromium).`);

const USER_HTML = `<img src=x onerror="window.__xss=1"><script>window.__xss=2</script> javascript:alert(document.cookie) đèn đường thôn`;
const STAFF_HTML = `Đã xử lý <img src=y onerror="window.__xss=3"><b>xong</b> <a href="javascript:window.__xss=4">bấm</a>`;

describe.skipIf(!available)("script injection in the web chat page", () => {
  let app: RunningApp;
  let browser: Browser;
  beforeAll(async () => {
    app = await runApp();
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it("shows HTML from a user and from staff as text, and runs none of it", async () => {
    const page = await browser.newPage();
    const dialogs: string[] = [];
    page.on("dialog", (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(`${app.url}/chat`);
    await page.waitForSelector(".msg.bot .choices button");
    await page.fill("#text", `/kiennghi ${USER_HTML}`);
    await page.keyboard.press("Enter");
    // Functions, not strings: the page's CSP forbids the eval a string predicate needs.
    await page.waitForFunction(() => document.querySelectorAll(".msg.bot").length >= 3 && document.body.innerText.includes("«"), undefined, { timeout: 10_000 });
    await page.fill("#text", "đồng ý");
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => /KN-\d{4}-\d{5}/.test(document.body.innerText), undefined, { timeout: 10_000 });

    // Staff answer the proposal with HTML; it reaches the page through the inbox poll.
    const session = (await page.context().cookies(app.url)).find((c) => c.name === WEB_SESSION_COOKIE)!;
    expect(session.httpOnly).toBe(true);
    expect(await page.evaluate<string>(`document.cookie`)).not.toContain(session.value); // out of reach of scripts
    const proposal = await app.db.prisma.proposal.findFirstOrThrow({ where: { user: { identities: { some: { externalId: webChatId(session.value) } } } } });
    await answerProposal({ db: app.db, prompts: app.prompts, code: proposal.code, answer: STAFF_HTML, actor: "staff:test" });
    await page.waitForFunction(() => document.body.innerText.includes("Đã xử lý"), undefined, { timeout: 12_000 });

    const log = page.locator("#log");
    expect(await log.innerText()).toContain(USER_HTML);
    expect(await log.innerText()).toContain(STAFF_HTML);
    expect(await page.evaluate<unknown>(`window.__xss`)).toBeUndefined();
    expect(await log.locator("img, script, b").count()).toBe(0);
    expect(await log.locator('a[href^="javascript:"]').count()).toBe(0);
    expect(dialogs).toEqual([]);
  }, 40_000);
});
