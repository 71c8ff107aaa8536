// What the API's routes are given: declared apart from registerApi so the route files and the
// registrar do not import each other.
import type { Logger } from "pino";
import type { Clock } from "../clock.ts";
import type { Config } from "../config.ts";
import type { Db } from "../db/client.ts";
import type { RateCounter } from "../http/rate-limit.ts";
import type { IndexCatchUp } from "../knowledge/admin/catch-up-after-write.ts";
import type { Prompts } from "../prompts.ts";

export interface ApiDeps {
  db: Db;
  prompts: Prompts;
  knowledge: IndexCatchUp;
  config: Pick<Config, "uploadMaxBytes" | "rateLimits">;
  log: Logger;
  /** "Now" for token checks and the use cases the routes call. */
  clock: Clock;
  /** The per-address counter the public operations share with the public pages (http/rate-limit.ts). */
  publicReads: RateCounter;
}
