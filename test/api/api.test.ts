import { describe } from "vitest";
import { runApiSuite } from "./api.suite.ts";

describe("JSON API for other systems (SQLite)", () => runApiSuite("sqlite"));
