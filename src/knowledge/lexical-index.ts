// BM25F inverted index over chunk fields (title/citation, text, FAQ phrasings), accent-aware
// through the channels of lexical-terms.ts. Owns doc slots, incremental add/remove (tombstones
// plus periodic merging) and its on-disk form; query construction lives with the caller.

import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import { ALL_CHANNELS, documentTerms, type TermChannels } from "./lexical-terms.ts";
import { FIELD_COUNT, SegmentBuilder, makeSegment, mergeSegments, postingCount, unpackTf, type Segment } from "./lexical-segment.ts";
import { TopK } from "./top-k.ts";

export interface LexicalChunk {
  id: string;
  /** Title and citation, e.g. "Luật Thanh niên 2020, Điều 1. Thanh niên". */
  title: string;
  text: string;
  /** Alternative phrasings of what the chunk answers (FAQ questions). */
  phrasings?: readonly string[];
}

export interface FieldParams {
  weight: number;
  /** Length normalisation, 0 (none) .. 1 (full). */
  b: number;
}

export interface LexicalOptions {
  k1: number;
  /** Terms found in more than this share of chunks are ignored at query time (see isCommon). */
  maxDocumentShare: number;
  fields: { title: FieldParams; text: FieldParams; phrasings: FieldParams };
  channels: TermChannels;
}

export const DEFAULT_LEXICAL_OPTIONS: LexicalOptions = {
  k1: 1.2,
  maxDocumentShare: 1,
  fields: { title: { weight: 1, b: 0.75 }, text: { weight: 1, b: 0.75 }, phrasings: { weight: 1, b: 0.75 } },
  channels: ALL_CHANNELS,
};

export interface LexicalHit {
  id: string;
  score: number;
}

export interface LexicalResult {
  hits: LexicalHit[];
  /** Score a chunk would reach by matching every query term without limit: hits ∈ [0, bound). */
  bound: number;
}

const FILE_META = "lexical.json";
const FILE_POSTINGS = "lexical.bin";
const FORMAT = 1;
/** Below this many chunks a high share is noise (3 of 10 chunks), not evidence of a stopword. */
const COMMON_MIN_DF = 50;

export class LexicalIndex {
  readonly options: LexicalOptions;
  private ids: string[] = [];
  private readonly slotOf = new Map<string, number>();
  private alive = new Uint8Array(64);
  private lengths: Float32Array[] = fieldArrays(64);
  private segments: Segment[] = [];
  private dead = 0;
  private stale = false;
  /** Average field lengths the impacts use; refreshed when the real averages drift by over 1%. */
  private averages: number[] = new Array<number>(FIELD_COUNT).fill(0);
  private impactVersion = 0;
  private scores = new Float32Array(64);

  constructor(options: Partial<LexicalOptions> = {}) {
    this.options = { ...DEFAULT_LEXICAL_OPTIONS, ...options };
  }

  get size(): number {
    return this.ids.length - this.dead;
  }

  has(id: string): boolean {
    return this.slotOf.has(id);
  }

  /** Indexes chunks; a chunk whose id is already present replaces the old one. */
  add(chunks: readonly LexicalChunk[]): void {
    if (chunks.length === 0) return;
    this.remove(chunks.map((c) => c.id));
    const builder = new SegmentBuilder();
    for (const chunk of chunks) {
      const slot = this.ids.length;
      this.ensureCapacity(slot + 1);
      this.ids.push(chunk.id);
      this.slotOf.set(chunk.id, slot);
      this.alive[slot] = 1;
      const fields = this.fieldTerms(chunk);
      fields.forEach((field, f) => (this.lengths[f]![slot] = field.syllables));
      builder.add(slot, fields.map((field) => field.terms));
    }
    this.segments.push(builder.build());
    this.mergeTail();
    this.stale = true;
  }

  /**
   * Keeps segment sizes roughly geometric, so there are O(log n) segments to walk and each
   * posting is copied O(log n) times however the chunks arrive (one big batch or many upserts).
   */
  private mergeTail(): void {
    const alive = (slot: number) => (this.alive[slot] ? slot : -1);
    while (this.segments.length > 1) {
      const last = this.segments.at(-1)!;
      const previous = this.segments.at(-2)!;
      if (postingCount(last) * 2 < postingCount(previous)) return;
      this.segments.splice(-2, 2, mergeSegments([previous, last], alive));
    }
  }

  remove(ids: Iterable<string>): void {
    for (const id of ids) {
      const slot = this.slotOf.get(id);
      if (slot === undefined) continue;
      this.slotOf.delete(id);
      this.alive[slot] = 0;
      this.dead++;
      this.stale = true;
    }
  }

