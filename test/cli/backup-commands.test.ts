// `npm run cli -- db backup [file]` as an operator runs it on a live SQLite service: the copy is
// complete and consistent even while messages are being written, lands in DATA_DIR/backups by
// default, never overwrites a file, and PostgreSQL users are pointed to pg_dump.
import { execFile } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runApp, type RunningApp } from "../support/app.ts";
import { repoRoot, tempDir } from "../support/env.ts";

const run = promisify(execFile);

describe("db backup", () => {
  let app: RunningApp;
  const out = tempDir("ya-backup-");
  beforeAll(async () => {
    app = await runApp();
  });
  afterAll(async () => {
    await app?.stop();
    out.remove();
  });

  const cli = (args: string[], env: Record<string, string> = {}) =>
    run(process.execPath, ["--import", "tsx", path.join(repoRoot, "src/cli/index.ts"), "db", "backup", ...args], {
      cwd: repoRoot,
      env: { ...process.env, DATA_DIR: app.dataDir, DATABASE_URL: app.config.database.url, LOG_LEVEL: "silent", ...env },
    });

  it("copies the live database, with what was written while it ran", async () => {
    await app.chat("backup-user", "thanh niên là bao nhiêu tuổi");
    // The service keeps answering during the backup.
    let writing = true;
    const writer = (async () => {
      for (let i = 0; writing; i++) await app.chat("backup-user", `câu hỏi số ${i} về việc làm`);
    })();
    const file = path.join(out.path, "copy.db");
    const { stdout } = await cli([file]);
    writing = false;
    await writer;
    expect(stdout).toContain(`to ${file}`);
    expect(stdout).toContain("integrity ok");

    const copy = new Database(file, { readonly: true });
    try {
      expect(copy.pragma("integrity_check", { simple: true })).toBe("ok");
      const messages = copy.prepare(`SELECT COUNT(*) AS n FROM "Message"`).get() as { n: number };
      expect(messages.n).toBeGreaterThanOrEqual(2);
      const documents = copy.prepare(`SELECT COUNT(*) AS n FROM "Document"`).get() as { n: number };
      expect(documents.n).toBe(await app.db.prisma.document.count());
    } finally {
      copy.close();
    }
    expect(existsSync(`${file}.partial`)).toBe(false);
  });

  it("writes to DATA_DIR/backups by default and never overwrites a file", async () => {
    const { stdout } = await cli([]);
    const made = readdirSync(path.join(app.dataDir, "backups"));
    expect(made).toHaveLength(1);
    expect(made[0]).toMatch(/^app-\d{8}-\d{6}\.db$/);
    expect(stdout).toContain(made[0]);

    const existing = path.join(app.dataDir, "backups", made[0]!);
    const refused = await cli([existing]).catch((err: { code: number; stderr: string }) => err);
    expect(refused).toMatchObject({ code: 2 });
    expect((refused as { stderr: string }).stderr).toContain("already exists");
  });

  it("points PostgreSQL users to pg_dump", async () => {
    const refused = await cli([], { DATABASE_URL: "postgresql://youth@127.0.0.1:5432/youth" }).catch((err: { code: number; stderr: string }) => err);
    expect(refused).toMatchObject({ code: 2 });
    expect((refused as { stderr: string }).stderr).toContain("pg_dump");
  });
});
