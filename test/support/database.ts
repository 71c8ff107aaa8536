// A fresh, migrated database for every test of the describe block that calls it: opened before
// each test, closed and removed after. Tests read `fresh.db` (and `fresh.target`) inside `it`.
import path from "node:path";
import { afterEach, beforeEach } from "vitest";
import { openDatabase, type Db } from "../../src/db/client.ts";
import type { DatabaseTarget } from "../../src/db/database-url.ts";
import { migrateDatabase } from "../../src/db/migrate.ts";
import { createTestDatabase, tempDir, type TestDatabase } from "./env.ts";
import { copyMigratedSqlite, copyPostgresTemplate } from "./templates.ts";

export interface FreshDatabase {
  readonly db: Db;
  readonly target: DatabaseTarget;
}

export function freshDatabaseEachTest(provider: DatabaseTarget["provider"]): FreshDatabase {
  let testDb: TestDatabase | undefined;
  let db: Db | undefined;
  beforeEach(async () => {
    testDb = await createMigratedTestDatabase(provider);
    db = await openDatabase(testDb.target);
  });
  afterEach(async () => {
    await db?.close();
    await testDb?.cleanup();
    db = undefined;
    testDb = undefined;
  });
  return {
    get db() {
      if (!db) throw new Error("the database is open only inside a test");
      return db;
    },
    get target() {
      if (!testDb) throw new Error("the database is open only inside a test");
      return testDb.target;
    },
  };
}

/**
 * A fresh database with every migration applied and nothing else: a copy of the run's migrated
 * template (templates.ts) when there is one, else created and migrated here.
 */
export async function createMigratedTestDatabase(provider: DatabaseTarget["provider"]): Promise<TestDatabase> {
  if (provider === "postgresql") {
    const copy = await copyPostgresTemplate("migrated");
    if (copy) return { target: { provider, url: copy.url }, cleanup: () => copy.drop() };
  } else {
    const dir = tempDir();
    if (await copyMigratedSqlite(dir.path)) return { target: { provider, url: `file:${path.join(dir.path, "app.db")}` }, cleanup: async () => dir.remove() };
    dir.remove();
  }
  const testDb = await createTestDatabase(provider);
  await migrateDatabase(testDb.target);
  return testDb;
}
