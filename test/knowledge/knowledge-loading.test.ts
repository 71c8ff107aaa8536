// A start listens before the knowledge is loaded (src/main.ts): what is asked meanwhile waits for
// the knowledge and gets the answer it would get after, never a "not sure" from an empty index.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Db } from "../../src/db/client.ts";
import { migrateDatabase } from "../../src/db/migrate.ts";
import { syncDirectory } from "../../src/knowledge/admin/sync-directory.ts";
import { HashingEmbeddings } from "../../src/knowledge/index/embedder.ts";
import { KnowledgeBase } from "../../src/knowledge/knowledge-base.ts";
import { createLogger } from "../../src/logger.ts";
import { repoRoot } from "../support/env.ts";

/** Lets every pending callback run (I/O included), so a promise that could settle has settled. */
const drain = async () => {
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
};

describe("KnowledgeBase before it is loaded", () => {
  let dir: string;
  let db: Db;
  const create = () =>
    KnowledgeBase.create({ db, dataDir: dir, embeddings: new HashingEmbeddings(), log: createLogger("silent"), persist: false });

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "ya-loading-"));
    const database = { provider: "sqlite" as const, url: `file:${path.join(dir, "app.db")}` };
    await migrateDatabase(database);
    db = await openDatabase(database);
    await syncDirectory({ db, dir: path.join(repoRoot, "test/fixtures/knowledge") });
  });
  afterAll(async () => {
    await db.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("holds a question until the knowledge is loaded, then answers it as a loaded base does", async () => {
    const kb = create();
    const states: string[] = [];
    const early = kb.ask("bao nhiêu tuổi thì là thanh niên").then((asked) => (states.push("answered"), asked));
    const search = kb.search("tuổi thanh niên");
    await drain();
    expect(states).toEqual([]);
    expect(kb.isLoaded()).toBe(false);
    expect(kb.stats()).toEqual({ documents: 0, chunks: 0 });

    await kb.load();
    expect(kb.isLoaded()).toBe(true);
    const asked = await early;
    const loaded = await KnowledgeBase.open({ db, dataDir: dir, embeddings: new HashingEmbeddings(), log: createLogger("silent"), persist: false });
    expect(asked.decision.outcome).toBe("answer");
    expect(asked.decision).toEqual((await loaded.ask("bao nhiêu tuổi thì là thanh niên")).decision);
    expect((await search).map((p) => p.chunkId)).toEqual((await loaded.search("tuổi thanh niên")).map((p) => p.chunkId));
    expect(kb.stats()).toEqual(loaded.stats());
    await Promise.all([kb.close(), loaded.close()]);
  });

  it("runs a catch-up asked for before the load after it, on the loaded index", async () => {
    const kb = create();
    let caughtUp = false;
    const catchUp = kb.catchUp().then(() => (caughtUp = true));
    await drain();
    expect(caughtUp).toBe(false);
    await kb.load();
    await catchUp;
    expect(kb.stats().documents).toBe(5);
    expect((await kb.ask("bao nhiêu tuổi thì là thanh niên")).decision.outcome).toBe("answer");
    await kb.close();
  });
});
