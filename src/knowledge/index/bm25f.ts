// The BM25F arithmetic of the lexical index: idf, per-field length normalisation and the
// saturated per-posting "impact" x / (k1 + x), precomputed so a query only multiplies and adds.

import { unpackTf, type Segment } from "./lexical-segment.ts";

export interface FieldParams {
  weight: number;
  /** Length normalisation, 0 (none) .. 1 (full). */
  b: number;
}

export function idf(n: number, df: number): number {
  return Math.log(1 + Math.max(0, n - df + 0.5) / (df + 0.5));
}

/** Average length per field over live chunks that have the field, so rare FAQ phrasings are not over-penalised. */
export function fieldAverages(lengths: readonly Float32Array[], alive: Uint8Array, n: number): number[] {
  return lengths.map((len) => {
    let total = 0;
    let present = 0;
    for (let d = 0; d < n; d++) {
      if (alive[d] && len[d]! > 0) {
        total += len[d]!;
        present++;
      }
    }
    return present > 0 ? total / present : 1;
  });
}

/** Per field and chunk: the field's weight over its BM25 length normalisation. */
export function fieldNorms(params: readonly FieldParams[], lengths: readonly Float32Array[], averages: readonly number[], n: number): Float32Array[] {
  return params.map(({ weight, b }, f) => {
    const len = lengths[f]!;
    const avg = averages[f]!;
    const norm = new Float32Array(n);
    for (let d = 0; d < n; d++) norm[d] = weight / (1 - b + (b * len[d]!) / avg);
    return norm;
  });
}

/** Fills the segment's impacts: x = Σ_f tf_f · norm_f, impact = x / (k1 + x). */
export function computeImpacts(seg: Segment, norms: readonly Float32Array[], k1: number, version: number): void {
  const [n0, n1, n2] = norms as [Float32Array, Float32Array, Float32Array];
  const { docs, tfs, impacts } = seg;
  for (let i = 0; i < docs.length; i++) {
    const d = docs[i]!;
    const p = tfs[i]!;
    const x = unpackTf(p, 0) * n0[d]! + unpackTf(p, 1) * n1[d]! + unpackTf(p, 2) * n2[d]!;
    impacts[i] = x / (k1 + x);
  }
  seg.impactVersion = version;
}
