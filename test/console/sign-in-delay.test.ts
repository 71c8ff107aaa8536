// A stranger cannot lock a coordinator out of the console any more. Behind a proxy (TRUST_PROXY),
// an attacker at one address keeps failing on the coordinator's account; the coordinator, at
// another address, waits at most the short per-account delay shown and then signs in, while the
// attacker's own address waits longer and longer. Attempts during a wait are refused (429,
// Retry-After, the wait in the page) without the password being checked, and each streak's first
// delay is written to the audit log once. The service runs on a test clock that the stories move
// on, so nobody really waits.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { fixedClock } from "../../src/clock.ts";
import { runApp, type RunningApp } from "../support/app.ts";
import { addStaff, PASSWORD } from "./console-client.ts";

const COORDINATOR = "dieu.phoi@tinhdoan.gov.vn";
const ATTACKER = "203.0.113.66";
const OFFICE = "198.51.100.23";

/** A browser at `address`, as the proxy forwards it (X-Forwarded-For), with its own cookies. */
class BrowserAt {
  private cookies = new Map<string, string>();
  private csrf = "";

  constructor(
    private readonly app: RunningApp,
    private readonly address: string,
  ) {}

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
    return { "x-forwarded-for": this.address, accept: "text/html", ...(cookie ? { cookie } : {}), ...extra };
  }

  private remember(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair = ""] = line.split(";");
      const eq = pair.indexOf("=");
      const [name, value] = [pair.slice(0, eq).trim(), pair.slice(eq + 1).trim()];
      if (value === "" || /max-age=0\b/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async signIn(email: string, password: string): Promise<{ status: number; retryAfter: string | null; text: string; signedIn: boolean }> {
    if (!this.cookies.has("ya_console_login")) {
      const page = await fetch(`${this.app.url}/console/login`, { headers: this.headers() });
      this.remember(page);
      this.csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1]!;
    }
    const res = await fetch(`${this.app.url}/console/login`, {
      method: "POST",
      headers: this.headers({ "content-type": "application/x-www-form-urlencoded" }),
      body: new URLSearchParams({ _csrf: this.csrf, email, password }),
      redirect: "manual",
    });
    this.remember(res);
    const text = await res.text();
    return { status: res.status, retryAfter: res.headers.get("retry-after"), text, signedIn: res.status === 303 && this.cookies.has("ya_console") };
  }
}

describe("sign-in delays instead of a lock", () => {
  let app: RunningApp;
  const clock = fixedClock("2026-11-30T01:00:00Z");
  const advance = (seconds: number) => clock.advance(seconds * 1000);
  const audits = (where: Record<string, unknown>) => app.db.prisma.auditLog.findMany({ where: { action: "auth.signInDelayed", ...where } });

  beforeAll(async () => {
    app = await runApp({ env: { TRUST_PROXY: "127.0.0.1" }, clock });
    await addStaff(app, COORDINATOR, "coordinator");
  });
  afterEach(() => advance(3600)); // each story starts after every streak has been forgotten
  afterAll(async () => {
    await app.stop();
  });

  it("lets the coordinator in after the short wait shown, while an attacker elsewhere keeps failing on the account", async () => {
    const attacker = new BrowserAt(app, ATTACKER);
    const office = new BrowserAt(app, OFFICE);
    for (let i = 1; i <= 4; i++) expect((await attacker.signIn(COORDINATOR, `doan-bua-${i}-abc`)).status).toBe(401);
    const fifth = await attacker.signIn(COORDINATOR, "doan-bua-5-abc");
    expect(fifth.status).toBe(401);
    expect(fifth.text).toContain("Vui lòng đợi 1 giây trước khi thử lại");

    // During the wait nothing is checked: not even the right password gets in, from anywhere.
    const early = await office.signIn(COORDINATOR, PASSWORD);
    expect(early.status).toBe(429);
    expect(early.retryAfter).toBe("1");
    expect(early.text).toContain("Vui lòng thử lại sau 1 giây");
    expect(early.signedIn).toBe(false);

    // The coordinator waits the second shown and is in (the old lock refused them for 15 minutes).
    advance(1);
    expect((await office.signIn(COORDINATOR, PASSWORD)).signedIn).toBe(true);
    const staff = await app.db.prisma.staffUser.findUniqueOrThrow({ where: { email: COORDINATOR } });
    expect(staff.lastLoginAt).not.toBeNull();

    // The attacker goes on guessing at the coordinator, as fast as its own address may: the
    // account's wait grows but stops at 30 s, so the coordinator is never kept out longer.
    for (let round = 0; round < 12; round++) {
      advance(61); // whatever the attacker's address must wait
      expect((await attacker.signIn(COORDINATOR, `doan-tiep-${round}-abc`)).status, `round ${round}`).toBe(401);
    }
    const later = await office.signIn(COORDINATOR, PASSWORD);
    expect(later.status).toBe(429);
    expect(later.retryAfter).toBe("30");
    expect(later.text).toContain("Vui lòng thử lại sau 30 giây");
    advance(30);
    expect((await office.signIn(COORDINATOR, PASSWORD)).signedIn).toBe(true);

    // Two account streaks (before and after the coordinator's sign-in), one audit row each.
    expect(await audits({ target: COORDINATOR })).toHaveLength(2);
  });

  it("makes the attacker's address wait longer and longer, without stopping other addresses", async () => {
    const attacker = new BrowserAt(app, "203.0.113.99");
    const office = new BrowserAt(app, "198.51.100.77");
    // Password spraying: one guess on each of many accounts, so no account's streak grows.
    for (let i = 0; i < 10; i++) expect((await attacker.signIn(`nguoi.${i}@tinhdoan.gov.vn`, "123456789a")).status).toBe(401);
    const waits: number[] = [];
    for (let i = 10; i < 18; i++) {
      const refused = await attacker.signIn(`nguoi.${i}@tinhdoan.gov.vn`, "123456789a");
      expect(refused.status).toBe(429);
      expect(refused.text).toContain("quá nhiều lần đăng nhập sai từ mạng của bạn");
      const wait = Number(refused.retryAfter);
      expect(refused.text).toContain(`thử lại sau ${wait} giây`);
      waits.push(wait);
      advance(wait);
      expect((await attacker.signIn(`nguoi.${i}@tinhdoan.gov.vn`, "123456789a")).status).toBe(401);
    }
    expect(waits).toEqual([1, 2, 4, 8, 16, 32, 60, 60]);
    // The right password from the waiting address is refused unchecked; another address signs in.
    const attempt = await attacker.signIn(COORDINATOR, PASSWORD);
    expect(attempt.status).toBe(429);
    expect(attempt.signedIn).toBe(false);
    expect((await office.signIn(COORDINATOR, PASSWORD)).signedIn).toBe(true);
    // One audit row for the address's streak, however many attempts it refused.
    const rows = await audits({ target: "203.0.113.99" });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.actor).toBe("203.0.113.99");
    expect(JSON.parse(rows[0]!.detail)).toMatchObject({ scope: "address", waitSeconds: 1 });
  });
});
