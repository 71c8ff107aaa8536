// The files of a knowledge folder that are documents: every file in it and its sub-folders, in a
// stable order, except hidden ones, folders and files starting with "_" (sources and notes for
// editors, e.g. _sources/alqac-laws.yaml), and the folder's own README, lexicon and topics.
import { readdir } from "node:fs/promises";
import path from "node:path";

const IGNORED = new Set(["readme.md", "lexicon.json", "topics.json"]);

export async function listKnowledgeFiles(dir: string): Promise<string[]> {
  return (await listFiles(dir)).filter((f) => !IGNORED.has(path.basename(f).toLowerCase()));
}

async function listFiles(dir: string, base = dir): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries) {
    if (entry.name.startsWith(".") || entry.name.startsWith("_")) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await listFiles(full, base)));
    else if (entry.isFile()) files.push(path.relative(base, full).split(path.sep).join("/"));
  }
  return files.sort();
}
