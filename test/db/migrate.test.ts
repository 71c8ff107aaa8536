import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../support/env.ts";
import { runMigrationSuite } from "./migrate.suite.ts";

describe("migrations on SQLite", () => runMigrationSuite("sqlite"));

describe("one source of truth", () => {
  it("has a committed migration for every change to prisma/schema.prisma", () => {
    const out = execFileSync(process.execPath, ["--import", "tsx", "scripts/db.ts", "check"], { cwd: repoRoot, encoding: "utf8" });
    expect(out).toContain("Schema and migrations agree.");
  });
});
