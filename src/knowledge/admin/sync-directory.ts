// Use case: make the database match a folder of knowledge files (knowledge/ by default). Each file
// is ingested on its own, so a broken or oversize file is reported with its name and reason and
// never stops the rest; documents whose file disappeared are removed. Every start runs it: a file
// is read once, and one that has not changed costs a hash, not a query.
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import type { Db } from "../../db/client.ts";
import { isAppError } from "../../errors.ts";
import { contentHash, ingestDocument, removeDocument, type IngestResult } from "./ingest-document.ts";
import { SUPPORTED_EXTENSIONS } from "../parse/parse-document.ts";
import { crossDocumentProblems, frontMatterFacts, type FrontMatterFacts } from "./check-knowledge.ts";
import { listKnowledgeFiles } from "./knowledge-folder.ts";

/** Files in the knowledge folder that are about the documents, not documents themselves. */
export const KNOWLEDGE_PREFIX = "knowledge/";

export interface SyncReport {
  created: number;
  updated: number;
  unchanged: number;
  removed: number;
  failed: { file: string; reason: string }[];
}

export async function syncDirectory(opts: {
  db: Db;
  dir: string;
  /** Only this file or sub-folder of `dir` (relative), e.g. when the CLI is given a path. */
  only?: string;
  updatedBy?: string;
  onProgress?: (done: number, total: number, file: string) => void;
}): Promise<SyncReport> {
  const report: SyncReport = { created: 0, updated: 0, unchanged: 0, removed: 0, failed: [] };
  const all = await listKnowledgeFiles(opts.dir);
  const scope = opts.only ? opts.only.replace(/\/+$/, "") : undefined;
  const inScope = (f: string) => !scope || f === scope || f.startsWith(scope + "/");
  const files = all.filter(inScope);
  // The Markdown files are read once, for the checks across documents and for ingesting.
  const markdown = new Map<string, Buffer | undefined>();
  for (const file of all) {
    if (path.extname(file).toLowerCase() === ".md") markdown.set(file, await readFile(path.join(opts.dir, file)).catch(() => undefined));
  }
  const refused = await crossDocumentRefusals(opts.db, markdown);
  const stored = new Map(
    (await opts.db.prisma.document.findMany({ where: { sourcePath: { startsWith: KNOWLEDGE_PREFIX } }, select: { sourcePath: true, contentHash: true } })).map(
      (d) => [d.sourcePath, d.contentHash],
    ),
  );
  let done = 0;
  for (const file of files) {
    opts.onProgress?.(done, files.length, file);
    const ext = path.extname(file).toLowerCase();
    const problem = refused.get(file);
    if (!SUPPORTED_EXTENSIONS.includes(ext)) {
      report.failed.push({ file, reason: `unsupported file type ${ext || "(none)"}` });
    } else if (problem) {
      // Not published: the version already in the base (if any) keeps serving.
      report.failed.push({ file, reason: problem });
    } else {
      try {
        const bytes = markdown.get(file) ?? (await readFile(path.join(opts.dir, file)));
        const sourcePath = KNOWLEDGE_PREFIX + file;
        if (stored.get(sourcePath) === contentHash(bytes)) {
          // What ingestDocument would find too, here without a query per file.
          report.unchanged++;
        } else {
          // Parsed in-process, not in the upload sandbox: the folder is trusted (see parse-sandbox.ts).
          const result: IngestResult = await ingestDocument({ db: opts.db, sourcePath, fileName: path.basename(file), bytes, updatedBy: opts.updatedBy ?? "sync" });
          report[result.status]++;
        }
      } catch (err) {
        const reason = isAppError(err, "document.refused") ? err.detail.reason : err instanceof Error ? err.message : String(err);
        report.failed.push({ file, reason });
      }
    }
    done++;
  }
  opts.onProgress?.(done, files.length, "");
  // Remove documents whose file is gone (only within the synced scope; uploads are never touched).
  const present = new Set(all.map((f) => KNOWLEDGE_PREFIX + f));
  const known = await opts.db.prisma.document.findMany({
    where: { sourcePath: { startsWith: KNOWLEDGE_PREFIX } },
    select: { id: true, sourcePath: true },
  });
  for (const doc of known) {
    const rel = doc.sourcePath.slice(KNOWLEDGE_PREFIX.length);
    if (inScope(rel) && !present.has(doc.sourcePath)) {
      if (await removeDocument({ db: opts.db, documentId: doc.id })) report.removed++;
    }
  }
  return report;
}

/**
 * Documents sync must not publish because of another document: a number already claimed, a
 * replacement that is not in the base (kb check explains the same rules).
 */
async function crossDocumentRefusals(db: Db, markdown: ReadonlyMap<string, Buffer | undefined>): Promise<Map<string, string>> {
  const facts: FrontMatterFacts[] = [];
  for (const [file, bytes] of markdown) {
    const found = frontMatterFacts(file, bytes?.toString("utf8") ?? "");
    if (found) facts.push(found);
  }
  // Uploaded documents can be what replaced a folder document.
  const uploads = await db.prisma.document.findMany({ where: { NOT: { sourcePath: { startsWith: KNOWLEDGE_PREFIX } } }, select: { meta: true } });
  const numbers = uploads.flatMap((d) => {
    try {
      const n = (JSON.parse(d.meta) as { number?: unknown }).number;
      return typeof n === "string" ? [n] : [];
    } catch {
      return [];
    }
  });
  return new Map(crossDocumentProblems(facts, numbers).map((i) => [i.file, `${i.line ? `line ${i.line}: ` : ""}${i.message}`]));
}

export async function isDirectory(p: string): Promise<boolean> {
  return stat(p).then((s) => s.isDirectory(), () => false);
}
