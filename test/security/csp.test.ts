// Every HTML page carries a Content-Security-Policy that runs only our own scripts and styles and
// may not be framed: the front door (/), the web chat (/chat), the privacy notice (/privacy),
// console pages and the console's error pages. The chat page is checked to still work under it:
// no inline script or style, every script and stylesheet from our own origin and served. Other
// responses (JSON) get a policy that allows nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runApp, type RunningApp } from "../support/app.ts";
import { addStaff, ConsoleClient, loggedIn } from "../console/console-client.ts";

function expectPagePolicy(res: Response): void {
  const csp = res.headers.get("content-security-policy") ?? "";
  for (const directive of ["default-src 'self'", "script-src 'self'", "style-src 'self'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"]) {
    expect(csp, `${res.url}: ${directive}`).toContain(directive);
  }
  expect(csp).not.toContain("unsafe-inline");
  expect(csp).not.toContain("unsafe-eval");
  expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  expect(res.headers.get("referrer-policy")).toBe("no-referrer");
}

/** What the policy would block: inline script (other than JSON data), inline style, handlers, other origins. */
function expectNothingInline(html: string): void {
  expect(html).not.toMatch(/<script(?![^>]*\bsrc=)(?![^>]*type="application\/json")[^>]*>/i);
  expect(html).not.toMatch(/<style[\s>]/i);
  expect(html).not.toMatch(/\sstyle=/i);
  expect(html).not.toMatch(/\son[a-z]+=/i);
  for (const [, url] of html.matchAll(/\s(?:src|href)="([^"]*)"/g)) expect(url, "same-origin resource").toMatch(/^\/(?!\/)|^#/);
}

describe("Content-Security-Policy on every page", () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await runApp();
    await addStaff(app, "csp.kiemtra@tinhdoan.gov.vn", "coordinator");
  });
  afterAll(async () => {
    await app.stop();
  });

  it("covers the web chat page, which keeps working under it", async () => {
    const res = await app.get("/chat");
    expect(res.status).toBe(200);
    expectPagePolicy(res);
    const html = await res.text();
    expectNothingInline(html);
    const scripts = [...html.matchAll(/<script[^>]*\bsrc="([^"]+)"/g)].map((m) => m[1]!);
    const styles = [...html.matchAll(/<link[^>]*rel="stylesheet"[^>]*href="([^"]+)"/g)].map((m) => m[1]!);
    expect(scripts).toContain("/chat/assets/chat.js");
    expect(styles).toContain("/chat/assets/chat.css");
    for (const asset of [...scripts, ...styles]) {
      const served = await app.get(asset);
      expect(served.status, asset).toBe(200);
      expect(served.headers.get("content-type"), asset).toMatch(asset.endsWith(".js") ? /^text\/javascript/ : /^text\/css/);
      // Nothing in our script needs 'unsafe-eval' or inline styles.
      expect(await served.text()).not.toMatch(/\beval\(|new Function\(|setAttribute\(\s*["']style/);
    }
  });

  it("covers the privacy notice", async () => {
    const res = await app.get("/privacy");
    expect(res.status).toBe(200);
    expectPagePolicy(res);
    expectNothingInline(await res.text());
  });

  it("covers the front door, in both languages", async () => {
    for (const url of ["/", "/?lang=en"]) {
      const res = await app.get(url);
      expect(res.status).toBe(200);
      expectPagePolicy(res);
      expectNothingInline(await res.text());
    }
  });

  it("covers console pages and the console's error pages, which are not cached", async () => {
    const login = await new ConsoleClient(app.url).page("/console/login");
    expectPagePolicy(login.res);
    expect(login.res.headers.get("cache-control")).toBe("no-store");
    const client = await loggedIn(app, "csp.kiemtra@tinhdoan.gov.vn");
    const missing = await client.page("/console/khong-co-trang-nay");
    expect(missing.res.status).toBe(404);
    expect(missing.res.headers.get("content-type")).toMatch(/^text\/html/);
    expectPagePolicy(missing.res);
  });

  it("gives responses that are not pages a policy that allows nothing", async () => {
    const res = await app.get("/khong-co");
    expect(res.status).toBe(404);
    expect(res.headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(res.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  });
});