  /**
   * Top-k chunks for weighted query terms (see addQueryTerms). Each term adds
   * weight · idf · (k1+1) · x / (k1 + x), x being its BM25F-normalised frequency in the chunk.
   */
  search(terms: ReadonlyMap<string, number>, k: number): LexicalResult {
    this.refresh();
    const { k1 } = this.options;
    const n = this.size;
    const scores = this.scores;
    const alive = this.alive;
    const touched: number[] = [];
    let bound = 0;
    for (const [term, weight] of terms) {
      const df = this.df(term);
      if (this.isCommon(df)) continue;
      const w = weight * idf(n, df) * (k1 + 1);
      bound += w;
      if (df === 0 || w <= 0) continue;
      for (const seg of this.segments) {
        const id = seg.terms.get(term);
        if (id === undefined) continue;
        const { docs, impacts } = seg;
        for (let i = seg.offsets[id]!, end = seg.offsets[id + 1]!; i < end; i++) {
          const d = docs[i]!;
          if (alive[d] === 0) continue;
          if (scores[d] === 0) touched.push(d);
          scores[d]! += w * impacts[i]!;
        }
      }
    }
    const top = new TopK(k);
    for (const d of touched) {
      top.offer(d, scores[d]!);
      scores[d] = 0;
    }
    return { hits: top.sorted().map(([d, score]) => ({ id: this.ids[d]!, score })), bound };
  }

  /** The bound of `search` for these terms alone (terms absent from the index count fully). */
  bound(terms: ReadonlyMap<string, number>): number {
    this.refresh();
    let bound = 0;
    for (const [term, weight] of terms) {
      const df = this.df(term);
      if (!this.isCommon(df)) bound += weight * idf(this.size, df) * (this.options.k1 + 1);
    }
    return bound;
  }

  /** Chunk ids currently indexed, in slot order. */
  *chunkIds(): IterableIterator<string> {
    for (let d = 0; d < this.ids.length; d++) if (this.alive[d]) yield this.ids[d]!;
  }

  async save(dir: string): Promise<void> {
    this.compact();
    const seg = this.segments[0] ?? new SegmentBuilder().build();
    const meta: LexicalMeta = {
      format: FORMAT,
      options: this.options,
      ids: this.ids,
      lengths: this.lengths.map((l) => Array.from(l.subarray(0, this.ids.length))),
      terms: [...seg.terms.keys()],
      postings: seg.docs.length,
    };
    await mkdir(dir, { recursive: true });
    const bin = Buffer.concat([bytes(seg.offsets), bytes(seg.docs), bytes(seg.tfs)]);
    await writeFile(join(dir, FILE_POSTINGS), bin);
    await writeFile(join(dir, FILE_META), JSON.stringify(meta));
  }

  /** The index saved in dir, or null when there is none (or it was written by another format). */
  static async load(dir: string): Promise<LexicalIndex | null> {
    const raw = await readFile(join(dir, FILE_META), "utf8").catch(() => null);
    if (raw === null) return null;
    const parsed = LexicalMeta.safeParse(JSON.parse(raw));
    if (!parsed.success) return null;
    const meta = parsed.data;
    const bin = await readFile(join(dir, FILE_POSTINGS));
    const index = new LexicalIndex(meta.options);
    const n = meta.ids.length;
    index.ensureCapacity(n);
    index.ids = meta.ids;
    meta.ids.forEach((id, slot) => index.slotOf.set(id, slot));
    index.alive.fill(1, 0, n);
    meta.lengths.forEach((l, f) => index.lengths[f]!.set(l));
    const view = copyOut(bin);
    const offsets = view.int32(meta.terms.length + 1);
    const docs = view.int32(meta.postings);
    const tfs = view.uint32(meta.postings);
    index.segments = [makeSegment(new Map(meta.terms.map((t, i) => [t, i])), offsets, docs, tfs)];
    index.stale = true;
    return index;
  }

  /**
   * Words in a large share of a sizeable index ("của", "được", "quy định") say little about any
   * one chunk yet have the longest posting lists: they are skipped, in scores and bounds alike.
   */
  private isCommon(df: number): boolean {
    return df >= COMMON_MIN_DF && df > this.options.maxDocumentShare * this.size;
  }

  /** Document frequency; deleted chunks still count until the next merge. */
  df(term: string): number {
    let df = 0;
    for (const seg of this.segments) {
      const id = seg.terms.get(term);
      if (id !== undefined) df += seg.offsets[id + 1]! - seg.offsets[id]!;
    }
    return df;
  }

  private fieldTerms(chunk: LexicalChunk): Array<{ terms: string[]; syllables: number }> {
    const ch = this.options.channels;
    // Phrasings are analysed one by one so no bigram spans two questions.
    const phrasings = (chunk.phrasings ?? []).map((p) => documentTerms(p, ch));
    return [
      documentTerms(chunk.title, ch),
      documentTerms(chunk.text, ch),
      { terms: phrasings.flatMap((p) => p.terms), syllables: phrasings.reduce((n, p) => n + p.syllables, 0) },
    ];
  }

