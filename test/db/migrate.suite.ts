// Shared by migrate.test.ts (SQLite) and migrate.pg.test.ts (PostgreSQL): the committed migrations
// bring an empty database to the current schema, and a second run applies nothing.
import { afterAll, beforeAll, expect, it } from "vitest";
import { openDatabase } from "../../src/db/client.ts";
import { migrateDatabase } from "../../src/db/migrate.ts";
import { createTestDatabase, type TestDatabase } from "../support/env.ts";
import type { DatabaseTarget } from "../../src/db/database-url.ts";

export function runMigrationSuite(provider: DatabaseTarget["provider"]) {
  let testDb: TestDatabase;
  beforeAll(async () => {
    testDb = await createTestDatabase(provider);
  });
  afterAll(async () => {
    await testDb?.cleanup();
  });

  it("applies every migration to an empty database, then nothing on the next start", async () => {
    const first = await migrateDatabase(testDb.target);
    expect(first.applied.length).toBe(first.total);
    expect(first.applied[0]).toBe("0001_init");
    const second = await migrateDatabase(testDb.target);
    expect(second.applied).toEqual([]);
  });

  it("keeps rows that point at a table a later migration rebuilds", async () => {
    const fresh = await createTestDatabase(provider);
    try {
      // Apply only the first migration, add data, then the rest (0002 rebuilds StaffUser on SQLite).
      await migrateDatabase(fresh.target, { upTo: "0001_init" });
      const db = await openDatabase(fresh.target);
      // Raw SQL: the generated client already knows the newer columns.
      await db.prisma.$executeRawUnsafe(
        `INSERT INTO "StaffUser" ("id", "email", "name", "passwordHash", "role", "active", "createdAt", "updatedAt") VALUES ('s1', 'a@b.vn', 'A', 'x', 'admin', true, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)`,
      );
      await db.prisma.$executeRawUnsafe(
        `INSERT INTO "ApiToken" ("id", "staffId", "name", "tokenHash", "createdAt") VALUES ('t1', 's1', 'dms', 'h1', CURRENT_TIMESTAMP)`,
      );
      await db.close();
      await migrateDatabase(fresh.target);
      const after = await openDatabase(fresh.target);
      expect(await after.prisma.apiToken.count()).toBe(1);
      await after.close();
    } finally {
      await fresh.cleanup();
    }
  });

  it("leaves a database that every model can be read from", async () => {
    const db = await openDatabase(testDb.target);
    try {
      const p = db.prisma;
      const counts = await Promise.all([
        p.chatUser.count(), p.channelIdentity.count(), p.conversationState.count(), p.message.count(),
        p.department.count(), p.routingRule.count(), p.proposal.count(), p.proposalEvent.count(),
        p.document.count(), p.chunk.count(), p.staffUser.count(), p.apiToken.count(),
        p.outboxMessage.count(), p.processedUpdate.count(), p.consent.count(), p.codeCounter.count(),
        p.knowledgeVersion.count(),
      ]);
      expect(counts.every((c) => c === 0)).toBe(true);
    } finally {
      await db.close();
    }
  });
}
