import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.ts";

describe("configuration", () => {
  it("starts with no settings at all: port 3000, SQLite under ./data", () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.database.provider).toBe("sqlite");
    expect(config.database.url).toBe(`file:${path.resolve("data", "app.db")}`);
    expect(config.knowledgeDir).toBe(path.resolve("knowledge"));
  });

  it("treats empty strings as unset", () => {
    const config = loadConfig({ PORT: "", DATABASE_URL: " ", LOG_LEVEL: "" });
    expect(config.port).toBe(3000);
    expect(config.database.provider).toBe("sqlite");
    expect(config.logLevel).toBe("info");
  });

  it("puts the SQLite file in DATA_DIR", () => {
    const config = loadConfig({ DATA_DIR: "/srv/bot" });
    expect(config.database.url).toBe("file:/srv/bot/app.db");
  });

  it("switches to PostgreSQL with a postgresql:// URL", () => {
    const config = loadConfig({ DATABASE_URL: "postgresql://app@db.internal:5432/youth" });
    expect(config.database).toEqual({ provider: "postgresql", url: "postgresql://app@db.internal:5432/youth" });
  });

  it.each([
    [{ PORT: "seventy" }, /^Invalid PORT: /],
    [{ PORT: "70000" }, /^Invalid PORT: /],
    [{ DATABASE_URL: "mysql://x" }, /^Invalid DATABASE_URL: must start with file: \(SQLite\) or postgresql:\/\//],
    [{ LOG_LEVEL: "loud" }, /^Invalid LOG_LEVEL: /],
    [{ PUBLIC_BASE_URL: "bot.example.vn" }, /^Invalid PUBLIC_BASE_URL: /],
    [{ EMBEDDINGS_BASE_URL: "http://127.0.0.1:11434/v1" }, /^Invalid EMBEDDINGS_MODEL: is required/],
  ])("names the bad variable in one line: %j", (env, message) => {
    expect(() => loadConfig(env)).toThrow(expect.objectContaining({ code: "config.invalid" }));
    try {
      loadConfig(env);
    } catch (err) {
      expect((err as Error).message).toMatch(message);
      expect((err as Error).message).not.toContain("\n");
    }
  });

  it("strips a trailing slash from PUBLIC_BASE_URL", () => {
    expect(loadConfig({ PUBLIC_BASE_URL: "https://bot.example.vn/" }).publicBaseUrl).toBe("https://bot.example.vn");
  });
});

describe("embedder choice", () => {
  it("uses the offline embedder by default and a pinned remote one when configured", async () => {
    const { createEmbeddings } = await import("../src/knowledge/index/create-embeddings.ts");
    expect(createEmbeddings(loadConfig({})).fingerprint).toMatch(/^hashing:/);
    const remote = createEmbeddings(
      loadConfig({ EMBEDDINGS_BASE_URL: "http://127.0.0.1:11434/v1", EMBEDDINGS_MODEL: "bge-m3", EMBEDDINGS_DIMENSIONS: "1024" }),
    );
    expect(remote.fingerprint).toBe("openai:http://127.0.0.1:11434/v1:bge-m3:1024");
  });
});
