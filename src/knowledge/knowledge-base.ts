// Owns the live knowledge base of one instance: the search engine built from the database's
// documents and chunks, persisted under DATA_DIR/index, and kept current by comparing the
// database's knowledge version with its own. A change made by any instance (CLI, console, API)
// becomes searchable here on the next catch-up, without a restart.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Logger } from "pino";
import type { Db } from "../db/client.ts";
import type { DocumentMeta } from "./document.ts";
import { readKnowledgeVersion } from "./knowledge-version.ts";
import type { KnowledgeSearch, Passage } from "./passage.ts";
import { SearchEngine, type IndexedChunk } from "./search-engine.ts";
import type { FingerprintedEmbeddings } from "./embedder.ts";

interface ChunkInfo {
  documentId: string;
  citation: string;
  heading: string;
  text: string;
}

interface DocumentInfo {
  title: string;
  url?: string;
  status: Passage["status"];
  replacedBy?: string;
  topics: string[];
  hash: string;
}

/** What the persisted index was built from, so a restart only re-indexes what changed. */
interface IndexState {
  version: number;
  documents: Record<string, string>;
}

export class KnowledgeBase implements KnowledgeSearch {
  private chunks = new Map<string, ChunkInfo>();
  private chunkIdsByDocument = new Map<string, string[]>();
  private documents = new Map<string, DocumentInfo>();
  private indexedHashes = new Map<string, string>();
  private version = -1;
  private timer: NodeJS.Timeout | undefined;
  private catchingUp: Promise<void> | undefined;
  private nextRun: Promise<void> | undefined;

  private constructor(
    private readonly db: Db,
    private engine: SearchEngine,
    private readonly opts: { indexDir: string; embeddings: FingerprintedEmbeddings; log: Logger; persist: boolean },
  ) {}

  /** Loads the persisted index when it matches the embedder, then catches up with the database. */
  static async open(opts: {
    db: Db;
    dataDir: string;
    embeddings: FingerprintedEmbeddings;
    log: Logger;
    /** Write the index back to DATA_DIR after changes; off for short-lived CLI readers. */
    persist?: boolean;
    threshold?: number;
  }): Promise<KnowledgeBase> {
    const indexDir = path.join(opts.dataDir, "index");
    const engineOptions = { embeddings: opts.embeddings, ...(opts.threshold !== undefined ? { threshold: opts.threshold } : {}) };
    const loaded = await SearchEngine.load(indexDir, engineOptions).catch((err: unknown) => {
      opts.log.warn({ err }, "knowledge index unreadable; rebuilding");
      return null;
    });
    const engine = loaded ?? new SearchEngine(engineOptions);
    const kb = new KnowledgeBase(opts.db, engine, { indexDir, embeddings: opts.embeddings, log: opts.log, persist: opts.persist ?? true });
    if (loaded) {
      const state = await readState(indexDir);
      for (const [id, hash] of Object.entries(state?.documents ?? {})) kb.indexedHashes.set(id, hash);
    } else {
      opts.log.info({ embedder: opts.embeddings.fingerprint }, "building the knowledge index from the database");
    }
    await kb.catchUp(true);
    return kb;
  }

  stats(): { documents: number; chunks: number } {
    return { documents: this.documents.size, chunks: this.chunks.size };
  }

  async search(query: string, opts: { k?: number } = {}): Promise<Passage[]> {
    const hits = await this.engine.search(query, { k: opts.k ?? 5 });
    const passages: Passage[] = [];
    for (const hit of hits) {
      const chunk = this.chunks.get(hit.id);
      const doc = chunk && this.documents.get(chunk.documentId);
      if (!chunk || !doc) continue;
      passages.push({
        chunkId: hit.id,
        documentId: chunk.documentId,
        score: hit.score,
        confident: hit.confident,
        title: doc.title,
        citation: withoutTitle(chunk.citation, doc.title),
        heading: chunk.heading,
        text: chunk.text,
        status: doc.status,
        topics: doc.topics,
        ...(doc.url ? { url: doc.url } : {}),
        ...(doc.replacedBy ? { replacedBy: doc.replacedBy } : {}),
      });
    }
    return passages;
  }

  /** Polls the database's knowledge version so changes made elsewhere go live within `everyMs`. */
  watch(everyMs = 2000): void {
    this.timer ??= setInterval(() => {
      this.catchUp().catch((err: unknown) => this.opts.log.error({ err }, "knowledge catch-up failed"));
    }, everyMs);
    this.timer.unref();
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.catchingUp;
  }

