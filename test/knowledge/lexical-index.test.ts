import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { LexicalIndex, type LexicalChunk } from "../../src/knowledge/index/lexical-index.ts";
import { addQueryTerms } from "../../src/knowledge/index/lexical-terms.ts";
import { hasDiacritics, tokenize } from "../../src/knowledge/text.ts";

const chunks: LexicalChunk[] = [
  { id: "ban-hang", title: "Kinh doanh online", text: "Sinh viên bán hàng online có phải đăng ký kinh doanh và nộp thuế không." },
  { id: "ban-be", title: "Kỹ năng sống", text: "Khi bạn bè rủ rê làm việc xấu, hãy từ chối và tìm người tin cậy để chia sẻ." },
  { id: "ban-chap-hanh", title: "Tổ chức Đoàn", text: "Ban chấp hành Đoàn cơ sở do đại hội bầu, nhiệm kỳ hai năm rưỡi." },
  { id: "viec-lam", title: "Việc làm", text: "Trung tâm dịch vụ việc làm giới thiệu việc làm miễn phí cho thanh niên." },
];

function search(index: LexicalIndex, query: string, k = 10) {
  const terms = new Map<string, number>();
  addQueryTerms(terms, { tokens: tokenize(query), weight: 1, accented: hasDiacritics(query) }, index.options.channels, undefined, (t) => index.df(t) > 0);
  return index.search(terms, k).hits;
}

const ids = (index: LexicalIndex, query: string) => search(index, query).map((h) => h.id);

