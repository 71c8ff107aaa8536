// Developer tooling around the one Prisma schema (prisma/schema.prisma, written for SQLite):
//   generate            derive the PostgreSQL schema and generate one client per provider
//   migration <name>    write the next migration's SQL for both providers with `prisma migrate diff`
//   check               fail when the schema changed without a migration (used by the tests)
// The PostgreSQL variant is derived, never edited, so the two migration histories cannot drift.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const schemaFile = path.join(root, "prisma", "schema.prisma");
const migrationsDir = path.join(root, "prisma", "migrations");
const snapshotFile = path.join(migrationsDir, "schema.snapshot.prisma");
const generatedDir = path.join(root, "src", "db", "generated");
const prismaBin = path.join(root, "node_modules", ".bin", "prisma");

export const providers = ["sqlite", "postgresql"] as const;
type Provider = (typeof providers)[number];

/** The schema text for one provider, with the client generated into src/db/generated/<provider>. */
function schemaFor(source: string, provider: Provider, schemaPath: string): string {
  const output = path.relative(path.dirname(schemaPath), path.join(generatedDir, provider));
  return source
    .replace(/provider\s*=\s*"sqlite"/, `provider = "${provider}"`)
    .replace(/output\s*=\s*"[^"]*"/, `output          = "${output.split(path.sep).join("/")}"`);
}

function writeSchema(source: string, provider: Provider, name: string): string {
  const dir = path.join(generatedDir, "schemas");
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.${provider}.prisma`);
  writeFileSync(file, schemaFor(source, provider, file));
  return file;
}

function prisma(args: string[]): string {
  return execFileSync(prismaBin, args, { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

function generate(): void {
  const source = readFileSync(schemaFile, "utf8");
  for (const provider of providers) {
    prisma(["generate", "--schema", writeSchema(source, provider, "current")]);
  }
  console.log("Generated Prisma clients for", providers.join(" and "));
}

function diff(provider: Provider, fromSource: string | null, toSource: string): string {
  const to = writeSchema(toSource, provider, "to");
  const from = fromSource === null ? ["--from-empty"] : ["--from-schema-datamodel", writeSchema(fromSource, provider, "from")];
  const sql = prisma(["migrate", "diff", ...from, "--to-schema-datamodel", to, "--script"]);
  return sql.replace(/^Loaded Prisma config.*\n/m, "").trim();
}

const isEmpty = (sql: string) => sql === "" || /^-- This is an empty migration\.?$/.test(sql);

function migration(name: string): void {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error("migration name: use lower-case letters, digits and _");
  const current = readFileSync(schemaFile, "utf8");
  const snapshot = existsSync(snapshotFile) ? readFileSync(snapshotFile, "utf8") : null;
  const existing = existsSync(path.join(migrationsDir, "sqlite")) ? readdirSync(path.join(migrationsDir, "sqlite")) : [];
  const next = String(existing.filter((f) => f.endsWith(".sql")).length + 1).padStart(4, "0");
  const sqls = providers.map((p) => [p, diff(p, snapshot, current)] as const);
  if (sqls.every(([, sql]) => isEmpty(sql))) {
    console.log("The schema has not changed since the last migration.");
    return;
  }
  for (const [provider, sql] of sqls) {
    mkdirSync(path.join(migrationsDir, provider), { recursive: true });
    writeFileSync(path.join(migrationsDir, provider, `${next}_${name}.sql`), sql + "\n");
  }
  writeFileSync(snapshotFile, current);
  console.log(`Wrote migration ${next}_${name} for ${providers.join(" and ")}`);
}

function check(): void {
  const current = readFileSync(schemaFile, "utf8");
  const snapshot = existsSync(snapshotFile) ? readFileSync(snapshotFile, "utf8") : null;
  const pending = diff("sqlite", snapshot, current);
  if (!isEmpty(pending)) {
    console.error("prisma/schema.prisma changed without a migration; run: npm run db:migration -- <name>");
    process.exit(1);
  }
  console.log("Schema and migrations agree.");
}

const [command, arg] = process.argv.slice(2);
if (command === "generate") generate();
else if (command === "migration" && arg) migration(arg);
else if (command === "check") check();
else {
  console.error("usage: tsx scripts/db.ts generate | migration <name> | check");
  process.exit(2);
}
