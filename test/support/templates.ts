// Databases and data folders that tests copy instead of building: migrating (every migration), seeding
// the departments and indexing the knowledge folder took most of a test's start-up, and every test
// did it again. Each template is built once per test run, by the same code a first start runs, the
// first time a test asks for it, in the run's folder that test/support/global-setup.ts creates
// (YA_TEST_TEMPLATES): a SQLite file or data folder copied in a few milliseconds, or a PostgreSQL
// database used as the TEMPLATE of `CREATE DATABASE`. Outside a vitest run (bench) there are no
// templates and callers build as before.
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import type { Config } from "../../src/config.ts";
import { openDatabase } from "../../src/db/client.ts";
import { migrateDatabase } from "../../src/db/migrate.ts";
import { POSTGRES_URL, repoRoot } from "./env.ts";
import { alive } from "./process-alive.ts";

/** The run's template folder; unset outside vitest. */
export const templateRoot = (): string | undefined => process.env.YA_TEST_TEMPLATES || undefined;

/** PostgreSQL templates of this run are named `${prefix}<kind>`, dropped by the global teardown. */
export const postgresTemplatePrefix = (runId: string) => `ya_tmpl_${runId}_`;

/** The folders whose knowledge is worth indexing once per run: the fixtures most tests use, and the shipped base. */
const KNOWLEDGE_TEMPLATES: Record<string, string> = {
  [path.join(repoRoot, "test/fixtures/knowledge")]: "fixtures",
  [path.join(repoRoot, "knowledge")]: "shipped",
};

const building = new Map<string, Promise<string>>();

/**
 * The folder `name` under the run's template folder, built by `build(into)` unless another worker
 * has: one worker builds (holding `name.lock`, its pid inside) while the others wait for it, so two
 * workers never spend the time twice. A lock left by a worker that died is taken over.
 */
function template(name: string, build: (into: string) => Promise<void>): Promise<string> | undefined {
  const root = templateRoot();
  if (!root) return undefined;
  let done = building.get(name);
  if (!done) {
    done = (async () => {
      const final = path.join(root, name);
      const lock = path.join(root, `${name}.lock`);
      for (;;) {
        if (existsSync(final)) return final;
        try {
          writeFileSync(lock, String(process.pid), { flag: "wx" });
        } catch {
          let owner = 0;
          try {
            owner = Number(readFileSync(lock, "utf8"));
          } catch {
            continue; // released meanwhile
          }
          if (owner && !alive(owner)) rmSync(lock, { force: true });
          else await new Promise((r) => setTimeout(r, 100));
          continue;
        }
        try {
          if (existsSync(final)) return final;
          const work = path.join(root, `.${name}-${process.pid}`);
          rmSync(work, { recursive: true, force: true });
          mkdirSync(work, { recursive: true });
          try {
            await build(work);
          } catch (err) {
            rmSync(work, { recursive: true, force: true });
            throw err;
          }
          try {
            renameSync(work, final);
          } catch (err) {
            // Two workers took over the same dead worker's lock and both built: the first one's stands.
            rmSync(work, { recursive: true, force: true });
            if (!existsSync(final)) throw err;
          }
          return final;
        } finally {
          rmSync(lock, { force: true });
        }
      }
    })();
    done.catch(() => building.delete(name));
    building.set(name, done);
  }
  return done;
}

const sqliteTarget = (dir: string) => ({ provider: "sqlite" as const, url: `file:${path.join(dir, "app.db")}` });

/** A migrated SQLite database (the first step of every start) and nothing else. */
const migratedSqlite = () => template("sqlite-migrated", async (dir) => void (await migrateDatabase(sqliteTarget(dir))));

/**
 * A data folder as a first start leaves it before anything happens: migrated, departments seeded
 * and, when `knowledgeDir` is given, the folder synced and its index saved under index/ (what
 * startApp does before it listens; its jobs, outbox and channels never ran here).
 */
function startedDataDir(knowledgeDir: string | undefined, config: Config): Promise<string> | undefined {
  const name = knowledgeDir ? `data-${KNOWLEDGE_TEMPLATES[knowledgeDir]}` : "data-seeded";
  return template(name, async (dir) => {
    // Imported here: a test file that only needs a migrated database does not load the knowledge code.
    const { seedDepartments } = await import("../../src/proposals/seed-departments.ts");
    const target = sqliteTarget(dir);
    await migrateDatabase(target);
    const db = await openDatabase(target);
    try {
      await seedDepartments(db);
      if (knowledgeDir) {
        const { syncDirectory } = await import("../../src/knowledge/admin/sync-directory.ts");
        const { createEmbeddings } = await import("../../src/knowledge/index/create-embeddings.ts");
        const { KnowledgeBase } = await import("../../src/knowledge/knowledge-base.ts");
        const { createLogger } = await import("../../src/logger.ts");
        await syncDirectory({ db, dir: knowledgeDir });
        const knowledge = await KnowledgeBase.open({ db, dataDir: dir, embeddings: createEmbeddings(config), log: createLogger("silent") });
        await knowledge.close();
      }
    } finally {
      await db.close();
    }
  });
}

