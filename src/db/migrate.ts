// Applies the committed migration SQL (prisma/migrations/<provider>/NNNN_name.sql) that a database
// has not seen yet, in order, each in its own transaction, recording applied files in the
// `_migrations` table. One mechanism for both providers (umzug), because Prisma's own
// `migrate deploy` cannot run on PostgreSQL on this stack. On PostgreSQL an advisory lock makes
// instances that start together apply each migration once.
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import pg from "pg";
import { Umzug, type UmzugStorage } from "umzug";
import { systemClock } from "../clock.ts";
import type { DatabaseTarget } from "./database-url.ts";
import { sqliteFilePath } from "./database-url.ts";

const migrationsRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../prisma/migrations");
const MIGRATION_LOCK_KEY = 727_001;

export interface MigrationResult {
  applied: string[];
  total: number;
}

interface SqlRunner {
  exec(sql: string): Promise<void>;
  query<T>(sql: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

function listMigrations(provider: DatabaseTarget["provider"]) {
  const dir = path.join(migrationsRoot, provider);
  return readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((f) => ({ name: f.replace(/\.sql$/, ""), sql: readFileSync(path.join(dir, f), "utf8") }));
}

async function sqliteRunner(file: string): Promise<SqlRunner> {
  const db = new Database(file, { timeout: 15_000 });
  db.pragma("journal_mode = WAL");
  // SQLite migrations rebuild tables (create new, copy, drop old, rename). With foreign keys on,
  // dropping the old table would cascade-delete rows that point at it, and the PRAGMA that Prisma
  // writes into the script is ignored inside a transaction; so keys are off for the whole run and
  // checked once at the end.
  db.pragma("foreign_keys = OFF");
  return {
    async exec(sql) {
      db.exec(sql);
    },
    async query<T>(sql: string, params: unknown[] = []) {
      return db.prepare(sql).all(...params) as T[];
    },
    async close() {
      const broken = db.pragma("foreign_key_check") as unknown[];
      db.pragma("foreign_keys = ON");
      db.close();
      if (broken.length > 0) throw new Error(`migration left ${broken.length} rows with broken foreign keys`);
    },
  };
}

async function postgresRunner(url: string): Promise<SqlRunner> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
  return {
    async exec(sql) {
      await client.query(sql);
    },
    async query<T>(sql: string, params: unknown[] = []) {
      const sqlWithDollars = sql.replace(/\?/g, (_m, i: number, s: string) => `$${s.slice(0, i).split("?").length}`);
      return (await client.query(sqlWithDollars, params)).rows as T[];
    },
    async close() {
      await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY]).catch(() => undefined);
      await client.end();
    },
  };
}

/** Brings the database up to date; returns the names of the migrations it applied. */
export async function migrateDatabase(target: DatabaseTarget, opts: { upTo?: string } = {}): Promise<MigrationResult> {
  const runner =
    target.provider === "sqlite" ? await sqliteRunner(sqliteFilePath(target.url)) : await postgresRunner(target.url);
  try {
    await runner.exec(
      `CREATE TABLE IF NOT EXISTS "_migrations" ("name" VARCHAR(255) PRIMARY KEY, "appliedAt" VARCHAR(40) NOT NULL)`,
    );
    const storage: UmzugStorage = {
      async executed() {
        const rows = await runner.query<{ name: string }>(`SELECT "name" FROM "_migrations" ORDER BY "name"`);
        return rows.map((r) => r.name);
      },
      async logMigration() {
        // Recorded inside the migration's own transaction (below), so a crash cannot half-apply one.
      },
      async unlogMigration({ name }) {
        await runner.query(`DELETE FROM "_migrations" WHERE "name" = ?`, [name]);
      },
    };
    const migrations = listMigrations(target.provider);
    const umzug = new Umzug({
      migrations: migrations.map((m) => ({
        name: m.name,
        async up() {
          const record = `INSERT INTO "_migrations" ("name", "appliedAt") VALUES ('${m.name}', '${systemClock.now().toISOString()}');`;
          await runner.exec(`BEGIN;\n${m.sql}\n${record}\nCOMMIT;`).catch(async (err: unknown) => {
            await runner.exec("ROLLBACK;").catch(() => undefined);
            throw err;
          });
        },
      })),
      storage,
      logger: undefined,
    });
    const applied = await umzug.up(opts.upTo ? { to: opts.upTo } : {});
    return { applied: applied.map((m) => m.name), total: migrations.length };
  } finally {
    await runner.close();
  }
}