describe("LexicalIndex", () => {
  const index = new LexicalIndex();
  index.add(chunks);

  it("ranks the exact accented word first and does not conflate tone-distinct words", () => {
    expect(ids(index, "bán hàng")[0]).toBe("ban-hang");
    expect(ids(index, "bạn bè")[0]).toBe("ban-be");
    expect(ids(index, "ban chấp hành")[0]).toBe("ban-chap-hanh");
    // "bán" alone: the folded twin may still bring the others, but below the exact match.
    const hits = search(index, "bán");
    expect(hits[0]?.id).toBe("ban-hang");
    expect(hits.slice(1).every((h) => h.score < hits[0]!.score / 2)).toBe(true);
  });

  it("matches a query typed without marks through the folded channel", () => {
    expect(ids(index, "ban hang online")[0]).toBe("ban-hang");
    expect(ids(index, "trung tam dich vu viec lam")[0]).toBe("viec-lam");
  });

  it("backs up a mistyped mark with the folded spelling", () => {
    expect(ids(index, "dịch vụ viếc làm")[0]).toBe("viec-lam");
  });

  it("returns nothing for words it has never seen, and bounds scores", () => {
    const terms = new Map([["xyzzy", 1]]);
    const result = index.search(terms, 5);
    expect(result.hits).toEqual([]);
    expect(result.bound).toBeGreaterThan(0);
    const found = new Map([["việc", 1], ["làm", 1]]);
    const r = index.search(found, 5);
    expect(r.hits[0]!.score).toBeLessThan(r.bound);
  });

  it("replaces a chunk added again under the same id and forgets removed chunks", () => {
    const ix = new LexicalIndex();
    ix.add(chunks);
    ix.add([{ id: "viec-lam", title: "Học nghề", text: "Học nghề miễn học phí cho bộ đội xuất ngũ." }]);
    expect(ids(ix, "trung tâm dịch vụ việc làm")).not.toContain("viec-lam");
    expect(ids(ix, "học nghề")[0]).toBe("viec-lam");
    ix.remove(["ban-hang"]);
    expect(ids(ix, "bán hàng online")).not.toContain("ban-hang");
    expect(ix.size).toBe(3);
  });

  it("scores after many removals exactly like an index built from what is left", () => {
    const many: LexicalChunk[] = Array.from({ length: 60 }, (_, i) => ({
      id: `c${i}`,
      title: `Mục ${i}`,
      text: `${i % 2 ? "thanh niên" : "người lao động"} được hỗ trợ vay vốn ${i % 3 ? "khởi nghiệp" : "học nghề"} lần ${i}`,
    }));
    const incremental = new LexicalIndex();
    for (let i = 0; i < many.length; i += 10) incremental.add(many.slice(i, i + 10));
    incremental.remove(many.slice(0, 45).map((c) => c.id));
    const fresh = new LexicalIndex();
    fresh.add(many.slice(45));
    for (const q of ["thanh niên vay vốn khởi nghiệp", "nguoi lao dong hoc nghe", "lần 50"]) {
      const a = search(incremental, q);
      const b = search(fresh, q);
      expect(a.map((h) => h.id)).toEqual(b.map((h) => h.id));
      a.forEach((h, i) => expect(h.score).toBeCloseTo(b[i]!.score, 4));
    }
  });

  it("scores chunks added one document at a time exactly like one batch, searched in between or not", async () => {
    // A start adds the documents one by one before the first search: they go into one block.
    // Searching in between makes a block per document, merged as they pile up.
    const documents: LexicalChunk[][] = Array.from({ length: 12 }, (_, d) =>
      Array.from({ length: 1 + (d % 4) }, (_, i) => ({
        id: `d${d}-${i}`,
        title: `Văn bản ${d}, Điều ${i + 1}`,
        text: `${d % 2 ? "Thanh niên" : "Người lao động"} được ${i % 2 ? "hỗ trợ vay vốn" : "học nghề miễn phí"}. Mười sáu tuổi; lần ${d * 10 + i}.`,
        ...(i === 0 ? { phrasings: [`văn bản ${d} nói gì`, "vay von hoc nghe"] } : {}),
      })),
    );
    const queries = ["thanh niên vay vốn", "nguoi lao dong hoc nghe mien phi", "16 tuổi", "van ban 7 noi gi", "lần 31"];
    const batch = new LexicalIndex();
    batch.add(documents.flat());
    const quiet = new LexicalIndex();
    for (const chunks of documents) quiet.add(chunks);
    // Before any search, what was added is already counted.
    const all = documents.flat();
    expect(quiet.df("vay vốn")).toBe(all.filter((c) => c.text.includes("vay vốn")).length);
    expect(quiet.df("~vay von")).toBe(all.filter((c) => c.text.includes("vay vốn") || c.phrasings?.includes("vay von hoc nghe")).length);
    const searched = new LexicalIndex();
    for (const chunks of documents) {
      searched.add(chunks);
      search(searched, "vay vốn");
    }
    for (const q of queries) {
      expect(search(quiet, q)).toEqual(search(batch, q));
      expect(search(searched, q)).toEqual(search(batch, q));
    }
    const dir = await mkdtemp(join(tmpdir(), "lexical-"));
    await quiet.save(dir);
    const loaded = (await LexicalIndex.load(dir))!;
    for (const q of queries) expect(search(loaded, q)).toEqual(search(batch, q));
  });

  it("saves and loads to the same results", async () => {
    const dir = await mkdtemp(join(tmpdir(), "lexical-"));
    const ix = new LexicalIndex();
    ix.add(chunks);
    ix.add([{ id: "faq", title: "Hỏi đáp", text: "Đáp án", phrasings: ["đi lính mấy năm", "nghĩa vụ quân sự bao lâu"] }]);
    ix.remove(["ban-be"]);
    await ix.save(dir);
    const loaded = await LexicalIndex.load(dir);
    expect(loaded).toBeInstanceOf(LexicalIndex);
    for (const q of ["bán hàng", "ban chap hanh doan", "đi lính mấy năm", "bạn bè"]) {
      expect(search(loaded!, q)).toEqual(search(ix, q));
    }
    expect(await LexicalIndex.load(join(dir, "missing"))).toBeNull();
  });
});
