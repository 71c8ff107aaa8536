// `npm run cli -- staff create` and `staff password`: the first administrator (or any account) from
// the command line, the password read from standard input (piped) or a no-echo prompt, never from
// --password, which shell history and the process list would keep; clear errors for bad arguments.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/client.ts";
import { verifyPassword } from "../../src/staff/staff-password.ts";
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
    const role = cli(["staff", "create", "--email", "a@b.vn", "--name", "A", "--role", "boss"], "1234567890\n");
    expect(role.status).toBe(2);
    expect(role.stderr).toContain("role: must be one of admin, coordinator, department");
    const dup = cli(["staff", "create", "--email", "lan.nguyen@sonoivu.gov.vn", "--name", "B", "--role", "admin"], "1234567890\n");
    expect(dup.status).toBe(2);
    expect(dup.stderr).toContain("already exists");
    const missing = cli(["staff", "create", "--email", "c@b.vn", "--role", "admin"]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain("staff create needs --name");
  }, 120_000);

  it("refuses --password, saying how to pipe the password instead, and creates nothing", async () => {
    const run = cli(["staff", "create", "--email", "lo.mat.khau@tinhdoan.gov.vn", "--name", "Lộ", "--role", "admin", "--password", "mat-khau-trong-lich-su"]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("--password is refused");
    expect(run.stderr).toContain("shell history and the process list");
    expect(run.stderr).toContain("< password.txt");
    expect(run.stderr).not.toContain("mat-khau-trong-lich-su");
    const reset = cli(["staff", "password", "--email", "lan.nguyen@sonoivu.gov.vn", "--password", "mat-khau-trong-lich-su"]);
    expect(reset.status).toBe(2);
    expect(reset.stderr).toContain("--password is refused");
    const db = await openDatabase({ provider: "sqlite", url: `file:${path.join(dir.path, "app.db")}` });
    try {
      expect(await db.prisma.staffUser.findUnique({ where: { email: "lo.mat.khau@tinhdoan.gov.vn" } })).toBeNull();
      const lan = await db.prisma.staffUser.findUniqueOrThrow({ where: { email: "lan.nguyen@sonoivu.gov.vn" } });
      expect(await verifyPassword(lan.passwordHash, "mat-khau-trong-lich-su")).toBe(false);
    } finally {
      await db.close();
    }
  }, 120_000);

  it("sets a new password read from the input with staff password, and ends the account's sessions", async () => {
    const dbUrl = { provider: "sqlite" as const, url: `file:${path.join(dir.path, "app.db")}` };
    let db = await openDatabase(dbUrl);
    const lan = await db.prisma.staffUser.findUniqueOrThrow({ where: { email: "lan.nguyen@sonoivu.gov.vn" } });
    await db.prisma.staffSession.create({ data: { id: "x".repeat(64), staffId: lan.id, csrfToken: "c", expiresAt: new Date(Date.now() + 3600_000) } });
    await db.close();
    const run = cli(["staff", "password", "--email", "Lan.Nguyen@SoNoiVu.gov.vn"], "mat-khau-moi-tu-stdin\n");
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("Password of lan.nguyen@sonoivu.gov.vn changed");
    expect(run.stdout).not.toContain("mat-khau-moi-tu-stdin");
    db = await openDatabase(dbUrl);
    try {
      const after = await db.prisma.staffUser.findUniqueOrThrow({ where: { email: "lan.nguyen@sonoivu.gov.vn" } });
      expect(await verifyPassword(after.passwordHash, "mat-khau-moi-tu-stdin")).toBe(true);
      expect(await db.prisma.staffSession.count({ where: { staffId: lan.id } })).toBe(0);
      expect(await db.prisma.auditLog.count({ where: { action: "staff.setPassword", target: "lan.nguyen@sonoivu.gov.vn" } })).toBe(1);
    } finally {
      await db.close();
    }
  }, 120_000);

  it("explains a short password, an unknown account and a missing password for staff password", () => {
    const short = cli(["staff", "password", "--email", "lan.nguyen@sonoivu.gov.vn"], "ngan\n");
    expect(short.status).toBe(2);
    expect(short.stderr).toContain("at least 10 characters");
    const unknown = cli(["staff", "password", "--email", "khong.co@tinhdoan.gov.vn"], "mat-khau-rat-dai-2026\n");
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain("no staff account khong.co@tinhdoan.gov.vn");
    const empty = cli(["staff", "password", "--email", "lan.nguyen@sonoivu.gov.vn"], "");
    expect(empty.status).toBe(2);
    expect(empty.stderr).toContain("no password on standard input");
  }, 120_000);
});
