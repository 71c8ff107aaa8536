import { describe } from "vitest";
import { runDeadlineSuite } from "./deadlines.suite.ts";

describe("deadline reminders and escalations on SQLite", () => runDeadlineSuite("sqlite"));
