// BM25F inverted index over chunk fields (title/citation, text, FAQ phrasings), accent-aware
// through the channels of lexical-terms.ts. Owns chunk slots, incremental add/remove (new
// segments, tombstones, merging) and query-time scoring; query construction lives with the caller.
// Chunks added between two searches go into one segment: a first start that adds every document
// one by one builds one block and merges nothing.

import { readSnapshot, writeSnapshot } from "./lexical-index-file.ts";
import { ALL_CHANNELS, type TermChannels } from "./lexical-terms.ts";
import type { FieldTermIds, TermVocabulary } from "./lexical-vocabulary.ts";
import { computeImpacts, fieldAverages, fieldNorms, idf, type FieldParams } from "./bm25f.ts";
import { FIELD_COUNT, SegmentBuilder, makeSegment, mergeSegments, type Segment } from "./lexical-segment.ts";
import { TopK } from "./top-k.ts";

export interface LexicalChunk {
  id: string;
  /** Title and citation, e.g. "Luật Thanh niên 2020, Điều 1. Thanh niên". */
  title: string;
  text: string;
  /** Alternative phrasings of what the chunk answers (FAQ questions). */
  phrasings?: readonly string[];
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

/** Below this many chunks a high share is noise (3 of 10 chunks), not evidence of a stopword. */
const COMMON_MIN_DF = 50;

export class LexicalIndex {
  readonly options: LexicalOptions;
  private ids: string[] = [];
  private readonly slotOf = new Map<string, number>();
  private alive = new Uint8Array(64);
  private lengths: Float32Array[] = fieldArrays(64);
  private segments: Segment[] = [];
  /** Chunks added since the last search, not yet a segment; titles analysed for them. */
  private pending: { builder: SegmentBuilder; titles: Map<string, FieldTermIds> } | undefined;
  private dead = 0;
  private stale = false;
  /** Average field lengths the impacts use; refreshed when the real averages drift by over 1%. */
  private averages: number[] = new Array<number>(FIELD_COUNT).fill(0);
  private impactVersion = 0;
  /** Per-slot score accumulator and the slots it touched, reused by every query. */
  private scores = new Float32Array(64);
  private touched = new Int32Array(64);

  constructor(options: Partial<LexicalOptions> = {}) {
    this.options = { ...DEFAULT_LEXICAL_OPTIONS, ...options };
  }

  get size(): number {
    return this.ids.length - this.dead;
  }

  /** Indexes chunks; a chunk whose id is already present replaces the old one. */
  add(chunks: readonly LexicalChunk[]): void {
    if (chunks.length === 0) return;
    this.remove(chunks.map((c) => c.id));
    // Passages of one chunk share its title: each distinct title is analysed once per segment.
    const { builder, titles } = (this.pending ??= { builder: new SegmentBuilder(this.options.channels), titles: new Map() });
    for (const chunk of chunks) {
      const slot = this.ids.length;
      this.ensureCapacity(slot + 1);
      this.ids.push(chunk.id);
      this.slotOf.set(chunk.id, slot);
      this.alive[slot] = 1;
      const fields = fieldTerms(chunk, builder.vocabulary, titles);
      fields.forEach((field, f) => (this.lengths[f]![slot] = field.syllables));
      builder.add(slot, fields);
    }
    this.stale = true;
  }

  /** Turns the chunks added since the last search into a segment, merged into the tail unless asked not to. */
  private flush(merge = true): void {
    if (!this.pending) return;
    this.segments.push(this.pending.builder.build());
    this.pending = undefined;
    if (merge) this.mergeTail();
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
   * Keeps segment sizes roughly geometric, so there are O(log n) segments to walk and each
   * posting is copied O(log n) times however the chunks arrive (one big batch or many upserts).
   */
  private mergeTail(): void {
    const alive = (slot: number) => (this.alive[slot] ? slot : -1);
    while (this.segments.length > 1) {
      const last = this.segments.at(-1)!;
      const previous = this.segments.at(-2)!;
      if (last.docs.length * 2 < previous.docs.length) return;
      this.segments.splice(-2, 2, mergeSegments([previous, last], alive));
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
    const { scores, alive, touched } = this;
    let count = 0;
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
          const gain = w * impacts[i]!;
          // Positive gains keep a touched score above 0, so 0 means "not yet touched".
          if (gain <= 0 || alive[d] === 0) continue;
          if (scores[d] === 0) touched[count++] = d;
          scores[d]! += gain;
        }
      }
    }
    const top = new TopK(k);
    for (let i = 0; i < count; i++) {
      const d = touched[i]!;
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
    const seg = this.segments[0] ?? new SegmentBuilder(this.options.channels).build();
    await writeSnapshot(dir, {
      options: this.options,
      ids: this.ids,
      lengths: this.lengths.map((l) => Array.from(l.subarray(0, this.ids.length))),
      terms: [...seg.terms.keys()],
      offsets: seg.offsets,
      docs: seg.docs,
      tfs: seg.tfs,
    });
  }

