// Start-up time: from spawning what `npm start` runs (tsx src/main.ts) to the first /healthz 200,
// on a temporary SQLite file with the sample knowledge base (knowledge/). Two runs on the same
// data: the first start (empty database: migrations, the folder synced, the index built) and a
// restart (the saved index loaded, the folder found unchanged). Also when the service first
// answered at all (it listens while the knowledge loads, /healthz saying 503 "not ready") and the
// CPU time it had used by the 200, which a busy machine inflates far less than the wall time.
// Whatever the service printed on stderr that looks like a warning is kept: a start is meant to
// print none.
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

export interface StartupRow {
  run: "first start" | "restart";
  /** Spawn to the first /healthz 200, in milliseconds. */
  ms: number;
  /** Spawn to the first /healthz answer of any status: the pages are served from then on. */
  listeningMs?: number;
  /** CPU time of the service's processes (tsx and the node it runs) at the 200; Linux only. */
  cpuMs?: number;
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

async function startOnce(opts: { repoRoot: string; knowledgeDir?: string }, dataDir: string): Promise<Omit<StartupRow, "run">> {
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
  let listeningMs: number | undefined;
  try {
    for (;;) {
      if (exitCode !== undefined) throw new Error(`the service exited with ${exitCode} before /healthz answered:\n${stderr.slice(-2000)}`);
      if (performance.now() - started > GIVE_UP_MS) throw new Error(`no /healthz 200 within ${GIVE_UP_MS / 1000} s`);
      const status = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.status, () => 0);
      if (status !== 0) listeningMs ??= Math.round(performance.now() - started);
      if (status === 200) break;
      await sleep(25);
    }
    const ms = Math.round(performance.now() - started);
    const cpuMs = child.pid === undefined ? undefined : cpuTimeMs(child.pid);
    return {
      ms,
      ...(listeningMs !== undefined ? { listeningMs } : {}),
      ...(cpuMs !== undefined ? { cpuMs } : {}),
      warnings: stderr.split("\n").filter((line) => /warning|\bDEP\d|FSTDEP|EBADENGINE/i.test(line)),
    };
  } finally {
    if (exitCode === undefined) {
      child.kill("SIGTERM");
      await exited;
    }
  }
}

/**
 * CPU time (user + system) of a process and its children, from /proc; undefined where there is
 * no /proc. The children are tsx's: it runs the service in a second node process.
 */
function cpuTimeMs(pid: number): number | undefined {
  const TICKS_PER_SECOND = 100; // USER_HZ on every Linux architecture Node runs on
  const ticks = (p: number) => {
    // The command name (in parentheses) may hold spaces: fields are counted after it.
    const fields = readFileSync(`/proc/${p}/stat`, "utf8").split(") ")[1]!.split(" ");
    return Number(fields[11]) + Number(fields[12]);
  };
  try {
    const children = readdirSync(`/proc/${pid}/task`).flatMap((task) =>
      readFileSync(`/proc/${pid}/task/${task}/children`, "utf8").split(" ").filter(Boolean).map(Number),
    );
    const total = [pid, ...children].reduce((sum, p) => sum + ticks(p), 0);
    return Math.round((total * 1000) / TICKS_PER_SECOND);
  } catch {
    return undefined;
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
