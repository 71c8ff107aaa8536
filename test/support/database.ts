// A fresh, migrated database for every test of the describe block that calls it: opened before
// each test, closed and removed after. Tests read `fresh.db` (and `fresh.target`) inside `it`.
import { afterEach, beforeEach } from "vitest";
import { openDatabase, type Db } from "../../src/db/client.ts";
import type { DatabaseTarget } from "../../src/db/database-url.ts";
import { migrateDatabase } from "../../src/db/migrate.ts";
import { createTestDatabase, type TestDatabase } from "./env.ts";

export interface FreshDatabase {
  readonly db: Db;
  readonly target: DatabaseTarget;
}

export function freshDatabaseEachTest(provider: DatabaseTarget["provider"]): FreshDatabase {
  let testDb: TestDatabase | undefined;
  let db: Db | undefined;
  beforeEach(async () => {
    testDb = await createTestDatabase(provider);
    await migrateDatabase(testDb.target);
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
