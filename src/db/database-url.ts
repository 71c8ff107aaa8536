// Which database a URL names: `file:` is SQLite (embedded default), `postgresql://` is PostgreSQL.
import { mkdirSync } from "node:fs";
import path from "node:path";

export interface DatabaseTarget {
  provider: "sqlite" | "postgresql";
  url: string;
}

/** The file behind a `file:` URL, with its folder created so a fresh clone starts without setup. */
export function sqliteFilePath(url: string): string {
  const file = url.replace(/^file:(\/\/)?/, "").replace(/\?.*$/, "");
  if (file !== ":memory:") mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  return file;
}
