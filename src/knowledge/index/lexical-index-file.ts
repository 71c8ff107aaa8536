// On-disk form of a lexical index: lexical.json (options, chunk ids, field lengths, terms) and
// lexical.bin (the postings as raw 32-bit arrays), so loading a large index parses no numbers.

import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import { FIELD_COUNT } from "./lexical-segment.ts";

export interface LexicalSnapshot {
  /** The index options (lexical-index.ts), as validated when the file is read. */
  options: SnapshotOptions;
  ids: string[];
  /** Syllable count of each field (title, text, phrasings) of each chunk, in slot order. */
  lengths: number[][];
  terms: string[];
  offsets: Int32Array;
  docs: Int32Array;
  tfs: Uint32Array;
}

const FILE_META = "lexical.json";
const FILE_POSTINGS = "lexical.bin";
const FORMAT = 1;

const FieldParams = z.object({ weight: z.number(), b: z.number() });
// The long lists (a term per entry, ~100,000 of them) are checked in one pass each: element by
// element through zod, reading them took longer than reading the postings.
const Strings = z.custom<string[]>((v) => Array.isArray(v) && v.every((x) => typeof x === "string"), "expected a list of strings");
const Numbers = z.custom<number[]>((v) => Array.isArray(v) && v.every((x) => typeof x === "number"), "expected a list of numbers");
const LexicalMeta = z.object({
  format: z.literal(FORMAT),
  options: z.object({
    k1: z.number(),
    maxDocumentShare: z.number(),
    fields: z.object({ title: FieldParams, text: FieldParams, phrasings: FieldParams }),
    channels: z.object({ bigrams: z.boolean(), exact: z.boolean(), folded: z.boolean() }),
  }),
  ids: Strings,
  lengths: z.array(Numbers).length(FIELD_COUNT),
  terms: Strings,
  postings: z.number().int().nonnegative(),
});

type SnapshotOptions = z.infer<typeof LexicalMeta>["options"];

export async function writeSnapshot(dir: string, s: LexicalSnapshot): Promise<void> {
  await mkdir(dir, { recursive: true });
  const bin = Buffer.concat([bytes(s.offsets), bytes(s.docs), bytes(s.tfs)]);
  await writeFile(join(dir, FILE_POSTINGS), bin);
  const meta: z.infer<typeof LexicalMeta> = { format: FORMAT, options: s.options, ids: s.ids, lengths: s.lengths, terms: s.terms, postings: s.docs.length };
  // Written last: a JSON file present means the postings beside it are complete.
  await writeFile(join(dir, FILE_META), JSON.stringify(meta));
}

/** The snapshot saved in dir, or null when there is none or it is of another format. */
export async function readSnapshot(dir: string): Promise<LexicalSnapshot | null> {
  const raw = await readFile(join(dir, FILE_META), "utf8").catch(() => null);
  if (raw === null) return null;
  const parsed = LexicalMeta.safeParse(JSON.parse(raw));
  if (!parsed.success) return null;
  const meta = parsed.data;
  const bin = await readFile(join(dir, FILE_POSTINGS));
  let at = 0;
  // Copied out so each array is 4-byte aligned whatever the file buffer's offset.
  const take = (count: number) => {
    const slice = new Uint8Array(count * 4);
    slice.set(bin.subarray(at, at + count * 4));
    at += count * 4;
    return slice.buffer;
  };
  const offsets = new Int32Array(take(meta.terms.length + 1));
  const docs = new Int32Array(take(meta.postings));
  const tfs = new Uint32Array(take(meta.postings));
  return { options: meta.options, ids: meta.ids, lengths: meta.lengths, terms: meta.terms, offsets, docs, tfs };
}

function bytes(a: Int32Array | Uint32Array): Buffer {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}
