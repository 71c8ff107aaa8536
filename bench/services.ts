// Starts service instances for the benchmark as child processes (bench/service.ts), each with its
// own DATA_DIR and environment, and the databases they share: a fresh SQLite file or a fresh
// PostgreSQL database on the server named by TEST_POSTGRES_URL.
import { fork, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";

export interface ServiceProcess {
  url: string;
  /** Resident memory right after start (index loaded). */
  startRss: number;
  /** Resident memory (bytes) and CPU time used so far (ms). */
  stats(): Promise<{ rss: number; cpuMs: number }>;
  stop(): Promise<void>;
}

const here = import.meta.dirname;

export async function startService(env: Record<string, string>): Promise<ServiceProcess> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "ya-bench-"));
  const child: ChildProcess = fork(path.join(here, "service.ts"), [], {
    // BENCH_CPU_PROF=<dir> writes a V8 CPU profile of each instance there (open it in Chrome DevTools).
    execArgv: ["--import", "tsx", ...(process.env.BENCH_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [])],
    env: { ...pick(process.env, ["PATH", "HOME", "TMPDIR"]), HOST: "127.0.0.1", PORT: "0", DATA_DIR: dataDir, LOG_LEVEL: "warn", NODE_ENV: "production", ...env },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const ready = await new Promise<{ url: string; rss: number }>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`bench service exited with ${code} before it was ready`)));
    child.once("message", (m) => resolve(m as { url: string; rss: number }));
  });
  child.removeAllListeners("exit");
  const ask = <T>(type: string) =>
    new Promise<T>((resolve) => {
      child.once("message", (m) => resolve(m as T));
      child.send({ type });
    });
  return {
    url: ready.url,
    startRss: ready.rss,
    stats: () => ask<{ rss: number; cpuMs: number }>("stats"),
    async stop() {
      const exited = new Promise((r) => child.once("exit", r));
      child.send({ type: "stop" });
      const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
      await exited;
      clearTimeout(timer);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface BenchDatabase {
  url: string;
  drop(): Promise<void>;
}

export function sqliteDatabase(): BenchDatabase {
  const dir = mkdtempSync(path.join(tmpdir(), "ya-bench-db-"));
  return { url: `file:${path.join(dir, "app.db")}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
}

export async function postgresDatabase(serverUrl: string): Promise<BenchDatabase> {
  const name = `ya_bench_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}

function pick(env: NodeJS.ProcessEnv, names: string[]): Record<string, string> {
  return Object.fromEntries(names.flatMap((n) => (env[n] !== undefined ? [[n, env[n]!]] : [])));
}
