// No route reads an unbounded body. Every route that takes a body is sent one bigger than any limit
// in the service (2 MiB; the largest own limit is the FAQ editor's 1 MiB), with valid credentials so
// that authentication does not answer first, and must answer 413. The routes come from Fastify's
// route table, so a route added later is covered without touching this test. Routes with the
// default limit also refuse BODY_LIMIT_BYTES + 1, with a Content-Length or chunked.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiToken } from "../../src/staff/create-api-token.ts";
import { runApp, type RunningApp } from "../support/app.ts";
import { FakeTelegram } from "../support/fake-telegram.ts";
import { FakeZalo } from "../support/fake-zalo.ts";
import { ConsoleClient } from "../console/console-client.ts";
import { listRoutes, type RouteInfo } from "./support/routes.ts";
import { send } from "./support/http.ts";

const BODY_LIMIT = 4096;
const BIG = 2 * 1024 * 1024 + 1;
const TELEGRAM_SECRET = "security-telegram-secret";
const ZALO_SECRET = "security-zalo-secret";
const ADMIN = { email: "admin@security.gov.vn", password: "mat-khau-quan-tri-rat-dai-1" };

describe("body size limits", () => {
  const telegram = new FakeTelegram();
  const zalo = new FakeZalo();
  let app: RunningApp;
  let routes: RouteInfo[];
  let consoleClient: ConsoleClient;
  let apiToken: string;

  beforeAll(async () => {
    await telegram.start();
    await zalo.start();
    app = await runApp({
      env: {
        BODY_LIMIT_BYTES: String(BODY_LIMIT),
        UPLOAD_MAX_BYTES: "8192",
        ADMIN_EMAIL: ADMIN.email,
        ADMIN_PASSWORD: ADMIN.password,
        PUBLIC_BASE_URL: "http://127.0.0.1:9",
        TELEGRAM_BOT_TOKEN: telegram.token,
        TELEGRAM_API_ROOT: telegram.apiRoot,
        TELEGRAM_MODE: "webhook",
        TELEGRAM_WEBHOOK_SECRET: TELEGRAM_SECRET,
        ZALO_BOT_TOKEN: zalo.token,
        ZALO_API_ROOT: zalo.apiRoot,
        ZALO_MODE: "webhook",
        ZALO_WEBHOOK_SECRET: ZALO_SECRET,
      },
    });
    routes = listRoutes(app.server);
    consoleClient = new ConsoleClient(app.url);
    expect((await consoleClient.login(ADMIN.email, ADMIN.password)).status).toBe(303);
    const admin = await app.db.prisma.staffUser.findUniqueOrThrow({ where: { email: ADMIN.email } });
    apiToken = (await createApiToken({ db: app.db, staffId: admin.id, name: "security-test" })).token;
  });
  afterAll(async () => {
    await app?.stop();
    await telegram.stop();
    await zalo.stop();
  });

  /** Headers that get a request past authentication on this route. */
  function credentials(route: RouteInfo): Record<string, string> {
    if (route.path === "/webhooks/telegram") return { "x-telegram-bot-api-secret-token": TELEGRAM_SECRET };
    if (route.path === "/webhooks/zalo") return { "x-bot-api-secret-token": ZALO_SECRET };
    if (route.path.startsWith("/api/v1/")) return { authorization: `Bearer ${apiToken}` };
    if (route.path.startsWith("/console")) {
      return { cookie: [...consoleClient.cookies].map(([k, v]) => `${k}=${v}`).join("; "), "x-csrf-token": consoleClient.csrf };
    }
    return {};
  }

  /** A body of `size` bytes in the form the route reads. */
  function body(route: RouteInfo, size: number): { headers: Record<string, string>; body: Buffer } {
    if (route.path.endsWith("/upload")) {
      const boundary = "----security-test-boundary";
      const head = `--${boundary}\r\ncontent-disposition: form-data; name="_csrf"\r\n\r\n${consoleClient.csrf}\r\n--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="lon.md"\r\ncontent-type: text/markdown\r\n\r\n`;
      const tail = `\r\n--${boundary}--\r\n`;
      return {
        headers: { "content-type": `multipart/form-data; boundary=${boundary}` },
        body: Buffer.concat([Buffer.from(head), Buffer.alloc(size, "a"), Buffer.from(tail)]),
      };
    }
    if (route.path.startsWith("/console")) {
      return { headers: { "content-type": "application/x-www-form-urlencoded" }, body: Buffer.from(`_csrf=${encodeURIComponent(consoleClient.csrf)}&text=${"a".repeat(size)}`) };
    }
    return { headers: { "content-type": "application/json" }, body: Buffer.from(JSON.stringify({ user: "u", text: "a".repeat(size) })) };
  }

  it("finds the routes that take a body (web chat, both webhooks, console, API)", () => {
    const withBody = routes.filter((r) => ["POST", "PUT", "PATCH", "DELETE"].includes(r.method)).map((r) => r.pattern);
    expect(withBody).toEqual(expect.arrayContaining(["/api/chat", "/webhooks/telegram", "/webhooks/zalo"]));
    expect(withBody.length).toBeGreaterThanOrEqual(5);
  });

  it("answers 413 on every route that takes a body when it is larger than any limit", async () => {
    const results: string[] = [];
    for (const route of routes.filter((r) => ["POST", "PUT", "PATCH", "DELETE"].includes(r.method))) {
      const payload = body(route, BIG);
      const res = await send(app.url + route.path, { method: route.method, headers: { ...payload.headers, ...credentials(route) }, body: payload.body });
      results.push(`${route.method} ${route.pattern} → ${res.status}`);
    }
    console.log(`body limits: ${results.length} routes that take a body, all checked:\n  ${results.join("\n  ")}`);
    expect(results.filter((r) => !r.endsWith("→ 413"))).toEqual([]);
  });

  it.each(["/api/chat", "/webhooks/telegram", "/webhooks/zalo", "/console/login"])("%s refuses BODY_LIMIT_BYTES + 1, with a length or chunked", async (path) => {
    const route = routes.find((r) => r.path === path && r.method === "POST")!;
    for (const chunked of [false, true]) {
      const payload = body(route, BODY_LIMIT + 1);
      const res = await send(app.url + path, { headers: { ...payload.headers, ...credentials(route) }, body: payload.body, chunked });
      expect(res.status, `${path} ${chunked ? "chunked" : "with Content-Length"}`).toBe(413);
    }
  });

  it("still serves normal requests afterwards", async () => {
    const greeted = await app.chat("after-limits", "xin chào");
    expect(greeted.kind).toBe("menu");
    expect(greeted.replies[0].text).toContain("Mình là Trợ lý Thanh niên");
  });
});
