import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DenseIndex } from "../../src/knowledge/index/dense-index.ts";
import { HashingEmbeddings } from "../../src/knowledge/index/embedder.ts";

const embeddings = new HashingEmbeddings({ dimensions: 64 });
const texts: Record<string, string> = {
  "thanh-nien": "Thanh niên là công dân Việt Nam từ đủ 16 tuổi đến 30 tuổi.",
  nvqs: "Công dân được gọi nhập ngũ từ đủ 18 tuổi đến hết 25 tuổi.",
  bhtn: "Người lao động đóng bảo hiểm thất nghiệp đủ 12 tháng được hưởng trợ cấp thất nghiệp.",
  "vay-von": "Thanh niên khởi nghiệp được vay vốn ưu đãi từ Quỹ quốc gia về việc làm.",
};

async function build(capacity?: number): Promise<DenseIndex> {
  const index = DenseIndex.create({ dimensions: 64, fingerprint: embeddings.fingerprint, ...(capacity ? { capacity } : {}) });
  const ids = Object.keys(texts);
  const vectors = await embeddings.embedDocuments(ids.map((id) => texts[id]!));
  index.add(ids.map((id, i) => ({ id, vector: vectors[i]! })));
  return index;
}

const top = async (index: DenseIndex, query: string) => index.search(await embeddings.embedQuery(query), 4).map((h) => h.id);

describe("DenseIndex", () => {
  it("finds the nearest chunk by cosine similarity", async () => {
    const index = await build();
    expect((await top(index, "tro cap that nghiep"))[0]).toBe("bhtn");
    expect((await top(index, "tuổi nhập ngũ"))[0]).toBe("nvqs");
    const [hit] = index.search(await embeddings.embedQuery(texts["vay-von"]!), 1);
    expect(hit).toEqual({ id: "vay-von", similarity: expect.closeTo(1, 5) });
  });

  it("removes, replaces and grows past its initial capacity", async () => {
    const index = await build(16);
    index.remove(["bhtn"]);
    expect(await top(index, "tro cap that nghiep")).not.toContain("bhtn");
    index.add([{ id: "nvqs", vector: await embeddings.embedQuery("bảo hiểm thất nghiệp") }]);
    expect((await top(index, "bảo hiểm thất nghiệp"))[0]).toBe("nvqs");
    const extra = await embeddings.embedDocuments(Array.from({ length: 40 }, (_, i) => `mục bổ sung số ${i}`));
    index.add(extra.map((vector, i) => ({ id: `extra-${i}`, vector })));
    expect(index.size).toBe(3 + 40);
    expect(index.search(extra[39]!, 1)[0]?.id).toBe("extra-39");
    expect(() => index.add([{ id: "bad", vector: [1, 2] }])).toThrow(/bad has 2 dimensions, expected 64/);
  });

  it("keeps ids and vectors straight through repeated removes and re-adds, before and after a reload", async () => {
    const vectorOf = async (id: string) => embeddings.embedQuery(`nội dung riêng của mục ${id}`);
    const index = DenseIndex.create({ dimensions: 64, fingerprint: embeddings.fingerprint, capacity: 16 });
    const live = new Set<string>();
    const add = async (...ids: string[]) => {
      index.add(await Promise.all(ids.map(async (id) => ({ id, vector: await vectorOf(id) }))));
      ids.forEach((id) => live.add(id));
    };
    const remove = (...ids: string[]) => {
      index.remove(ids);
      ids.forEach((id) => live.delete(id));
    };
    const check = async (ix: DenseIndex) => {
      for (const id of live) expect(ix.search(await vectorOf(id), 1)[0]?.id).toBe(id);
      expect(ix.size).toBe(live.size);
    };
    await add("a", "b", "c", "d");
    remove("a", "b");
    await add("e", "f", "a");
    remove("e");
    await add("g", "b", "e");
    await check(index);
    const dir = await mkdtemp(join(tmpdir(), "dense-churn-"));
    await index.save(dir);
    const loaded = await DenseIndex.load(dir, { fingerprint: embeddings.fingerprint });
    if (loaded.status !== "ok") throw new Error(loaded.status);
    remove("c", "g");
    loaded.index.remove(["c", "g"]);
    await add("h");
    loaded.index.add([{ id: "h", vector: await vectorOf("h") }]);
    await check(index);
    await check(loaded.index);
  });

  it("gives exact similarities for chosen chunks", async () => {
    const index = await build();
    const q = await embeddings.embedQuery("thanh niên");
    const exact = index.similarities(q, ["thanh-nien", "missing"]);
    expect(exact).toHaveLength(1);
    expect(exact[0]!.similarity).toBeCloseTo(index.search(q, 4).find((h) => h.id === "thanh-nien")!.similarity, 5);
  });

  it("persists with its fingerprint and refuses another embedder's vectors", async () => {
    const dir = await mkdtemp(join(tmpdir(), "dense-"));
    const index = await build();
    index.remove(["nvqs"]);
    await index.save(dir);
    const loaded = await DenseIndex.load(dir, { fingerprint: embeddings.fingerprint });
    expect(loaded.status).toBe("ok");
    if (loaded.status !== "ok") return;
    expect(loaded.index.size).toBe(3);
    expect(await top(loaded.index, "vay vốn khởi nghiệp")).toEqual(await top(index, "vay vốn khởi nghiệp"));
    expect(await DenseIndex.load(dir, { fingerprint: "openai:http://x:m:1536" })).toEqual({
      status: "mismatch",
      expected: "openai:http://x:m:1536",
      found: embeddings.fingerprint,
    });
    expect(await DenseIndex.load(join(dir, "none"), { fingerprint: embeddings.fingerprint })).toEqual({ status: "missing" });
  });
});
