import { describe } from "vitest";
import { POSTGRES_URL } from "../support/env.ts";
import { runMigrationSuite } from "./migrate.suite.ts";

describe.skipIf(!POSTGRES_URL)("migrations on PostgreSQL (skipped: TEST_POSTGRES_URL not set)", () => runMigrationSuite("postgresql"));
