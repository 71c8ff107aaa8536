// Another process writing to the service's SQLite file, as the CLI (`kb ingest`, `token create`)
// or a second instance would: it either holds the write lock for a while (BEGIN IMMEDIATE … COMMIT)
// or commits many small write transactions in a row. It runs in its own process because
// better-sqlite3 waits for a lock synchronously: in the test's own process it would freeze the
// service under test (and itself).
import { spawn } from "node:child_process";
import path from "node:path";
import { repoRoot } from "./service-process.ts";

const PROGRAM = String.raw`
const Database = require("better-sqlite3");
const [file, mode, a, b] = process.argv.slice(1);
const db = new Database(file, { timeout: 30000 });
db.exec('CREATE TABLE IF NOT EXISTS "ReliabilityScratch" (id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL)');
const insert = db.prepare('INSERT INTO "ReliabilityScratch" (at) VALUES (?)');
if (mode === "hold") {
  db.exec("BEGIN IMMEDIATE");
  insert.run(new Date().toISOString());
  process.stdout.write("locked\n");
  setTimeout(() => { db.exec("COMMIT"); process.stdout.write("released\n"); db.close(); }, Number(a));
} else {
  process.stdout.write("locked\n");
  const count = Number(a), eachMs = Number(b);
  for (let i = 0; i < count; i++) {
    db.exec("BEGIN IMMEDIATE");
    insert.run(new Date().toISOString());
    const until = Date.now() + eachMs;
    while (Date.now() < until) {} // keep the lock, as a busy writer does
    db.exec("COMMIT");
  }
  process.stdout.write("released\n");
  db.close();
}
`;

export interface ExternalWriter {
  /** Resolves once the writer holds (or starts taking) the lock. */
  started: Promise<void>;
  /** Resolves when the writer has committed and exited. */
  done: Promise<void>;
}

/** Holds SQLite's write lock on `<dataDir>/app.db` for `ms`. */
export function holdWriteLock(dataDir: string, ms: number): ExternalWriter {
  return run(dataDir, ["hold", String(ms)]);
}

/** Commits `count` write transactions of `eachMs` each, back to back. */
export function busyWriter(dataDir: string, count: number, eachMs: number): ExternalWriter {
  return run(dataDir, ["loop", String(count), String(eachMs)]);
}

function run(dataDir: string, args: string[]): ExternalWriter {
  const child = spawn(process.execPath, ["-e", PROGRAM, path.join(dataDir, "app.db"), ...args], { cwd: repoRoot, stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (c: Buffer) => (stderr += String(c)));
  const started = new Promise<void>((resolve, reject) => {
    child.stdout.on("data", (c: Buffer) => {
      if (String(c).includes("locked")) resolve();
    });
    child.once("exit", (code) => reject(new Error(`writer exited (${code}) before taking the lock: ${stderr}`)));
  });
  const done = new Promise<void>((resolve, reject) => {
    child.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`writer failed (${code}): ${stderr}`))));
  });
  started.catch(() => undefined);
  return { started, done };
}
