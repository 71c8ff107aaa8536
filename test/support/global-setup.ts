// Once per test run (vitest's globalSetup): the folder the run's templates are built in (see
// templates.ts), named after this process so every project of the run shares it, and removed with
// the run's PostgreSQL templates at the end. Folders and templates left by a run that was killed
// are removed by the next run.
import { mkdirSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { alive } from "./process-alive.ts";

const PREFIX = "ya-test-templates-";

async function dropPostgresTemplates(which: (runPid: number) => boolean): Promise<void> {
  const url = process.env.TEST_POSTGRES_URL?.trim();
  if (!url) return;
  const admin = new pg.Client({ connectionString: url });
  try {
    await admin.connect();
    const { rows } = await admin.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE 'ya\\_tmpl\\_%'");
    for (const { datname } of rows) {
      const pid = Number(/^ya_tmpl_(\d+)_/.exec(datname)?.[1]);
      if (pid && which(pid)) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`).catch(() => undefined);
    }
  } catch {
    // No server: the PostgreSQL tests say they were skipped; there is nothing to tidy.
  } finally {
    await admin.end().catch(() => undefined);
  }
}

export default async function setup(): Promise<() => Promise<void>> {
  // Every project of a run calls this in the same process: the first one prepares, the others share.
  if (process.env.YA_TEST_RUN === String(process.pid)) return async () => undefined;
  for (const entry of readdirSync(tmpdir())) {
    const pid = Number(entry.startsWith(PREFIX) ? entry.slice(PREFIX.length) : NaN);
    if (pid && !alive(pid)) rmSync(path.join(tmpdir(), entry), { recursive: true, force: true });
  }
  // Our own pid too: a container often gives this run the pid of an earlier, killed one, whose
  // templates may hold an older schema or knowledge.
  await dropPostgresTemplates((pid) => pid === process.pid || !alive(pid));
  const dir = path.join(tmpdir(), `${PREFIX}${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  process.env.YA_TEST_TEMPLATES = dir;
  process.env.YA_TEST_RUN = String(process.pid);
  return async () => {
    rmSync(dir, { recursive: true, force: true });
    await dropPostgresTemplates((pid) => pid === process.pid);
  };
}