  /**
   * Brings the index in line with the database. Safe to call concurrently: a call made while a run
   * is in progress waits for one more run, because the current one may have read the database
   * before the caller's change was committed.
   */
  catchUp(force = false): Promise<void> {
    if (this.catchingUp) {
      this.nextRun ??= this.catchingUp.catch(() => undefined).then(() => {
        this.nextRun = undefined;
        return this.catchUp(force);
      });
      return this.nextRun;
    }
    this.catchingUp = this.doCatchUp(force).finally(() => {
      this.catchingUp = undefined;
    });
    return this.catchingUp;
  }

  private async doCatchUp(force: boolean): Promise<void> {
    const version = await readKnowledgeVersion(this.db.prisma);
    if (!force && version === this.version) return;
    const started = Date.now();
    const docs = await this.db.prisma.document.findMany({
      select: { id: true, title: true, status: true, meta: true, contentHash: true },
    });
    const seen = new Set<string>();
    let changed = 0;
    for (const doc of docs) {
      seen.add(doc.id);
      const meta = parseMeta(doc.meta);
      const known = this.documents.get(doc.id);
      const needsChunks = known?.hash !== doc.contentHash || !this.chunkIdsByDocument.has(doc.id);
      this.documents.set(doc.id, {
        title: meta.short_title ?? doc.title,
        status: (doc.status as Passage["status"]) ?? "in_force",
        topics: meta.topics ?? [],
        hash: doc.contentHash,
        ...(meta.source && /^https?:\/\//.test(meta.source) ? { url: meta.source } : {}),
        ...(meta.replaced_by ? { replacedBy: meta.replaced_by } : {}),
      });
      if (!needsChunks) continue;
      const rows = await this.db.prisma.chunk.findMany({ where: { documentId: doc.id }, orderBy: { ordinal: "asc" } });
      this.dropChunksOf(doc.id);
      for (const r of rows) this.chunks.set(r.id, { documentId: doc.id, citation: r.citation, heading: r.heading, text: r.text });
      this.chunkIdsByDocument.set(doc.id, rows.map((r) => r.id));
      if (this.indexedHashes.get(doc.id) !== doc.contentHash) {
        const indexed: IndexedChunk[] = rows.map((r) => ({
          id: r.id,
          documentId: doc.id,
          title: `${meta.short_title ?? doc.title} ${r.heading}`.trim(),
          citation: r.citation,
          text: r.text,
          phrasings: parsePhrasings(r.phrasings),
        }));
        await this.engine.upsertDocument(doc.id, indexed);
        this.indexedHashes.set(doc.id, doc.contentHash);
        changed++;
      }
    }
    for (const id of [...this.documents.keys()]) {
      if (seen.has(id)) continue;
      this.documents.delete(id);
      this.dropChunksOf(id);
    }
    for (const id of [...this.indexedHashes.keys()]) {
      if (seen.has(id)) continue;
      this.engine.removeDocument(id);
      this.indexedHashes.delete(id);
      changed++;
    }
    this.version = version;
    if (changed > 0) {
      if (this.opts.persist) await this.persist();
      this.opts.log.info({ version, changed, ...this.stats(), ms: Date.now() - started }, "knowledge index updated");
    }
  }

  private dropChunksOf(documentId: string): void {
    for (const id of this.chunkIdsByDocument.get(documentId) ?? []) this.chunks.delete(id);
    this.chunkIdsByDocument.delete(documentId);
  }

  private async persist(): Promise<void> {
    await mkdir(this.opts.indexDir, { recursive: true });
    await this.engine.save(this.opts.indexDir);
    const state: IndexState = { version: this.version, documents: Object.fromEntries(this.indexedHashes) };
    await writeFile(path.join(this.opts.indexDir, "documents.json"), JSON.stringify(state));
  }
}

/** Citations end with "– <document>"; the source line names the document separately. */
function withoutTitle(citation: string, title: string): string {
  const suffix = ` – ${title}`;
  return citation.endsWith(suffix) && citation.length > suffix.length ? citation.slice(0, -suffix.length) : citation;
}

async function readState(dir: string): Promise<IndexState | null> {
  try {
    return JSON.parse(await readFile(path.join(dir, "documents.json"), "utf8")) as IndexState;
  } catch {
    return null;
  }
}

function parseMeta(json: string): Partial<DocumentMeta> {
  try {
    return JSON.parse(json) as Partial<DocumentMeta>;
  } catch {
    return {};
  }
}

function parsePhrasings(json: string): string[] {
  try {
    const value = JSON.parse(json) as unknown;
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
  } catch {
    return [];
  }
}
