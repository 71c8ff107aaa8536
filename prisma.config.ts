// Configuration of the Prisma CLI. The CLI's native schema engine cannot be downloaded here, so the
// CLI runs the JavaScript/WebAssembly schema engine through a driver adapter. The CLI is only used
// to generate clients and to write migration SQL (scripts/db.ts); migrations are applied at
// start-up by src/db/migrate.ts.
import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";

// Schema-to-schema diffs need no real database; an in-memory one keeps a fresh clone working.
const url = process.env.PRISMA_CLI_DATABASE_URL ?? ":memory:";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "schema.prisma"),
  async adapter() {
    return url.startsWith("postgres")
      ? new PrismaPg({ connectionString: url })
      : new PrismaBetterSQLite3({ url });
  },
});
