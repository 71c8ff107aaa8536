// Runs the real service as a child process (`node --import tsx src/main.ts`), the way it runs in
// production, so that a test or scripts/chaos.ts can SIGKILL it in the middle of work and start it
// again on the same DATA_DIR and port. Its JSON logs go to a file that survives the restarts, so the
// run can be checked afterwards for errors and for secrets or personal data that leaked into them.
import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, openSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";

export const repoRoot = path.resolve(import.meta.dirname, "../../..");

export interface ServiceProcess {
  /** http://127.0.0.1:<port> */
  url: string;
  pid: number;
  /** Resolves when the process has exited (with its signal, if killed). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Sends a signal; resolves once the process is gone. */
  kill(signal: NodeJS.Signals): Promise<void>;
}

/** A TCP port that was free a moment ago (the service must come back on the same port after a kill). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * Starts the service with exactly `env` (plus PATH and HOME, so node and tsx are found) and waits
 * until GET /healthz answers 200. The parent's environment is not inherited: a test runner's own
 * variables (NODE_ENV=test, TEST_* …) must not change how the service behaves.
 */
export async function startService(opts: {
  env: Record<string, string>;
  logFile: string;
  readyTimeoutMs?: number;
  /** The script to run, relative to the repository (default src/main.ts). */
  entry?: string;
}): Promise<ServiceProcess> {
  const port = opts.env.PORT;
  if (!port || port === "0") throw new Error("startService needs a fixed PORT (the service must come back on the same one)");
  const out = openSync(opts.logFile, "a");
  let child: ChildProcess;
  try {
    child = spawn(process.execPath, ["--import", "tsx", opts.entry ?? "src/main.ts"], {
      cwd: repoRoot,
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", HOST: "127.0.0.1", ...opts.env },
      stdio: ["ignore", out, out],
    });
  } finally {
    closeSync(out); // the child holds its own copy of the descriptor
  }
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once("exit", (code, signal) => resolve({ code, signal }));
  });
  let gone = false;
  void exited.then(() => (gone = true));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (opts.readyTimeoutMs ?? 45_000);
  for (;;) {
    if (gone) throw new Error(`service exited during start-up; last log lines:\n${tail(opts.logFile, 20)}`);
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`service not ready after ${opts.readyTimeoutMs ?? 45_000} ms; last log lines:\n${tail(opts.logFile, 20)}`);
    }
    const ok = await fetch(`${url}/healthz`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) break;
    await sleep(100);
  }
  return {
    url,
    pid: child.pid!,
    exited,
    async kill(signal) {
      if (!gone) child.kill(signal);
      await exited;
    },
  };
}

export function tail(file: string, lines: number): string {
  try {
    return readFileSync(file, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return "(no log)";
  }
}

/** The service's log lines as parsed JSON (lines that are not JSON, e.g. Node warnings, are skipped). */
export function readJsonLog(file: string): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const line of readFileSync(file, "utf8").split("\n")) {
    if (!line.startsWith("{")) continue;
    try {
      out.push(JSON.parse(line) as Record<string, unknown>);
    } catch {
      // a line cut by SIGKILL
    }
  }
  return out;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
