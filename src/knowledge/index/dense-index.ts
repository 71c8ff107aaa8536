// Approximate nearest-neighbour index over chunk vectors (hnswlib, cosine space): chunk id ↔
// hnswlib label bookkeeping, add/replace/remove, growth, and persistence with the embedder's
// fingerprint so vectors from two different embedders are never mixed.

import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import hnswlib from "hnswlib-node";
import { z } from "zod";

const { HierarchicalNSW } = hnswlib;
type Hnsw = InstanceType<typeof HierarchicalNSW>;

export interface DenseHit {
  id: string;
  /** Cosine similarity, in [-1, 1]. */
  similarity: number;
}

export interface DenseIndexOptions {
  dimensions: number;
  fingerprint: string;
  /** Initial capacity; the index doubles when it fills up. */
  capacity?: number;
}

export type DenseLoadResult =
  | { status: "ok"; index: DenseIndex }
  | { status: "missing" }
  | { status: "mismatch"; expected: string; found: string };

const FILE_GRAPH = "dense.hnsw";
const FILE_META = "dense.json";
const FORMAT = 1;
const M = 16;
const EF_CONSTRUCTION = 100;
const EF_SEARCH = 64;

export class DenseIndex {
  readonly dimensions: number;
  readonly fingerprint: string;
  private readonly labelOf = new Map<string, number>();
  private readonly idOf = new Map<number, string>();
  /** Slots of removed vectors, which hnswlib reuses for the next additions. */
  private deleted = 0;
  private nextLabel = 0;

  private constructor(
    private readonly graph: Hnsw,
    opts: DenseIndexOptions,
  ) {
    this.dimensions = opts.dimensions;
    this.fingerprint = opts.fingerprint;
  }

  static create(opts: DenseIndexOptions): DenseIndex {
    const graph = new HierarchicalNSW("cosine", opts.dimensions);
    graph.initIndex({ maxElements: Math.max(16, opts.capacity ?? 1024), m: M, efConstruction: EF_CONSTRUCTION, randomSeed: 42, allowReplaceDeleted: true });
    graph.setEf(EF_SEARCH);
    return new DenseIndex(graph, opts);
  }

  get size(): number {
    return this.labelOf.size;
  }

  /** Adds vectors; an id already present is replaced. */
  add(items: ReadonlyArray<{ id: string; vector: readonly number[] }>): void {
    for (const { id, vector } of items) {
      if (vector.length !== this.dimensions) {
        throw new Error(`dense index: vector for ${id} has ${vector.length} dimensions, expected ${this.dimensions}`);
      }
      this.remove([id]);
      // Labels are never reused: hnswlib moves a fresh label into any deleted slot, and a reused
      // label could end up pointing at two slots.
      const label = this.nextLabel++;
      if (this.deleted > 0) this.deleted--;
      else if (this.graph.getCurrentCount() >= this.graph.getMaxElements()) this.graph.resizeIndex(this.graph.getMaxElements() * 2);
      this.graph.addPoint(vector as number[], label, true);
      this.labelOf.set(id, label);
      this.idOf.set(label, id);
    }
  }

  remove(ids: Iterable<string>): void {
    for (const id of ids) {
      const label = this.labelOf.get(id);
      if (label === undefined) continue;
      this.graph.markDelete(label);
      this.labelOf.delete(id);
      this.idOf.delete(label);
      this.deleted++;
    }
  }

  search(vector: readonly number[], k: number): DenseHit[] {
    const n = Math.min(k, this.size);
    if (n <= 0) return [];
    const { neighbors, distances } = this.graph.searchKnn(vector as number[], n);
    const hits: DenseHit[] = [];
    neighbors.forEach((label, i) => {
      const id = this.idOf.get(label);
      if (id !== undefined) hits.push({ id, similarity: 1 - (distances[i] ?? 1) });
    });
    return hits;
  }

  /** Exact cosine similarity of the vector to each listed chunk (unknown ids are skipped). */
  similarities(vector: readonly number[], ids: readonly string[]): DenseHit[] {
    let norm = 0;
    for (const v of vector) norm += v * v;
    norm = Math.sqrt(norm) || 1;
    const hits: DenseHit[] = [];
    for (const id of ids) {
      const label = this.labelOf.get(id);
      if (label === undefined) continue;
      // hnswlib stores cosine-space points normalised, so a dot product is the cosine.
      const point = this.graph.getPoint(label);
      let dot = 0;
      for (let i = 0; i < point.length; i++) dot += point[i]! * vector[i]!;
      hits.push({ id, similarity: dot / norm });
    }
    return hits;
  }

  async save(dir: string): Promise<void> {
    await mkdir(dir, { recursive: true });
    const meta: DenseMeta = {
      format: FORMAT,
      fingerprint: this.fingerprint,
      dimensions: this.dimensions,
      labels: [...this.labelOf],
      deleted: this.deleted,
      nextLabel: this.nextLabel,
    };
    const graphFile = join(dir, FILE_GRAPH);
    await this.graph.writeIndex(`${graphFile}.tmp`);
    await rename(`${graphFile}.tmp`, graphFile);
    await writeFile(join(dir, FILE_META), JSON.stringify(meta));
  }

  /**
   * The index saved in dir if it was built by the embedder with this fingerprint. A mismatch is
   * reported rather than loaded: the caller must re-embed everything with its current embedder.
   */
  static async load(dir: string, expected: { fingerprint: string }): Promise<DenseLoadResult> {
    const raw = await readFile(join(dir, FILE_META), "utf8").catch(() => null);
    if (raw === null) return { status: "missing" };
    const meta = DenseMeta.parse(JSON.parse(raw));
    if (meta.fingerprint !== expected.fingerprint) {
      return { status: "mismatch", expected: expected.fingerprint, found: meta.fingerprint };
    }
    const graph = new HierarchicalNSW("cosine", meta.dimensions);
    await graph.readIndex(join(dir, FILE_GRAPH), true);
    graph.setEf(EF_SEARCH);
    const index = new DenseIndex(graph, { dimensions: meta.dimensions, fingerprint: meta.fingerprint });
    for (const [id, label] of meta.labels) {
      index.labelOf.set(id, label);
      index.idOf.set(label, id);
    }
    index.deleted = meta.deleted;
    index.nextLabel = meta.nextLabel;
    return { status: "ok", index };
  }
}

const DenseMeta = z.object({
  format: z.literal(FORMAT),
  fingerprint: z.string(),
  dimensions: z.number().int().positive(),
  labels: z.array(z.tuple([z.string(), z.number().int().nonnegative()])),
  deleted: z.number().int().nonnegative(),
  nextLabel: z.number().int().nonnegative(),
});
type DenseMeta = z.infer<typeof DenseMeta>;
