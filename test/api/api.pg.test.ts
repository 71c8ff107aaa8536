import { describe } from "vitest";
import { POSTGRES_URL } from "../support/env.ts";
import { runApiSuite } from "./api.suite.ts";

describe.skipIf(!POSTGRES_URL)("JSON API for other systems on PostgreSQL (skipped: TEST_POSTGRES_URL not set)", () => runApiSuite("postgresql"));
