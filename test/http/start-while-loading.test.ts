// `npm start` listens before the knowledge folder is synced and the index loaded (most of a first
// start): pages are served meanwhile, /healthz tells a load balancer "not ready yet", and a
// question asked in those seconds waits for the knowledge instead of getting "not sure".
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Db } from "../../src/db/client.ts";
import { migrateDatabase } from "../../src/db/migrate.ts";
import { createLogger } from "../../src/logger.ts";
import { startApp, type App } from "../../src/main.ts";
import { buildServer } from "../../src/http/server.ts";
import { createTestDatabase, tempDir, testConfig, type TestDatabase } from "../support/env.ts";
import { WebClient } from "../support/web-client.ts";

describe("GET /healthz while the knowledge loads", () => {
  let database: TestDatabase;
  let db: Db;
  beforeAll(async () => {
    database = await createTestDatabase("sqlite");
    await migrateDatabase(database.target);
    db = await openDatabase(database.target);
  });
  afterAll(async () => {
    await db.close();
    await database.cleanup();
  });

  it("answers 503 with ready false until the knowledge is loaded, then 200 with ready true", async () => {
    let loaded = false;
    const server = buildServer({
      logger: createLogger("silent"),
      bodyLimit: 1024,
      trustProxy: [],
      health: { db, knowledge: { stats: () => ({ documents: loaded ? 5 : 0, chunks: loaded ? 8 : 0 }), isLoaded: () => loaded }, channels: () => ({ web: "enabled" }) },
    });
    const starting = await server.inject({ method: "GET", url: "/healthz" });
    expect(starting.statusCode).toBe(503);
    expect(starting.json()).toMatchObject({ status: "starting", ready: false, db: "ok", knowledge: { documents: 0 } });
    loaded = true;
    const ready = await server.inject({ method: "GET", url: "/healthz" });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({ status: "ok", ready: true, db: "ok", knowledge: { documents: 5, chunks: 8 } });
    await server.close();
  });
});

describe("a service started the way npm start does", () => {
  const dir = tempDir();
  let app: App;
  beforeAll(async () => {
    app = await startApp(testConfig(dir.path), { serveWhileLoading: true });
  });
  afterAll(async () => {
    await app.close();
    dir.remove();
  });

  it("answers a question asked as soon as it listens, and is healthy once the knowledge is in", async () => {
    // Sent before waiting for anything: the reply comes from the loaded knowledge, not "not sure".
    const [reply, front] = await Promise.all([
      new WebClient(app.url, new Map(), "early").chat("thanh niên là người bao nhiêu tuổi?"),
      fetch(`${app.url}/`),
      app.ready,
    ]);
    expect(front.status).toBe(200);
    expect(reply.kind).toBe("answer");
    expect(reply.replies[0].text).toContain("từ đủ 16 tuổi đến 30 tuổi");
    const health = await fetch(`${app.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ ready: true, knowledge: { documents: 5, chunks: 8 } });
  });
});
