// Who may say where a request comes from. Only the proxies listed in TRUST_PROXY: a client that
// connects directly (simulated with Fastify's inject and its socket address) and writes its own
// X-Forwarded-For is still counted by its socket address, so rotating the header or writing
// "x, 127.0.0.1" escapes neither the web chat limit nor the sign-in delays. A listed proxy's
// header is used. TRUST_PROXY=true (and other spellings of "everyone") stops start-up.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.ts";
import { runApp, type RunningApp } from "../support/app.ts";

describe("TRUST_PROXY in the configuration", () => {
  it.each(["true", "yes", "1", "*", "TRUE"])("refuses %s, naming the setting and what to write instead", (value) => {
    expect(() => loadConfig({ TRUST_PROXY: value })).toThrow(expect.objectContaining({ code: "config.invalid" }));
    expect(() => loadConfig({ TRUST_PROXY: value })).toThrow(/^Invalid TRUST_PROXY: .*TRUST_PROXY=127\.0\.0\.1/);
  });

  it.each([
    ["10.0.0.0/33", "bad prefix length"],
    ["0.0.0.0/0", "trusts every address"],
    ["::/0", "trusts every address"],
    ["proxy.internal", "is not an IP address or CIDR range"],
    ["127.0.0.1, 10.0.0.300", "is not an IP address or CIDR range"],
  ])("refuses the entry %s", (value, reason) => {
    expect(() => loadConfig({ TRUST_PROXY: value })).toThrow(reason);
  });

  it("takes a list of IPv4 and IPv6 addresses and ranges; empty or false trusts nobody", () => {
    expect(loadConfig({ TRUST_PROXY: "127.0.0.1, 10.0.0.0/8,::1, fd00::/8" }).trustProxy).toEqual(["127.0.0.1", "10.0.0.0/8", "::1", "fd00::/8"]);
    expect(loadConfig({ TRUST_PROXY: "" }).trustProxy).toEqual([]);
    expect(loadConfig({ TRUST_PROXY: "false" }).trustProxy).toEqual([]);
    expect(loadConfig({}).trustProxy).toEqual([]);
  });
});

describe("client addresses behind a listed proxy", () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await runApp({ env: { TRUST_PROXY: "127.0.0.1", WEB_CHAT_RATE_PER_IP_PER_MINUTE: "3" } });
  });
  afterAll(async () => {
    await app.stop();
  });

  /** A web chat message from a client connected directly from `socket`, writing `forwardedFor`. */
  const direct = async (socket: string, forwardedFor: string, user: string) =>
    (
      await app.server.inject({
        method: "POST",
        url: "/api/chat",
        remoteAddress: socket,
        headers: { "content-type": "application/json", "x-forwarded-for": forwardedFor },
        payload: JSON.stringify({ user, text: "xin chào" }),
      })
    ).statusCode;

  /** A web chat message arriving through the proxy on 127.0.0.1 (real HTTP), which sent `forwardedFor`. */
  const viaProxy = async (forwardedFor: string, user: string) =>
    (
      await fetch(`${app.url}/api/chat`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-forwarded-for": forwardedFor },
        body: JSON.stringify({ user, text: "xin chào" }),
      })
    ).status;

  it("counts a direct client by its socket address however it rotates X-Forwarded-For", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push(await direct("203.0.113.9", `198.51.100.${i + 1}`, `rotate-${i}`));
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
  });

  it('does not let "x, 127.0.0.1" (or "127.0.0.1") make a direct client local', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push(await direct("203.0.113.10", `198.51.100.${i}, 127.0.0.1`, `loop-${i}`));
    statuses.push(await direct("203.0.113.10", "127.0.0.1", "loop-9"));
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
  });

  it("uses the address a listed proxy appended, not what the client wrote before it", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push(await viaProxy("203.0.113.77", `proxied-${i}`));
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect(await viaProxy("203.0.113.78", "proxied-other")).toBe(200); // another client behind the proxy
    const spoofed: number[] = [];
    for (let i = 0; i < 4; i++) spoofed.push(await viaProxy(`10.9.9.${i}, 127.0.0.1, 203.0.113.79`, `spoof-${i}`));
    expect(spoofed).toEqual([200, 200, 200, 429]);
  });

  it("still does not count requests sent straight from this machine", async () => {
    for (let i = 0; i < 6; i++) expect((await app.post("/api/chat", { user: "local-script", text: "xin chào" })).status).toBe(200);
  });

  it("does not let a direct client escape the sign-in delay by rotating X-Forwarded-For", async () => {
    const socket = "203.0.113.11";
    const page = await app.server.inject({ method: "GET", url: "/console/login", remoteAddress: socket });
    const cookie = String([page.headers["set-cookie"]].flat()[0]).split(";")[0]!;
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const res = await app.server.inject({
        method: "POST",
        url: "/console/login",
        remoteAddress: socket,
        headers: { "content-type": "application/x-www-form-urlencoded", cookie, "x-forwarded-for": `198.51.100.${100 + i}` },
        payload: new URLSearchParams({ _csrf: csrf, email: `nguoi.${i}@tinhdoan.gov.vn`, password: "123456789a" }).toString(),
      });
      statuses.push(res.statusCode);
      if (res.statusCode === 429) expect(res.body).toContain("quá nhiều lần đăng nhập sai từ mạng của bạn");
    }
    expect(statuses).toEqual([...Array(10).fill(401), 429, 429]);
  });
});
