// Seeding on PostgreSQL, where several instances may start at once: both starts succeed, each
// department and rule exists once, and a later start changes nothing.
import { describe, expect, it } from "vitest";
import { readSeedFile, seedDepartments } from "../../src/proposals/seed-departments.ts";
import { freshDatabaseEachTest } from "../support/database.ts";
import { POSTGRES_URL } from "../support/env.ts";

describe.skipIf(!POSTGRES_URL)("seeding departments on PostgreSQL (skipped: TEST_POSTGRES_URL not set)", () => {
  const fresh = freshDatabaseEachTest("postgresql");

  it("survives two instances seeding at once, and writes each entry once", async () => {
    const seed = readSeedFile();
    const rules = seed.departments.reduce((n, d) => n + d.rules.length, 0);
    const reports = await Promise.all([seedDepartments(fresh.db), seedDepartments(fresh.db)]);
    expect(reports.reduce((n, r) => n + r.created, 0)).toBe(seed.departments.length + rules);
    expect(await fresh.db.prisma.department.count()).toBe(seed.departments.length);
    expect(await fresh.db.prisma.routingRule.count()).toBe(rules);
    expect(await seedDepartments(fresh.db)).toEqual({ created: 0, updated: 0, removed: 0 });
  });
});
