// A knowledge base built from a folder in a throw-away SQLite database, for measuring answers
// (`chat eval`, scripts/tune-*.ts) without touching the service's own database or index.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { openDatabase, type Db } from "../../db/client.ts";
import { migrateDatabase } from "../../db/migrate.ts";
import { createLogger } from "../../logger.ts";
import type { FingerprintedEmbeddings } from "../index/embedder.ts";
import { HashingEmbeddings } from "../index/embedder.ts";
import { KnowledgeBase } from "../knowledge-base.ts";
import type { SearchEngineOptions } from "../search/search-engine.ts";
import { syncDirectory } from "./sync-directory.ts";

/** Runs `use` with a knowledge base of `knowledgeDir`; the database and index are removed after. */
export async function withThrowawayKnowledgeBase<T>(
  opts: {
    knowledgeDir: string;
    embeddings?: FingerprintedEmbeddings;
    threshold?: number;
    retrieval?: Pick<SearchEngineOptions, "query" | "retriever" | "fusion">;
    /** Before the knowledge is loaded (e.g. seed departments for a conversation). */
    prepare?: (db: Db) => Promise<void>;
  },
  use: (kb: KnowledgeBase, db: Db) => Promise<T>,
): Promise<T> {
  const dir = await mkdtemp(path.join(tmpdir(), "ya-knowledge-"));
  const database = { provider: "sqlite" as const, url: `file:${path.join(dir, "knowledge.db")}` };
  try {
    await migrateDatabase(database);
    const db = await openDatabase(database);
    try {
      await opts.prepare?.(db);
      const sync = await syncDirectory({ db, dir: opts.knowledgeDir });
      for (const f of sync.failed) console.error(`knowledge file skipped: ${f.file}: ${f.reason}`);
      const kb = await KnowledgeBase.open({
        db,
        dataDir: dir,
        embeddings: opts.embeddings ?? new HashingEmbeddings(),
        log: createLogger("warn"),
        persist: false,
        ...(opts.threshold !== undefined ? { threshold: opts.threshold } : {}),
        ...(opts.retrieval ? { retrieval: opts.retrieval } : {}),
      });
      return await use(kb, db);
    } finally {
      await db.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
