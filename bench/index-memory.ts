// Resident memory of a process holding the hybrid search index of a corpus (ALQAC by default), run
// as its own process so nothing else the bench did is counted. Prints one JSON line:
// {"chunks", "baseRssMiB", "rssMiB", "buildMs"}. Usage: tsx bench/index-memory.ts <corpus.jsonl>
import { CorpusLine, readJsonl } from "../src/knowledge/admin/evaluate.ts";
import { HashingEmbeddings } from "../src/knowledge/index/embedder.ts";
import { SearchEngine, type IndexedChunk } from "../src/knowledge/search/search-engine.ts";
import { mebibytes } from "./stats.ts";

const corpusFile = process.argv[2];
if (!corpusFile) throw new Error("usage: tsx bench/index-memory.ts <corpus.jsonl>");
const baseRss = process.memoryUsage().rss;
const started = performance.now();
const engine = new SearchEngine({ embeddings: new HashingEmbeddings(), mode: "hybrid" });
const byDocument = new Map<string, IndexedChunk[]>();
for (const line of await readJsonl(corpusFile, CorpusLine)) {
  const documentId = line.law_id ?? line.id;
  const chunks = byDocument.get(documentId) ?? [];
  chunks.push({ id: line.id, documentId, title: line.title, citation: "", text: line.text });
  byDocument.set(documentId, chunks);
}
for (const [documentId, chunks] of byDocument) await engine.upsertDocument(documentId, chunks);
// The lexical segments are built when the index is first searched (or saved): that is part of the build.
await engine.search("thanh niên là người bao nhiêu tuổi", { k: 5 });
const buildMs = Math.round(performance.now() - started);
// Settle what the build left behind, so the number is what the index keeps. Twice: array buffers
// found dead by the first collection are freed in the background, the second finishes them.
(globalThis as { gc?: () => void }).gc?.();
await new Promise((resolve) => setTimeout(resolve, 50));
(globalThis as { gc?: () => void }).gc?.();
console.log(JSON.stringify({ chunks: engine.size.chunks, baseRssMiB: mebibytes(baseRss), rssMiB: mebibytes(process.memoryUsage().rss), buildMs }));
