// Signing in to the staff console over real HTTP: the first administrator from ADMIN_EMAIL, good
// and bad passwords, the wait after repeated failures (never a lock-out), sessions stored only as
// hashes, CSRF on every form, security headers, and logging out.
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { json, runApp, type RunningApp } from "../support/app.ts";
import { addStaff, ConsoleClient, loggedIn, PASSWORD } from "./console-client.ts";

const ADMIN = { email: "quantri@tinhdoan.gov.vn", password: "mat-khau-quan-tri-2026" };

describe("console sign-in and sessions", () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await runApp({ env: { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, ADMIN_NAME: "Quản trị Tỉnh đoàn" } });
    await addStaff(app, "canbo.khoa@tinhdoan.gov.vn", "coordinator");
  });
  afterAll(async () => {
    await app.stop();
  });

  it("sends pages without a session to the login page and fetch calls a 401", async () => {
    const client = new ConsoleClient(app.url);
    const page = await client.page("/console/queue?status=open");
    expect(page.res.status).toBe(302);
    expect(page.res.headers.get("location")).toBe(`/console/login?next=${encodeURIComponent("/console/queue?status=open")}`);
    const api = await client.fetch("/console/queue");
    expect(api.status).toBe(401);
    expect((await json(api)).error.code).toBe("unauthorized");
    expect((await client.fetch("/console/items/KN-2026-00001", { method: "POST" })).status).toBe(401);
    const login = await client.page("/console/login");
    expect(login.res.status).toBe(200);
    expect(login.html).toContain("Đăng nhập");
  });

  it("logs the first administrator in with a hashed, httpOnly, SameSite=Lax session cookie", async () => {
    const client = new ConsoleClient(app.url);
    await client.page("/console/login?next=/console/settings");
    const res = await client.post("/console/login", { email: ADMIN.email.toUpperCase(), password: ADMIN.password, next: "/console/settings" });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/console/settings");
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith("ya_console="))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).not.toMatch(/Secure/i); // COOKIE_SECURE defaults to off without an https PUBLIC_BASE_URL
    const token = client.cookies.get("ya_console")!;
    const sessions = await app.db.prisma.staffSession.findMany({ include: { staff: true } });
    expect(sessions.map((s) => s.id)).toContain(createHash("sha256").update(token).digest("hex"));
    expect(sessions.map((s) => s.id)).not.toContain(token);
    const settings = await client.page("/console/settings");
    expect(settings.res.status).toBe(200);
    expect(settings.html).toContain("Quản trị Tỉnh đoàn");
    expect(await app.db.prisma.auditLog.count({ where: { action: "auth.login", actor: ADMIN.email } })).toBe(1); // this sign-in, once
  });

  it("never redirects outside the console after login", async () => {
    const client = new ConsoleClient(app.url);
    await client.page("/console/login");
    const res = await client.post("/console/login", { email: ADMIN.email, password: ADMIN.password, next: "//evil.example/console" });
    expect(res.headers.get("location")).toBe("/console/queue");
  });

  it("refuses a wrong password; after five failures in a row the account waits a moment, then the right password works", async () => {
    await addStaff(app, "bi.khoa@tinhdoan.gov.vn", "department", "so-noi-vu");
    const client = new ConsoleClient(app.url);
    await client.page("/console/login");
    const wrong = await client.post("/console/login", { email: "bi.khoa@tinhdoan.gov.vn", password: "sai-mat-khau-1" });
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).toContain("Email hoặc mật khẩu không đúng");
    const unknown = await client.post("/console/login", { email: "khong.co@tinhdoan.gov.vn", password: "sai-mat-khau-1" });
    expect(unknown.status).toBe(401);
    let last: Response | undefined;
    for (let i = 0; i < 4; i++) last = await client.post("/console/login", { email: "bi.khoa@tinhdoan.gov.vn", password: `sai-${i}-mat-khau` });
    expect(last!.status).toBe(401);
    expect(await last!.text()).toContain("Vui lòng đợi 1 giây trước khi thử lại");
    // During the wait even the right password is refused, unchecked.
    const early = await client.post("/console/login", { email: "bi.khoa@tinhdoan.gov.vn", password: PASSWORD });
    expect(early.status).toBe(429);
    expect(early.headers.get("retry-after")).toBe("1");
    expect(await early.text()).toContain("Vui lòng thử lại sau 1 giây");
    expect(client.cookies.has("ya_console")).toBe(false);
    const staff = await app.db.prisma.staffUser.findUniqueOrThrow({ where: { email: "bi.khoa@tinhdoan.gov.vn" } });
    expect(staff.active).toBe(true); // failed attempts slow the account down, never lock it
    expect(await app.db.prisma.auditLog.count({ where: { action: "auth.signInDelayed", target: "bi.khoa@tinhdoan.gov.vn" } })).toBe(1);
    // After the wait, the right password signs in (the old lock kept the account out 15 minutes).
    await new Promise((r) => setTimeout(r, 1100));
    const right = await client.post("/console/login", { email: "bi.khoa@tinhdoan.gov.vn", password: PASSWORD });
    expect(right.status).toBe(303);
  });

  it("refuses a login without the login form's CSRF token", async () => {
    const client = new ConsoleClient(app.url);
    const res = await client.post("/console/login", { email: ADMIN.email, password: ADMIN.password, _csrf: "forged" });
    expect(res.status).toBe(403);
    expect(client.cookies.has("ya_console")).toBe(false);
  });

  it("refuses every POST whose CSRF token is missing or wrong with 403", async () => {
    const client = await loggedIn(app, "canbo.khoa@tinhdoan.gov.vn");
    const missing = await client.post("/console/account/password", { _csrf: null, currentPassword: PASSWORD, newPassword: "mat-khau-moi-123", confirmPassword: "mat-khau-moi-123" });
    expect(missing.status).toBe(403);
    expect(await missing.text()).toContain("tải lại trang");
    const wrong = await client.post("/console/logout", { _csrf: "x".repeat(32) }, { accept: "application/json" });
    expect(wrong.status).toBe(403);
    expect((await json(wrong)).error.code).toBe("forbidden");
    const header = await client.fetch("/console/logout", { method: "POST", headers: { "x-csrf-token": client.csrf } });
    expect(header.status).toBe(303);
  });

  it("sends security headers and no-store on console pages", async () => {
    const client = await loggedIn(app, "canbo.khoa@tinhdoan.gov.vn");
    const { res, html } = await client.page("/console/queue");
    const csp = res.headers.get("content-security-policy")!;
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain("unsafe-inline");
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)(?![^>]*application\/json)[^>]*>/); // no inline scripts
    const asset = await fetch(`${app.url}/console/assets/chart.umd.min.js`);
    expect(asset.status).toBe(200);
    expect(await asset.text()).toContain("Chart");
  });

  it("changes the password and ends the other sessions", async () => {
    await addStaff(app, "doi.mk@tinhdoan.gov.vn", "coordinator");
    const phone = await loggedIn(app, "doi.mk@tinhdoan.gov.vn");
    const laptop = await loggedIn(app, "doi.mk@tinhdoan.gov.vn");
    const wrong = await laptop.post("/console/account/password", { currentPassword: "khong-dung-123", newPassword: "mat-khau-moi-2026", confirmPassword: "mat-khau-moi-2026" });
    expect(wrong.headers.get("location")).toContain("err=currentPassword");
    const ok = await laptop.post("/console/account/password", { currentPassword: PASSWORD, newPassword: "mat-khau-moi-2026", confirmPassword: "mat-khau-moi-2026" });
    expect(ok.headers.get("location")).toContain("ok=password");
    expect((await laptop.page("/console/queue")).res.status).toBe(200);
    expect((await phone.page("/console/queue")).res.status).toBe(302);
    expect((await new ConsoleClient(app.url).login("doi.mk@tinhdoan.gov.vn", "mat-khau-moi-2026")).status).toBe(303);
  });

  it("ends the session on logout", async () => {
    const client = await loggedIn(app, "canbo.khoa@tinhdoan.gov.vn");
    const token = client.cookies.get("ya_console")!;
    const logouts = () => app.db.prisma.auditLog.count({ where: { action: "auth.logout", actor: "canbo.khoa@tinhdoan.gov.vn" } });
    const before = await logouts();
    const out = await client.post("/console/logout");
    expect(out.status).toBe(303);
    expect(out.headers.get("location")).toBe("/console/login?bye=1");
    expect(client.cookies.has("ya_console")).toBe(false);
    expect(await logouts()).toBe(before + 1);
    expect(await app.db.prisma.staffSession.findUnique({ where: { id: createHash("sha256").update(token).digest("hex") } })).toBeNull();
    // The old cookie, replayed, no longer works.
    const replay = await fetch(`${app.url}/console/queue`, { headers: { cookie: `ya_console=${token}`, accept: "text/html" }, redirect: "manual" });
    expect(replay.status).toBe(302);
  });
});

