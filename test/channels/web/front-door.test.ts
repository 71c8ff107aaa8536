// The front door over plain HTTP: GET / is a Vietnamese HTML page that leads to the chat, the
// privacy notice and the staff sign-in, /?lang=en is the same page in English, and the Telegram and
// Zalo links appear only when configured (https only).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../../src/config.ts";
import { PAGE_CSP } from "../../../src/http/security-headers.ts";
import { runApp, type RunningApp } from "../../support/app.ts";

const TELEGRAM = "https://t.me/tro_ly_thanh_nien_bot";

describe("the front door", () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await runApp({ env: { PUBLIC_TELEGRAM_URL: TELEGRAM } });
  });
  afterAll(async () => {
    await app?.stop();
  });

  const get = (url: string) => app.server.inject({ method: "GET", url });
  /** The href of the link whose text is `text`, from the served HTML. */
  const linkTo = (html: string, text: string) => new RegExp(`<a [^>]*href="([^"]*)"[^>]*>(?:<[^>]+>)*\\s*${text}`).exec(html)?.[1];

  it("serves a Vietnamese page whose main button opens the chat", async () => {
    const res = await get("/");
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toMatch(/^text\/html/);
    expect(res.body).toMatch(/^<!doctype html>\s*<html lang="vi">/);
    expect(linkTo(res.body, "Hỏi ngay")).toBe("/chat");
    expect(res.body).toContain("Pháp luật và trợ giúp pháp lý");
    expect(res.body).toContain("Kiến nghị tới sở, ngành");
    expect(linkTo(res.body, "Thông báo về xử lý dữ liệu cá nhân")).toBe("/privacy");
    expect(linkTo(res.body, "Đăng nhập cán bộ")).toBe("/console/login");
    expect(linkTo(res.body, "English")).toBe("/?lang=en");
  });

  it("works without script and under the page policy: no script, no inline style", async () => {
    const res = await get("/");
    expect(res.headers["content-security-policy"]).toBe(PAGE_CSP);
    expect(res.body).not.toMatch(/<script|style=|\son\w+=/i);
  });

  it("has an English version that is English", async () => {
    const res = await get("/?lang=en");
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-language"]).toBe("en");
    expect(res.body).toMatch(/<html lang="en">/);
    expect(linkTo(res.body, "Ask now")).toBe("/chat");
    expect(res.body).toContain("Laws and legal aid");
    expect(linkTo(res.body, "Staff sign-in")).toBe("/console/login");
    expect(linkTo(res.body, "Tiếng Việt")).toBe("/");
    expect(res.body).not.toContain("Hỏi ngay");
    expect(res.body).not.toContain("Đăng nhập cán bộ");
  });

  it("shows the Vietnamese page for a language it does not have", async () => {
    const res = await get("/?lang=fr");
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatch(/<html lang="vi">/);
  });

  it("links to Telegram when PUBLIC_TELEGRAM_URL is set, and not to Zalo when PUBLIC_ZALO_URL is not", async () => {
    const res = await get("/");
    expect(linkTo(res.body, "Telegram")).toBe(TELEGRAM);
    expect(res.body).not.toContain(">Zalo<");
    expect((await get("/?lang=en")).body).toContain(`href="${TELEGRAM}"`);
  });

  it("is served over the network too (GET / no longer answers a JSON 404)", async () => {
    const res = await app.get("/");
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('href="/chat"');
  });
});

describe("front door links in the configuration", () => {
  it("accepts https links and refuses anything else, naming the variable", () => {
    expect(loadConfig({ PUBLIC_ZALO_URL: "https://zalo.me/1234567890" }).publicLinks).toEqual({ telegram: undefined, zalo: "https://zalo.me/1234567890" });
    expect(() => loadConfig({ PUBLIC_ZALO_URL: "http://zalo.me/1234567890" })).toThrow(/PUBLIC_ZALO_URL: must be an https:\/\/ URL/);
    expect(() => loadConfig({ PUBLIC_TELEGRAM_URL: "javascript:alert(1)" })).toThrow(/PUBLIC_TELEGRAM_URL/);
  });
});