/** Copies the SQLite files of template folder `from` (app.db and, if any, its -wal) into `to`. */
function copyDataDir(from: string, to: string): void {
  mkdirSync(to, { recursive: true });
  for (const entry of readdirSync(from)) cpSync(path.join(from, entry), path.join(to, entry), { recursive: true });
}

/** Puts a migrated SQLite database, app.db, into `dataDir` from the run's template; false outside vitest. */
export async function copyMigratedSqlite(dataDir: string): Promise<boolean> {
  const from = await migratedSqlite();
  if (!from) return false;
  copyDataDir(from, dataDir);
  return true;
}

/**
 * Fills an empty `config.dataDir` as a first start of the service would before it listens, when the config
 * is one a template fits (the default SQLite file in DATA_DIR, the knowledge synced at start from
 * the fixtures or the shipped folder with the built-in embedder, or no knowledge sync at all).
 * Returns false, leaving the folder empty, for anything else.
 */
export async function prefillDataDir(config: Config): Promise<boolean> {
  if (!templateRoot()) return false;
  if (config.database.provider !== "sqlite" || config.database.url !== sqliteTarget(config.dataDir).url) return false;
  // Only a first start: a folder with anything in it (a restart, a test's own files) is left alone.
  if (existsSync(config.dataDir) && readdirSync(config.dataDir).length > 0) return false;
  let from: Promise<string> | undefined;
  if (!config.knowledgeSyncOnStart) from = startedDataDir(undefined, config);
  else if (KNOWLEDGE_TEMPLATES[config.knowledgeDir] && !config.embeddings) from = startedDataDir(config.knowledgeDir, config);
  if (!from) return false;
  copyDataDir(await from, config.dataDir);
  return true;
}

// --- PostgreSQL: templates are databases, copied by the server ---

async function withAdmin<T>(use: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  try {
    return await use(admin);
  } finally {
    await admin.end();
  }
}

const urlOf = (name: string) => {
  const url = new URL(POSTGRES_URL!);
  url.pathname = `/${name}`;
  return url.toString();
};

/** Serialises the building of this run's PostgreSQL templates across workers (a session lock on the admin database). */
const TEMPLATE_LOCK_KEY = 727_002;

const postgresBuilt = new Map<string, Promise<string>>();

function postgresTemplate(kind: "migrated" | "seeded"): Promise<string> | undefined {
  const runId = process.env.YA_TEST_RUN;
  if (!POSTGRES_URL || !runId) return undefined;
  let done = postgresBuilt.get(kind);
  if (!done) {
    const name = `${postgresTemplatePrefix(runId)}${kind}`;
    done = withAdmin(async (admin) => {
      await admin.query("SELECT pg_advisory_lock($1)", [TEMPLATE_LOCK_KEY]);
      try {
        const exists = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
        if (exists.rowCount) return name;
        const building = `${name}_building`;
        await admin.query(`DROP DATABASE IF EXISTS "${building}" WITH (FORCE)`);
        await admin.query(`CREATE DATABASE "${building}"`);
        const target = { provider: "postgresql" as const, url: urlOf(building) };
        await migrateDatabase(target);
        if (kind === "seeded") {
          const { seedDepartments } = await import("../../src/proposals/seed-departments.ts");
          const db = await openDatabase(target);
          try {
            await seedDepartments(db);
          } finally {
            await db.close();
          }
        }
        // Renamed only once complete, so a database of this name is always a whole template.
        await admin.query(`ALTER DATABASE "${building}" RENAME TO "${name}"`);
        return name;
      } finally {
        await admin.query("SELECT pg_advisory_unlock($1)", [TEMPLATE_LOCK_KEY]).catch(() => undefined);
      }
    });
    done.catch(() => postgresBuilt.delete(kind));
    postgresBuilt.set(kind, done);
  }
  return done;
}

/**
 * A fresh PostgreSQL database copied from this run's migrated (or migrated and seeded) template;
 * undefined outside vitest or without TEST_POSTGRES_URL.
 */
export async function copyPostgresTemplate(kind: "migrated" | "seeded"): Promise<{ url: string; drop(): Promise<void> } | undefined> {
  const from = postgresTemplate(kind);
  if (!from) return undefined;
  const source = await from;
  const name = `ya_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  await withAdmin(async (admin) => {
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${source}"`);
        return;
      } catch (err) {
        // 55006: another copy of the same template is being made at this moment.
        if ((err as { code?: string }).code !== "55006" || attempt >= 50) throw err;
        await new Promise((r) => setTimeout(r, 50 + Math.random() * 100));
      }
    }
  });
  return {
    url: urlOf(name),
    drop: () => withAdmin(async (admin) => void (await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`))),
  };
}
