// `db backup [file]`: a consistent copy of the SQLite database while the service keeps running,
// through SQLite's online backup API (better-sqlite3's `.backup()`): pages are copied in steps and
// writes made meanwhile are picked up, so the copy is the database as of one moment. The copy is
// written under a temporary name and renamed when complete and checked, so a file with the final
// name is always a whole backup. PostgreSQL is backed up with its own tool, pg_dump.
// Backups keep people who were erased after them, so (issue 15):
// - each backup enforces the retention (BACKUP_KEEP_COUNT, BACKUP_KEEP_DAYS) in its folder;
// - `db restore <file> [--replace]` erases again everyone in the erasure ledger (kept outside the
//   database and its backups, privacy/erasure-ledger.ts) before the restored copy takes the
//   database's place, and says how many; `db reapply-erasures` does the same after a pg_restore.
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { systemClock, type Clock } from "../clock.ts";
import type { Config } from "../config.ts";
import { openDatabase } from "../db/client.ts";
import { sqliteFilePath } from "../db/database-url.ts";
import { migrateDatabase } from "../db/migrate.ts";
import { ErasureLedger } from "../privacy/erasure-ledger.ts";
import { reapplyErasures, type ReapplyReport } from "../privacy/reapply-erasures.ts";
import { usageError } from "./usage-error.ts";

export interface BackupResult {
  file: string;
  bytes: number;
  /** Migrations recorded in the copy: the schema version it restores to. */
  migrations: number;
}

export async function runBackupCommand(config: Config, args: string[], clock: Clock = systemClock): Promise<void> {
  if (config.database.provider !== "sqlite") {
    throw usageError(
      'db backup copies the SQLite database; for PostgreSQL use pg_dump, e.g. pg_dump --format=custom --file=youth-$(date +%F).dump "$DATABASE_URL" (see docs/deploy.md)',
    );
  }
  const now = clock.now();
  const destination = path.resolve(args[0] ?? path.join(config.dataDir, "backups", `app-${timestamp(now)}.db`));
  const result = await backupSqlite({ source: sqliteFilePath(config.database.url), destination });
  console.log(`Backed up ${sqliteFilePath(config.database.url)} to ${result.file} (${(result.bytes / 1024 / 1024).toFixed(1)} MiB, ${result.migrations} migrations, integrity ok).`);
  const removed = enforceBackupRetention({ dir: path.dirname(result.file), keep: config.backupRetention.keep, maxAgeDays: config.backupRetention.maxAgeDays, made: result.file, now });
  console.log(
    `Retention (BACKUP_KEEP_COUNT=${config.backupRetention.keep}, BACKUP_KEEP_DAYS=${config.backupRetention.maxAgeDays}): ${removed.length} older backup(s) removed${removed.length ? `: ${removed.join(", ")}` : ""}.`,
  );
}

const BACKUP_NAME = /^app-(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})\.db$/;

/**
 * Deletes the backups (files named app-YYYYMMDD-HHMMSS.db, as `db backup` names them) in `dir`
 * beyond the newest `keep`, and those older than `maxAgeDays` by the time in their name. Other files
 * and the backup just made are never touched. Returns the names removed.
 */
export function enforceBackupRetention(opts: { dir: string; keep: number; maxAgeDays: number; made?: string; now?: Date }): string[] {
  const cutoff = (opts.now ?? systemClock.now()).getTime() - opts.maxAgeDays * 86_400_000;
  const made = opts.made ? path.basename(opts.made) : undefined;
  const backups = readdirSync(opts.dir)
    .map((name) => ({ name, m: BACKUP_NAME.exec(name) }))
    .filter((b): b is { name: string; m: RegExpExecArray } => b.m !== null)
    .map(({ name, m }) => ({ name, at: Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!) }))
    .sort((a, b) => b.at - a.at);
  const removed: string[] = [];
  backups.forEach((b, i) => {
    if (b.name === made) return;
    if (i >= opts.keep || b.at < cutoff) {
      rmSync(path.join(opts.dir, b.name), { force: true });
      removed.push(b.name);
    }
  });
  return removed;
}

