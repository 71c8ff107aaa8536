// What the console's routes are given: declared apart from registerConsole so the route files
// and the registrar do not import each other.
import type { Clock } from "../clock.ts";
import type { Config } from "../config.ts";
import type { Db } from "../db/client.ts";
import type { AppEvents } from "../events.ts";
import type { KnowledgeBase } from "../knowledge/knowledge-base.ts";
import type { Prompts } from "../prompts.ts";
import type { Logger } from "pino";

export interface ConsoleDeps {
  config: Config;
  db: Db;
  /** The live knowledge base: caught up at once after each change made here. */
  knowledge: Pick<KnowledgeBase, "search" | "ask" | "passage" | "candidates" | "catchUp">;
  prompts: Prompts;
  log: Logger;
  /** Wakes the outbox worker after an answer or a notice was queued. */
  events?: AppEvents;
  /** "Now" for every route: deadlines and overdue marks, sessions, sign-in delays, date ranges. */
  clock: Clock;
  /** Renders a template to a string (e.g. the FAQ draft); set by registerConsole. */
  renderText?: (template: string, data: object) => string;
}
