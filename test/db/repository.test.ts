import { describe } from "vitest";
import { runRepositorySuite } from "./repository.suite.ts";

describe("data layer on SQLite", () => runRepositorySuite("sqlite"));
