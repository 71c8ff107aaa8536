// The topics the knowledge base and the proposal queue use, as data (knowledge/topics.json): each
// code's Vietnamese and English name and the department that answers it by default. People see
// names, never codes; kb check refuses a document whose topic is not listed here.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import type { Locale } from "../prompts.ts";

export const DEFAULT_TOPICS_FILE = fileURLToPath(new URL("../../knowledge/topics.json", import.meta.url));

const TopicCode = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "a topic code is lower-case words joined by hyphens");
export const TopicsFile = z.record(
  TopicCode,
  z.strictObject({
    vi: z.string().min(1),
    en: z.string().min(1),
    /** The slug of the department that answers proposals on this topic by default, or null. */
    department: z.string().min(1).nullable(),
  }),
);

export class TopicCatalog {
  private constructor(private readonly topics: z.infer<typeof TopicsFile>) {}

  static parse(json: unknown, source = "topics"): TopicCatalog {
    const parsed = TopicsFile.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Error(`${source}: ${issue?.path.join(".") || "(root)"}: ${issue?.message ?? "invalid"}`);
    }
    return new TopicCatalog(parsed.data);
  }

  static load(file = DEFAULT_TOPICS_FILE): TopicCatalog {
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(file, "utf8"));
    } catch (err) {
      throw new Error(`${file}: cannot read topics (${err instanceof Error ? err.message : String(err)})`);
    }
    return TopicCatalog.parse(json, file);
  }

  has(code: string): boolean {
    return Object.hasOwn(this.topics, code);
  }

  /** The topic's name for people; an unknown code is shown as it is rather than hidden. */
  name(code: string | null | undefined, locale: Locale = "vi"): string {
    if (!code) return "";
    return this.topics[code]?.[locale] ?? code;
  }

  department(code: string): string | null {
    return this.topics[code]?.department ?? null;
  }

  codes(): string[] {
    return Object.keys(this.topics);
  }
}

let cached: TopicCatalog | undefined;

/** The catalogue shipped in knowledge/topics.json, read once. */
export function defaultTopics(): TopicCatalog {
  return (cached ??= TopicCatalog.load());
}
