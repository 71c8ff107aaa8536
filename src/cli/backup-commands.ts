// `db backup [file]`: a consistent copy of the SQLite database while the service keeps running,
// through SQLite's online backup API (better-sqlite3's `.backup()`): pages are copied in steps and
// writes made meanwhile are picked up, so the copy is the database as of one moment. The copy is
// written under a temporary name and renamed when complete and checked, so a file with the final
// name is always a whole backup. PostgreSQL is backed up with its own tool, pg_dump.
import { existsSync, mkdirSync, renameSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import type { Config } from "../config.ts";
import { sqliteFilePath } from "../db/database-url.ts";
import { UsageError } from "./usage-error.ts";

export interface BackupResult {
  file: string;
  bytes: number;
  /** Migrations recorded in the copy: the schema version it restores to. */
  migrations: number;
}

export async function runBackupCommand(config: Config, args: string[]): Promise<void> {
  if (config.database.provider !== "sqlite") {
    throw new UsageError(
      'db backup copies the SQLite database; for PostgreSQL use pg_dump, e.g. pg_dump --format=custom --file=youth-$(date +%F).dump "$DATABASE_URL" (see docs/deploy.md)',
    );
  }
  const destination = path.resolve(args[0] ?? path.join(config.dataDir, "backups", `app-${timestamp(new Date())}.db`));
  const result = await backupSqlite({ source: sqliteFilePath(config.database.url), destination });
  console.log(`Backed up ${sqliteFilePath(config.database.url)} to ${result.file} (${(result.bytes / 1024 / 1024).toFixed(1)} MiB, ${result.migrations} migrations, integrity ok).`);
}

export async function backupSqlite(opts: { source: string; destination: string }): Promise<BackupResult> {
  if (!existsSync(opts.source)) throw new UsageError(`no SQLite database at ${opts.source} (check DATABASE_URL / DATA_DIR)`);
  if (existsSync(opts.destination)) throw new UsageError(`${opts.destination} already exists; choose another file name`);
  mkdirSync(path.dirname(opts.destination), { recursive: true });
  const partial = `${opts.destination}.partial`;
  rmSync(partial, { force: true });
  // A connection of our own: it waits for the service's write lock like any other client.
  const db = new Database(opts.source, { fileMustExist: true, timeout: 15_000 });
  try {
    await db.backup(partial);
  } catch (err) {
    rmSync(partial, { force: true });
    throw err;
  } finally {
    db.close();
  }
  const migrations = verify(partial);
  renameSync(partial, opts.destination);
  return { file: opts.destination, bytes: statSync(opts.destination).size, migrations };
}

/** Checks the copy before it gets its final name; returns how many migrations it has. */
function verify(file: string): number {
  const copy = new Database(file, { fileMustExist: true });
  try {
    // The copy inherits WAL mode; a backup should be one self-contained file, without -wal/-shm.
    copy.pragma("journal_mode = DELETE");
    const check = copy.pragma("integrity_check", { simple: true });
    if (check !== "ok") throw new Error(`the backup failed SQLite's integrity check: ${String(check)}`);
    const row = copy.prepare(`SELECT COUNT(*) AS n FROM "_migrations"`).get() as { n: number };
    return Number(row.n);
  } catch (err) {
    copy.close();
    rmSync(file, { force: true });
    throw err;
  } finally {
    if (copy.open) copy.close();
  }
}

/** 20260131-235959, in UTC, sortable and safe in file names. */
function timestamp(d: Date): string {
  return d.toISOString().replace(/[-:]/g, "").replace("T", "-").slice(0, 15);
}
