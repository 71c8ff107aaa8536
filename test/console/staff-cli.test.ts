// `npm run cli -- staff create`: the first administrator (or any account) from the command line,
// with the password read from the input when not given, and clear errors for bad arguments.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/client.ts";
import { verifyPassword } from "../../src/proposals/staff-password.ts";
import { repoRoot, tempDir } from "../support/env.ts";

const dir = tempDir();
const env = { ...process.env, DATA_DIR: dir.path, LOG_LEVEL: "silent", KNOWLEDGE_SYNC_ON_START: "false" };
const cli = (args: string[], input = "") =>
  spawnSync(process.execPath, ["--import", "tsx", path.join(repoRoot, "src/cli/index.ts"), ...args], { env, input, encoding: "utf8", cwd: repoRoot });

describe("staff create on the command line", () => {
  afterAll(() => dir.remove());

  it("creates an account with a department given by name, reading the password from the input", async () => {
    const run = cli(["staff", "create", "--email", "Lan.Nguyen@SoNoiVu.gov.vn", "--name", "Nguyễn Thị Lan", "--role", "department", "--department", "Sở Nội vụ"], "mat-khau-rat-dai-2026\n");
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("Created department lan.nguyen@sonoivu.gov.vn (Sở Nội vụ)");
    const db = await openDatabase({ provider: "sqlite", url: `file:${path.join(dir.path, "app.db")}` });
    try {
      const staff = await db.prisma.staffUser.findUniqueOrThrow({ where: { email: "lan.nguyen@sonoivu.gov.vn" }, include: { department: true } });
      expect(staff).toMatchObject({ role: "department", name: "Nguyễn Thị Lan", active: true });
      expect(staff.department?.slug).toBe("so-noi-vu");
      expect(staff.passwordHash).toMatch(/^\$argon2id\$/);
      expect(await verifyPassword(staff.passwordHash, "mat-khau-rat-dai-2026")).toBe(true);
    } finally {
      await db.close();
    }
  });

  it("explains what is wrong, with exit code 2", () => {
    const role = cli(["staff", "create", "--email", "a@b.vn", "--name", "A", "--role", "boss", "--password", "1234567890"]);
    expect(role.status).toBe(2);
    expect(role.stderr).toContain("role: must be one of admin, coordinator, department");
    const dup = cli(["staff", "create", "--email", "lan.nguyen@sonoivu.gov.vn", "--name", "B", "--role", "admin", "--password", "1234567890"]);
    expect(dup.status).toBe(2);
    expect(dup.stderr).toContain("already exists");
    const missing = cli(["staff", "create", "--email", "c@b.vn", "--role", "admin"]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain("staff create needs --name");
  });
});