describe("console sign-in from an address that keeps failing", () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await runApp();
    await addStaff(app, "that.su@tinhdoan.gov.vn", "coordinator");
  });
  afterAll(async () => {
    await app.stop();
  });

  it("makes the address wait after 10 failures on any accounts, even for a right password", async () => {
    const client = new ConsoleClient(app.url);
    await client.page("/console/login");
    // Password spraying: one guess each on many accounts, so no account's own wait ever starts.
    for (let i = 0; i < 10; i++) {
      const res = await client.post("/console/login", { email: `nguoi.${i}@tinhdoan.gov.vn`, password: "123456789a" });
      expect(res.status, `attempt ${i + 1}`).toBe(401);
    }
    const blocked = await client.post("/console/login", { email: "that.su@tinhdoan.gov.vn", password: PASSWORD });
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get("retry-after")).toBe("1");
    expect(await blocked.text()).toContain("quá nhiều lần đăng nhập sai từ mạng của bạn. Vui lòng thử lại sau 1 giây");
    expect(client.cookies.has("ya_console")).toBe(false);
    expect(await app.db.prisma.auditLog.count({ where: { action: "auth.signInDelayed", target: "127.0.0.1" } })).toBe(1);
    const staff = await app.db.prisma.staffUser.findUniqueOrThrow({ where: { email: "that.su@tinhdoan.gov.vn" } });
    expect(staff.active).toBe(true); // failed attempts slow the account down, never lock it
  }, 30_000);
});