/** `db restore <backup> [--replace]`: the backup becomes the database, with the ledger's people erased again. */
export async function runRestoreCommand(config: Config, args: string[], opts: { replace: boolean; clock?: Clock }): Promise<void> {
  if (config.database.provider !== "sqlite") {
    throw usageError("db restore restores a SQLite backup; for PostgreSQL use pg_restore, then run `db reapply-erasures` (see docs/security.md)");
  }
  if (!args[0]) throw usageError("usage: db restore <backup file> [--replace] (stop the service first)");
  const backup = path.resolve(args[0]);
  if (!existsSync(backup)) throw usageError(`no backup at ${backup}`);
  const target = path.resolve(sqliteFilePath(config.database.url));
  if (existsSync(target) && !opts.replace) {
    throw usageError(`${target} exists; stop the service and run again with --replace to overwrite it with the backup`);
  }
  const ledger = ErasureLedger.open(config.erasureLedger);
  const result = await restoreSqlite({ backup, target, ledger, now: (opts.clock ?? systemClock).now() });
  console.log(`Restored ${backup} to ${target} (${result.migrations} migrations, integrity ok).`);
  console.log(reapplySummary(result.reapplied, ledger.file));
}

/** `db reapply-erasures`: the ledger applied to the configured database (after a pg_restore, or to check). */
export async function runReapplyErasuresCommand(config: Config, clock: Clock = systemClock): Promise<void> {
  const ledger = ErasureLedger.open(config.erasureLedger);
  const db = await openDatabase(config.database);
  try {
    console.log(reapplySummary(await reapplyErasures({ db, ledger, now: clock.now() }), ledger.file));
  } finally {
    await db.close();
  }
}

function reapplySummary(r: ReapplyReport, file: string): string {
  const skipped = r.skipped ? `; ${r.skipped} line(s) unusable (another ERASURE_LEDGER_KEY or damaged)` : "";
  return `Erasure ledger ${file}: ${r.erased} person(s) erased again (${r.ledgerEntries} erased identities in the ledger${skipped}).`;
}

/**
 * Copies `backup` next to `target`, brings it to the current schema, erases the ledger's people in
 * it, rewrites it without free pages (VACUUM), checks it, and only then puts it in `target`'s place.
 */
export async function restoreSqlite(opts: { backup: string; target: string; ledger: ErasureLedger; now?: Date }): Promise<{ migrations: number; reapplied: ReapplyReport }> {
  const partial = `${opts.target}.restoring`;
  const removeWithJournal = (file: string) => {
    for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(file + suffix, { force: true });
  };
  removeWithJournal(partial);
  mkdirSync(path.dirname(opts.target), { recursive: true });
  try {
    const source = new Database(opts.backup, { readonly: true, fileMustExist: true });
    try {
      await source.backup(partial);
    } finally {
      source.close();
    }
    await migrateDatabase({ provider: "sqlite", url: `file:${partial}` });
    const db = await openDatabase({ provider: "sqlite", url: `file:${partial}` });
    let reapplied: ReapplyReport;
    try {
      reapplied = await reapplyErasures({ db, ledger: opts.ledger, ...(opts.now ? { now: opts.now } : {}) });
    } finally {
      await db.close();
    }
    const copy = new Database(partial, { fileMustExist: true });
    let migrations: number;
    try {
      copy.pragma("secure_delete = ON");
      copy.pragma("journal_mode = DELETE");
      // Free pages of the backup may still hold what was deleted before it was made.
      copy.exec("VACUUM");
      const check = copy.pragma("integrity_check", { simple: true });
      if (check !== "ok") throw new Error(`the restored copy failed SQLite's integrity check: ${String(check)}`);
      migrations = Number((copy.prepare(`SELECT COUNT(*) AS n FROM "_migrations"`).get() as { n: number }).n);
    } finally {
      copy.close();
    }
    removeWithJournal(opts.target);
    renameSync(partial, opts.target);
    return { migrations, reapplied };
  } catch (err) {
    removeWithJournal(partial);
    throw err;
  }
}

export async function backupSqlite(opts: { source: string; destination: string }): Promise<BackupResult> {
  if (!existsSync(opts.source)) throw usageError(`no SQLite database at ${opts.source} (check DATABASE_URL / DATA_DIR)`);
  if (existsSync(opts.destination)) throw usageError(`${opts.destination} already exists; choose another file name`);
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
