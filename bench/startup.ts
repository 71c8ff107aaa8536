// Start-up time: from spawning what `npm start` runs (tsx src/main.ts) to the first /healthz 200,
// on a temporary SQLite file with the sample knowledge base (knowledge/). Two runs on the same
// data: the first start (empty database: migrations, the folder synced, the index built) and a
// restart (the saved index loaded, the folder found unchanged). Whatever the service printed on
// stderr that looks like a warning is kept: a start is meant to print none.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

export interface StartupRow {
  run: "first start" | "restart";
  /** Spawn to the first /healthz 200, in milliseconds. */
  ms: number;
  /** Lines on stderr that name a warning (deprecations and the like). */
  warnings: string[];
}

/** The target on an idle 2-core machine. */
export const STARTUP_TARGET_MS = 5000;
const GIVE_UP_MS = 180_000;

export async function runStartupBench(opts: { repoRoot: string; knowledgeDir?: string }): Promise<StartupRow[]> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "ya-bench-startup-"));
  try {
    const rows: StartupRow[] = [];
    for (const run of ["first start", "restart"] as const) rows.push({ run, ...(await startOnce(opts, dataDir)) });
    return rows;
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function startOnce(opts: { repoRoot: string; knowledgeDir?: string }, dataDir: string): Promise<{ ms: number; warnings: string[] }> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, [path.join(opts.repoRoot, "node_modules/tsx/dist/cli.mjs"), "src/main.ts"], {
    cwd: opts.repoRoot,
    env: {
      ...pick(process.env, ["PATH", "HOME", "TMPDIR"]),
      HOST: "127.0.0.1",
      PORT: String(port),
      DATA_DIR: dataDir,
      DATABASE_URL: `file:${path.join(dataDir, "app.db")}`,
      KNOWLEDGE_DIR: opts.knowledgeDir ?? path.join(opts.repoRoot, "knowledge"),
      LOG_LEVEL: "warn",
    },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  let exitCode: number | null | undefined;
  void exited.then((code) => (exitCode = code));
  try {
    for (;;) {
      if (exitCode !== undefined) throw new Error(`the service exited with ${exitCode} before /healthz answered:\n${stderr.slice(-2000)}`);
      if (performance.now() - started > GIVE_UP_MS) throw new Error(`no /healthz 200 within ${GIVE_UP_MS / 1000} s`);
      const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.status === 200, () => false);
      if (ok) break;
      await sleep(25);
    }
    const ms = Math.round(performance.now() - started);
    return { ms, warnings: stderr.split("\n").filter((line) => /warning|\bDEP\d|FSTDEP|EBADENGINE/i.test(line)) };
  } finally {
    if (exitCode === undefined) {
      child.kill("SIGTERM");
      await exited;
    }
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

function pick(env: NodeJS.ProcessEnv, names: string[]): Record<string, string> {
  return Object.fromEntries(names.flatMap((n) => (env[n] !== undefined ? [[n, env[n]!]] : [])));
}
