// Starts the service in process (like test/support/app.ts) with the real JSON logger writing into
// memory, so a test can check what reached the logs: errors, secrets, personal data.
import { Writable } from "node:stream";
import { createLogger } from "../../../src/logger.ts";
import { startApp, type App } from "../../../src/main.ts";
import { tempDir, testConfig } from "../../support/env.ts";

export interface LoggedApp extends App {
  dataDir: string;
  /** Every log line so far, as written (JSON text). */
  lines: string[];
  /** Parsed log lines at or above `level` (pino numbers: 40 warn, 50 error, 60 fatal). */
  entries(minLevel?: number): Record<string, unknown>[];
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<Response>;
  stop(): Promise<void>;
}

export async function startLoggedApp(env: Record<string, string> = {}, level = "info"): Promise<LoggedApp> {
  const dir = tempDir("ya-rel-");
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split("\n").filter((l) => l.length > 0));
      done();
    },
  });
  const app = await startApp(testConfig(dir.path, { LOG_LEVEL: level, ...env }), { logger: createLogger(level, sink) });
  return {
    ...app,
    dataDir: dir.path,
    lines,
    entries(minLevel = 0) {
      return lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((e) => typeof e.level === "number" && e.level >= minLevel);
    },
    post: (path, body, headers = {}) =>
      fetch(app.url + path, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: typeof body === "string" ? body : JSON.stringify(body),
      }),
    async stop() {
      await app.close();
      dir.remove();
    },
  };
}
