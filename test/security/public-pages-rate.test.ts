// The public pages and their JSON twins (/doi-thoai, /co-hoi, /api/v1/rounds, /api/v1/opportunities)
// need no sign-in and run several queries each, so one client address may open 120 of them a minute
// (PUBLIC_PAGES_RATE_PER_IP_PER_MINUTE, one counter for all of them): the 121st gets 429 with
// Retry-After and a message saying why and how long, in the page's language; another address and
// the machine itself carry on. Over real HTTP behind a proxy, as nginx forwards requests.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { json, runApp, type RunningApp } from "../support/app.ts";

describe("rate limit of the public pages", () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await runApp({ env: { TRUST_PROXY: "127.0.0.1", PUBLIC_PAGES_RATE_PER_IP_PER_MINUTE: "120" } });
  });
  afterAll(async () => {
    await app.stop();
  });

  const open = (path: string, from: string, headers: Record<string, string> = {}) => fetch(app.url + path, { headers: { "x-forwarded-for": from, ...headers } });

  it("answers 120 requests a minute from one address across the pages and the API, and refuses the 121st with a clear 429", async () => {
    const paths = ["/doi-thoai", "/co-hoi", "/api/v1/rounds", "/api/v1/opportunities", "/doi-thoai/feed.xml", "/co-hoi?lang=en&kind=job"];
    const statuses: number[] = [];
    for (let i = 0; i < 120; i++) statuses.push((await open(paths[i % paths.length]!, "203.0.113.9")).status);
    expect(statuses.filter((s) => s !== 200)).toEqual([]);

    const refused = await open("/co-hoi", "203.0.113.9");
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    const body = await json(refused);
    expect(body.error.code).toBe("rate_limited");
    expect(body.error.message).toContain("Trang này được mở quá nhiều lần từ địa chỉ mạng của bạn (tối đa 120 lần mỗi phút)");
    expect((await json(await open("/doi-thoai?lang=en", "203.0.113.9"))).error.message).toContain("at most 120 a minute");
    // The JSON twins share the counter, and say so to integrators.
    const api = await open("/api/v1/opportunities", "203.0.113.9");
    expect(api.status).toBe(429);
    expect((await json(api)).error.message).toContain("at most 120 requests a minute per address");

    // Another address, and the machine itself, are still answered.
    expect((await open("/co-hoi", "198.51.100.31")).status).toBe(200);
    expect((await app.get("/doi-thoai")).status).toBe(200);
  });
});
