// Test configuration: a throw-away DATA_DIR per test, SQLite by default, and a fresh PostgreSQL
// database per suite when TEST_POSTGRES_URL names a server (it is set by .ci/run). Tests that
// need PostgreSQL say clearly that they were skipped when it is not configured.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { loadConfig, type Config } from "../../src/config.ts";
import type { DatabaseTarget } from "../../src/db/database-url.ts";

export const POSTGRES_URL = process.env.TEST_POSTGRES_URL?.trim() || undefined;

if (!POSTGRES_URL && !process.env.__PG_SKIP_NOTICE) {
  process.env.__PG_SKIP_NOTICE = "1";
  console.warn("PostgreSQL tests skipped: set TEST_POSTGRES_URL (e.g. postgresql://postgres@127.0.0.1:5432/test) to run them.");
}

export const repoRoot = path.resolve(import.meta.dirname, "../..");

export function tempDir(prefix = "ya-test-"): { path: string; remove(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  return { path: dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A fresh, empty PostgreSQL database on the configured server; `drop()` removes it. */
export async function createPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  if (!POSTGRES_URL) throw new Error("TEST_POSTGRES_URL is not set");
  const name = `ya_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: POSTGRES_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}

export interface TestDatabase {
  target: DatabaseTarget;
  cleanup(): Promise<void>;
}

/** The providers this run can test: SQLite always, PostgreSQL when configured. */
export const providers: DatabaseTarget["provider"][] = POSTGRES_URL ? ["sqlite", "postgresql"] : ["sqlite"];

export async function createTestDatabase(provider: DatabaseTarget["provider"]): Promise<TestDatabase> {
  if (provider === "postgresql") {
    const db = await createPostgresDatabase();
    return { target: { provider, url: db.url }, cleanup: () => db.drop() };
  }
  const dir = tempDir();
  return { target: { provider, url: `file:${path.join(dir.path, "app.db")}` }, cleanup: async () => dir.remove() };
}

/** Service configuration for a test: loopback, a random port, quiet logs, a temp DATA_DIR. */
export function testConfig(dataDir: string, env: Record<string, string> = {}): Config {
  return loadConfig({
    HOST: "127.0.0.1",
    PORT: "0",
    DATA_DIR: dataDir,
    LOG_LEVEL: "silent",
    NODE_ENV: "test",
    KNOWLEDGE_DIR: path.join(repoRoot, "test/fixtures/knowledge"),
    KNOWLEDGE_POLL_MS: "200",
    // Tests send many messages quickly from one address; the limits have their own tests.
    FLOOD_MAX_MESSAGES: "10000",
    WEB_CHAT_RATE_PER_IP_PER_MINUTE: "1000000",
    API_RATE_PER_MINUTE: "1000000",
    PUBLIC_PAGES_RATE_PER_IP_PER_MINUTE: "1000000",
    ...env,
  });
}