  /** Merges segments when deletions or batches pile up, then brings posting impacts up to date. */
  private refresh(): void {
    if (!this.stale) return;
    if (this.dead * 10 > this.ids.length) this.compact();
    const averages = this.fieldAverages();
    if (averages.some((avg, f) => Math.abs(avg - this.averages[f]!) > 0.01 * this.averages[f]!)) {
      this.averages = averages;
      this.impactVersion++;
    }
    const norms = this.fieldNorms();
    for (const seg of this.segments) {
      if (seg.impactVersion !== this.impactVersion) this.computeImpacts(seg, norms);
    }
    this.stale = false;
  }

  /** Averaged over chunks that have the field, so a few FAQ phrasings are not over-penalised. */
  private fieldAverages(): number[] {
    return this.lengths.map((len) => {
      let total = 0;
      let present = 0;
      for (let d = 0; d < this.ids.length; d++) {
        if (this.alive[d] && len[d]! > 0) {
          total += len[d]!;
          present++;
        }
      }
      return present > 0 ? total / present : 1;
    });
  }

  /** Per chunk and field: field weight over BM25 length normalisation. */
  private fieldNorms(): Float32Array[] {
    const { fields } = this.options;
    return [fields.title, fields.text, fields.phrasings].map(({ weight, b }, f) => {
      const len = this.lengths[f]!;
      const avg = this.averages[f]!;
      const norm = new Float32Array(this.ids.length);
      for (let d = 0; d < this.ids.length; d++) norm[d] = weight / (1 - b + (b * len[d]!) / avg);
      return norm;
    });
  }

  private computeImpacts(seg: Segment, norms: Float32Array[]): void {
    const { k1 } = this.options;
    const [n0, n1, n2] = norms as [Float32Array, Float32Array, Float32Array];
    const { docs, tfs, impacts } = seg;
    for (let i = 0; i < docs.length; i++) {
      const d = docs[i]!;
      const p = tfs[i]!;
      const x = unpackTf(p, 0) * n0[d]! + unpackTf(p, 1) * n1[d]! + unpackTf(p, 2) * n2[d]!;
      impacts[i] = x / (k1 + x);
    }
    seg.impactVersion = this.impactVersion;
  }

  /** Drops deleted slots and merges every segment into one. */
  private compact(): void {
    const n = this.ids.length;
    const newSlot = new Int32Array(n).fill(-1);
    const ids: string[] = [];
    for (let d = 0; d < n; d++) {
      if (!this.alive[d]) continue;
      newSlot[d] = ids.length;
      const slot = ids.length;
      ids.push(this.ids[d]!);
      for (const len of this.lengths) len[slot] = len[d]!;
    }
    this.segments = this.segments.length === 0 ? [] : [mergeSegments(this.segments, (slot) => newSlot[slot]!)];
    this.ids = ids;
    this.slotOf.clear();
    ids.forEach((id, slot) => this.slotOf.set(id, slot));
    this.alive.fill(0);
    this.alive.fill(1, 0, ids.length);
    for (const len of this.lengths) len.fill(0, ids.length);
    this.dead = 0;
    this.stale = true;
  }

  private ensureCapacity(slots: number): void {
    if (slots <= this.alive.length) return;
    let size = this.alive.length;
    while (size < slots) size *= 2;
    const alive = new Uint8Array(size);
    alive.set(this.alive);
    this.alive = alive;
    this.lengths = this.lengths.map((old) => {
      const grown = new Float32Array(size);
      grown.set(old);
      return grown;
    });
    this.scores = new Float32Array(size);
  }
}

const FieldParamsSchema = z.object({ weight: z.number(), b: z.number() });
const LexicalMeta = z.object({
  format: z.literal(FORMAT),
  options: z.object({
    k1: z.number(),
    maxDocumentShare: z.number(),
    fields: z.object({ title: FieldParamsSchema, text: FieldParamsSchema, phrasings: FieldParamsSchema }),
    channels: z.object({ bigrams: z.boolean(), exact: z.boolean(), folded: z.boolean() }),
  }),
  ids: z.array(z.string()),
  lengths: z.array(z.array(z.number())).length(FIELD_COUNT),
  terms: z.array(z.string()),
  postings: z.number().int().nonnegative(),
});
type LexicalMeta = z.infer<typeof LexicalMeta>;

function idf(n: number, df: number): number {
  return Math.log(1 + Math.max(0, n - df + 0.5) / (df + 0.5));
}

function fieldArrays(size: number): Float32Array[] {
  return Array.from({ length: FIELD_COUNT }, () => new Float32Array(size));
}

function bytes(a: Int32Array | Uint32Array): Buffer {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}

/** Reads typed arrays in sequence from a file buffer, copying so each is 4-byte aligned. */
function copyOut(buf: Buffer) {
  let at = 0;
  const take = (count: number) => {
    const slice = new Uint8Array(count * 4);
    slice.set(buf.subarray(at, at + count * 4));
    at += count * 4;
    return slice.buffer;
  };
  return {
    int32: (count: number) => new Int32Array(take(count)),
    uint32: (count: number) => new Uint32Array(take(count)),
  };
}
