import { describe } from "vitest";
import { POSTGRES_URL } from "../support/env.ts";
import { runRepositorySuite } from "./repository.suite.ts";

describe.skipIf(!POSTGRES_URL)("data layer on PostgreSQL (skipped: TEST_POSTGRES_URL not set)", () => runRepositorySuite("postgresql"));
