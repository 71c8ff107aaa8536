import { describe } from "vitest";
import { POSTGRES_URL } from "../support/env.ts";
import { runFeedSuite } from "./feeds.suite.ts";

describe.skipIf(!POSTGRES_URL)("opportunity feeds on PostgreSQL (skipped: TEST_POSTGRES_URL not set)", () => runFeedSuite("postgresql"));
