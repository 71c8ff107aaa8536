import { describe } from "vitest";
import { POSTGRES_URL } from "../support/env.ts";
import { runDeadlineSuite } from "./deadlines.suite.ts";

describe.skipIf(!POSTGRES_URL)("deadline reminders and escalations on PostgreSQL (skipped: TEST_POSTGRES_URL not set)", () => runDeadlineSuite("postgresql"));
