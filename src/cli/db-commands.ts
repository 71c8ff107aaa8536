// `db` commands of the CLI.
import type { Config } from "../config.ts";
import { migrateDatabase } from "../db/migrate.ts";
import { usageError } from "./usage-error.ts";

export async function runDbCommand(config: Config, command: string | undefined): Promise<void> {
  if (command === "migrate") {
    const result = await migrateDatabase(config.database);
    console.log(
      result.applied.length
        ? `Applied ${result.applied.length} migration(s): ${result.applied.join(", ")}`
        : `Database is up to date (${result.total} migration(s)).`,
    );
    return;
  }
  throw usageError(`unknown db command "${command ?? ""}" (try: db migrate)`);
}
