import pg from "pg";
import { describe, expect, it } from "vitest";
import { json, runApp } from "../support/app.ts";
import { createPostgresDatabase, POSTGRES_URL } from "../support/env.ts";

describe.skipIf(!POSTGRES_URL)("GET /healthz on PostgreSQL (skipped: TEST_POSTGRES_URL not set)", () => {
  it("answers 200 while the database is up and 503 with the reason once it is gone", async () => {
    const database = await createPostgresDatabase();
    const app = await runApp({ databaseUrl: database.url });
    try {
      expect((await app.get("/healthz")).status).toBe(200);
      const admin = new pg.Client({ connectionString: POSTGRES_URL });
      await admin.connect();
      await admin.query(`DROP DATABASE "${new URL(database.url).pathname.slice(1)}" WITH (FORCE)`);
      await admin.end();
      const res = await app.get("/healthz");
      expect(res.status).toBe(503);
      expect(await json(res)).toEqual({ status: "error", db: "error", reason: "database unreachable" });
    } finally {
      await app.stop().catch(() => undefined);
      await database.drop();
    }
  });
});
