// Immutable inverted-list storage for the lexical index: one compressed-row block of postings per
// batch of chunks (term → doc slots + packed per-field term frequencies). Batches are cheap to
// add; the index merges them (dropping deleted slots) so queries only walk a few blocks.

import { TermVocabulary, type FieldTermIds } from "./lexical-vocabulary.ts";
import type { TermChannels } from "./lexical-terms.ts";

/** Term frequency per field is packed into one 32-bit word: 10 bits for each of 3 fields. */
export const FIELD_COUNT = 3;
const TF_BITS = 10;
const TF_MAX = (1 << TF_BITS) - 1;

export function unpackTf(packed: number, field: number): number {
  return (packed >>> (TF_BITS * field)) & TF_MAX;
}

export interface Segment {
  readonly terms: Map<string, number>;
  /** Postings of term i are docs/tfs[offsets[i] .. offsets[i+1]), doc slots ascending. */
  readonly offsets: Int32Array;
  readonly docs: Int32Array;
  readonly tfs: Uint32Array;
  /** Saturated, length-normalised frequency of each posting, so a query only multiplies and adds. */
  readonly impacts: Float32Array;
  /** Which length statistics `impacts` were computed with (-1: not yet). */
  impactVersion: number;
}

export function makeSegment(terms: Map<string, number>, offsets: Int32Array, docs: Int32Array, tfs: Uint32Array): Segment {
  return { terms, offsets, docs, tfs, impacts: new Float32Array(docs.length), impactVersion: -1 };
}

/**
 * Collects postings as (term, slot, tf) triples in growable typed arrays, then counting-sorts
 * them by term into one compressed block: a few bytes per posting instead of a JS array per term.
 * Terms arrive as numbers from the segment's vocabulary, and a doc's frequencies are counted in
 * per-term scratch arrays rather than a Map per doc: building is most of a first start's indexing.
 */
export class SegmentBuilder {
  /** Spells the fields of the docs added into this segment's term ids. */
  readonly vocabulary: TermVocabulary;
  private termOf = new Int32Array(1024);
  private slotOf = new Int32Array(1024);
  private tfOf = new Uint32Array(1024);
  private postings = 0;
  /** Per term: its packed frequencies in the doc being added, and the slot they belong to. */
  private packedOf = new Uint32Array(1024);
  private countedFor = new Int32Array(1024).fill(-1);
  private readonly docTerms: number[] = [];

  constructor(channels: TermChannels) {
    this.vocabulary = new TermVocabulary(channels);
  }

  /** Adds one doc's fields (from `vocabulary`); slots must be added in ascending order. */
  add(slot: number, fields: readonly FieldTermIds[]): void {
    const seen = this.docTerms;
    seen.length = 0;
    if (this.vocabulary.terms.size > this.packedOf.length) this.growScratch(this.vocabulary.terms.size);
    fields.forEach(({ ids }, field) => {
      const unit = 2 ** (TF_BITS * field);
      for (const id of ids) {
        if (this.countedFor[id] !== slot) {
          this.countedFor[id] = slot;
          this.packedOf[id] = 0;
          seen.push(id);
        }
        const packed = this.packedOf[id]!;
        if (unpackTf(packed, field) < TF_MAX) this.packedOf[id] = packed + unit;
      }
    });
    // In order of first occurrence, as the postings of one doc always were.
    for (const id of seen) this.addPosting(id, slot, this.packedOf[id]!);
  }

  private growScratch(terms: number): void {
    let size = this.packedOf.length;
    while (size < terms) size *= 2;
    const packedOf = new Uint32Array(size);
    packedOf.set(this.packedOf);
    this.packedOf = packedOf;
    const countedFor = new Int32Array(size).fill(-1);
    countedFor.set(this.countedFor);
    this.countedFor = countedFor;
  }

  private addPosting(id: number, slot: number, packed: number): void {
    if (this.postings === this.termOf.length) this.grow();
    this.termOf[this.postings] = id;
    this.slotOf[this.postings] = slot;
    this.tfOf[this.postings] = packed;
    this.postings++;
  }

  private grow(): void {
    const size = this.termOf.length * 2;
    const termOf = new Int32Array(size);
    termOf.set(this.termOf);
    const slotOf = new Int32Array(size);
    slotOf.set(this.slotOf);
    const tfOf = new Uint32Array(size);
    tfOf.set(this.tfOf);
    this.termOf = termOf;
    this.slotOf = slotOf;
    this.tfOf = tfOf;
  }

  build(): Segment {
    const n = this.postings;
    const terms = this.vocabulary.terms;
    const offsets = new Int32Array(terms.size + 1);
    for (let i = 0; i < n; i++) offsets[(this.termOf[i] ?? 0) + 1]!++;
    for (let t = 1; t < offsets.length; t++) offsets[t]! += offsets[t - 1] ?? 0;
    const cursor = offsets.slice(0, -1);
    const docs = new Int32Array(n);
    const tfs = new Uint32Array(n);
    for (let i = 0; i < n; i++) {
      const at = cursor[this.termOf[i] ?? 0]!++;
      docs[at] = this.slotOf[i] ?? 0;
      tfs[at] = this.tfOf[i] ?? 0;
    }
    return makeSegment(terms, offsets, docs, tfs);
  }
}

/**
 * One segment holding the live postings of the given segments (in slot order), each slot
 * mapped through `slotMap` (-1 drops the posting). Sized exactly in a counting pass, so a merge
 * needs no more memory than its result.
 */
export function mergeSegments(segments: readonly Segment[], slotMap: (slot: number) => number): Segment {
  const terms = new Map<string, number>();
  const counts: number[] = [];
  for (const seg of segments) {
    for (const [term, id] of seg.terms) {
      let merged = terms.get(term);
      if (merged === undefined) {
        terms.set(term, (merged = terms.size));
        counts.push(0);
      }
      for (let i = seg.offsets[id]!, end = seg.offsets[id + 1]!; i < end; i++) {
        if (slotMap(seg.docs[i]!) >= 0) counts[merged]!++;
      }
    }
  }
  const offsets = new Int32Array(terms.size + 1);
  counts.forEach((n, t) => (offsets[t + 1] = offsets[t]! + n));
  const cursor = offsets.slice(0, -1);
  const docs = new Int32Array(offsets[terms.size]!);
  const tfs = new Uint32Array(docs.length);
  for (const seg of segments) {
    for (const [term, id] of seg.terms) {
      const merged = terms.get(term)!;
      for (let i = seg.offsets[id]!, end = seg.offsets[id + 1]!; i < end; i++) {
        const slot = slotMap(seg.docs[i]!);
        if (slot < 0) continue;
        const at = cursor[merged]!++;
        docs[at] = slot;
        tfs[at] = seg.tfs[i]!;
      }
    }
  }
  return makeSegment(terms, offsets, docs, tfs);
}
