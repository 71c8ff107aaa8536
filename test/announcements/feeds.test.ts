import { describe } from "vitest";
import { runFeedSuite } from "./feeds.suite.ts";

describe("opportunity feeds on SQLite", () => runFeedSuite("sqlite"));
