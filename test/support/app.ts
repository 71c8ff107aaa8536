// Starts the whole service on 127.0.0.1 with a temp DATA_DIR, for tests that talk to it over HTTP.
import type { Clock } from "../../src/clock.ts";
import { startApp, type App } from "../../src/main.ts";
import type { DatabaseTarget } from "../../src/db/database-url.ts";
import { createTestDatabase, tempDir, testConfig, type TestDatabase } from "./env.ts";
import { copyPostgresTemplate, prefillDataDir } from "./templates.ts";
import { WebClient, type WebSessions } from "./web-client.ts";

export interface RunningApp extends App {
  dataDir: string;
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<Response>;
  get(path: string): Promise<Response>;
  /** Sends one web chat message as the person labelled `user` (their own session cookie) and returns the JSON answer. */
  chat(user: string, text: string, extra?: Record<string, unknown>): Promise<any>;
  /** The web chat client (cookie jar) of the person labelled `user`. */
  web(user: string): WebClient;
  /** Every label's session: pass it to the next runApp to continue as the same people after a restart. */
  webSessions: WebSessions;
  /** Stops the service; its data is kept when `keepData` (to start it again on the same data). */
  stop(opts?: { keepData?: boolean }): Promise<void>;
}

export async function runApp(
  opts: {
    env?: Record<string, string>;
    provider?: DatabaseTarget["provider"];
    dataDir?: string;
    databaseUrl?: string;
    webSessions?: WebSessions;
    /** The service's clock (a fixedClock to move time in a story); the real time when omitted. */
    clock?: Clock;
  } = {},
): Promise<RunningApp> {
  const dir = opts.dataDir ? { path: opts.dataDir, remove: () => undefined } : tempDir();
  const testDb = !opts.databaseUrl && opts.provider === "postgresql" ? await createSeededPostgres() : undefined;
  const databaseUrl = opts.databaseUrl ?? testDb?.target.url;
  const config = testConfig(dir.path, { ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}), ...opts.env });
  // An empty data folder starts from the run's copy of what a first start builds (templates.ts):
  // the same migrations, seed and index, made once per run instead of once per test.
  await prefillDataDir(config);
  const app = await startApp(config, opts.clock ? { clock: opts.clock } : {});
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(app.url + path, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });
  const webSessions: WebSessions = opts.webSessions ?? new Map();
  const clients = new Map<string, WebClient>();
  const web = (user: string) => {
    let client = clients.get(user);
    if (!client) clients.set(user, (client = new WebClient(app.url, webSessions, user)));
    return client;
  };
  return {
    ...app,
    dataDir: dir.path,
    post,
    get: (path) => fetch(app.url + path),
    chat: (user, text, extra = {}) => web(user).chat(text, extra),
    web,
    webSessions,
    async stop(stopOpts = {}) {
      await app.close();
      if (!stopOpts.keepData) {
        await testDb?.cleanup();
        dir.remove();
      }
    },
  };
}

/** A PostgreSQL database as a first start leaves it (migrated, departments seeded), from the run's template when there is one. */
async function createSeededPostgres(): Promise<TestDatabase> {
  const copy = await copyPostgresTemplate("seeded");
  if (!copy) return createTestDatabase("postgresql");
  return { target: { provider: "postgresql", url: copy.url }, cleanup: () => copy.drop() };
}

/** Response bodies in tests are checked field by field, so they are read as loosely typed JSON. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function json(res: Response): Promise<any> {
  return res.json();
}
