// Ingestion throughput: a knowledge folder synced into a fresh SQLite database (parse, chunk, store,
// as `npm run cli -- kb ingest` and start-up do), then the search index built from that database
// (as an instance does on first start). Run on knowledge/ and on a larger generated set.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { openDatabase } from "../src/db/client.ts";
import { migrateDatabase } from "../src/db/migrate.ts";
import { HashingEmbeddings } from "../src/knowledge/index/embedder.ts";
import { KnowledgeBase } from "../src/knowledge/knowledge-base.ts";
import { syncDirectory } from "../src/knowledge/admin/sync-directory.ts";
import { createLogger } from "../src/logger.ts";
import { round } from "./stats.ts";

export interface IngestionRow {
  set: string;
  documents: number;
  chunks: number;
  /** Files the sync refused (with the first reason), e.g. a front matter error. */
  failed: number;
  firstFailure?: string;
  seconds: number;
  documentsPerSecond: number;
  chunksPerSecond: number;
  /** Building the search index (lexical and dense) from the stored chunks. */
  indexBuildMs: number;
}

export async function runIngestion(set: string, dir: string): Promise<IngestionRow> {
  const work = mkdtempSync(path.join(tmpdir(), "ya-bench-ingest-"));
  const target = { provider: "sqlite" as const, url: `file:${path.join(work, "app.db")}` };
  try {
    await migrateDatabase(target);
    const db = await openDatabase(target);
    try {
      const started = performance.now();
      const report = await syncDirectory({ db, dir });
      const seconds = (performance.now() - started) / 1000;
      const [documents, chunks] = await Promise.all([db.prisma.document.count(), db.prisma.chunk.count()]);
      const indexStarted = performance.now();
      const kb = await KnowledgeBase.open({ db, dataDir: work, embeddings: new HashingEmbeddings(), log: createLogger("silent"), persist: false });
      const indexBuildMs = Math.round(performance.now() - indexStarted);
      await kb.close();
      return {
        set,
        documents,
        chunks,
        failed: report.failed.length,
        ...(report.failed[0] ? { firstFailure: `${report.failed[0].file}: ${report.failed[0].reason}` } : {}),
        seconds: round(seconds, 2),
        documentsPerSecond: round(documents / seconds, 0),
        chunksPerSecond: round(chunks / seconds, 0),
        indexBuildMs,
      };
    } finally {
      await db.close();
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