  /**
   * The index saved in dir, or null when there is none or it must be rebuilt (another format, or
   * other term channels than `options` asks for). Scoring options apply without a rebuild.
   */
  static async load(dir: string, options: Partial<LexicalOptions> = {}): Promise<LexicalIndex | null> {
    const snapshot = await readSnapshot(dir);
    if (!snapshot) return null;
    const wanted = options.channels ?? DEFAULT_LEXICAL_OPTIONS.channels;
    const saved = snapshot.options.channels;
    if (wanted.bigrams !== saved.bigrams || wanted.exact !== saved.exact || wanted.folded !== saved.folded) return null;
    const index = new LexicalIndex({ ...snapshot.options, ...options });
    index.ensureCapacity(snapshot.ids.length);
    index.ids = snapshot.ids;
    snapshot.ids.forEach((id, slot) => index.slotOf.set(id, slot));
    index.alive.fill(1, 0, snapshot.ids.length);
    snapshot.lengths.forEach((l, f) => index.lengths[f]!.set(l));
    const terms = new Map(snapshot.terms.map((t, i) => [t, i]));
    index.segments = [makeSegment(terms, snapshot.offsets, snapshot.docs, snapshot.tfs)];
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
    this.flush();
    let df = 0;
    for (const seg of this.segments) {
      const id = seg.terms.get(term);
      if (id !== undefined) df += seg.offsets[id + 1]! - seg.offsets[id]!;
    }
    return df;
  }

  /** Merges segments when deletions or batches pile up, then brings posting impacts up to date. */
  private refresh(): void {
    this.flush();
    if (!this.stale) return;
    if (this.dead * 10 > this.ids.length) this.compact();
    const n = this.ids.length;
    const averages = fieldAverages(this.lengths, this.alive, n);
    if (averages.some((avg, f) => Math.abs(avg - this.averages[f]!) > 0.01 * this.averages[f]!)) {
      this.averages = averages;
      this.impactVersion++;
    }
    const { fields, k1 } = this.options;
    const norms = fieldNorms([fields.title, fields.text, fields.phrasings], this.lengths, this.averages, n);
    for (const seg of this.segments) {
      if (seg.impactVersion !== this.impactVersion) computeImpacts(seg, norms, k1, this.impactVersion);
    }
    this.stale = false;
  }

  /** Drops deleted slots and merges every segment into one. */
  private compact(): void {
    this.flush(false);
    // Already one block without deleted chunks (a first build): nothing to renumber or copy.
    if (this.dead === 0 && this.segments.length <= 1) return;
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
    this.touched = new Int32Array(size);
  }
}

/** The chunk's title, text and phrasings as term ids, in FIELD order. */
function fieldTerms(chunk: LexicalChunk, vocabulary: TermVocabulary, titles: Map<string, FieldTermIds>): FieldTermIds[] {
  // Phrasings are analysed one by one so no bigram spans two questions.
  const phrasings = (chunk.phrasings ?? []).map((p) => vocabulary.field(p));
  let title = titles.get(chunk.title);
  if (!title) titles.set(chunk.title, (title = vocabulary.field(chunk.title)));
  return [
    title,
    vocabulary.field(chunk.text),
    { ids: phrasings.flatMap((p) => p.ids), syllables: phrasings.reduce((n, p) => n + p.syllables, 0) },
  ];
}

function fieldArrays(size: number): Float32Array[] {
  return Array.from({ length: FIELD_COUNT }, () => new Float32Array(size));
}
