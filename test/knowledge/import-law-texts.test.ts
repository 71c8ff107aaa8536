// kb import: a law's articles from a corpus file become a knowledge document that the law chunker
// cites article by article, with the front matter its manifest gives; a manifest that marks a law
// replaced without naming the replacement is refused.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { chunkDocument } from "../../src/knowledge/chunk/chunk-document.ts";
import { lawDocument, readLawManifest, type LawImport } from "../../src/knowledge/admin/import-law-texts.ts";
import { parseDocument } from "../../src/knowledge/parse/parse-document.ts";
import { tempDir } from "../support/env.ts";

const corpus = [
  { id: "Luật Thử#2", title: "Luật Thử, Điều 2. Tuổi", text: "Tuổi\n\n1. Người từ đủ 16 tuổi được tham gia.\n\n2. Người dưới 16 tuổi cần cha mẹ đồng ý.", law_id: "Luật Thử", article_id: "2" },
  { id: "Luật Thử#1", title: "Luật Thử, Điều 1. Phạm vi điều chỉnh", text: "Phạm vi điều chỉnh\n\nLuật này quy định việc thử.", law_id: "Luật Thử", article_id: "1" },
  { id: "Luật Khác#1", title: "Luật Khác, Điều 1. Khác", text: "Khác\n\nKhông lấy.", law_id: "Luật Khác", article_id: "1" },
];

const law: LawImport = {
  law_id: "Luật Thử",
  file: "luat/luat-thu.md",
  title: "Luật Thử (toàn văn)",
  short_title: "Luật Thử 2020",
  number: "1/2020/QH14",
  issuer: "Quốc hội",
  issued: "2020-01-01",
  effective: "2021-01-01",
  status: "replaced",
  replaced_by: "2/2025/QH15",
  source: "vbpl.vn",
  reviewed: "2026-12-06",
  topics: ["phap-luat"],
  note: "Toàn văn Luật Thử, đã được thay thế từ ngày 1/1/2026.",
};

describe("kb import", () => {
  it("writes the articles in order under their headings, with the manifest's front matter", async () => {
    const text = lawDocument(law, corpus);
    expect(text).toMatch(/^### Điều 1\. Phạm vi điều chỉnh\nLuật này quy định việc thử\.\n\n### Điều 2\. Tuổi\n1\. Người từ đủ 16 tuổi/m);
    expect(text).not.toContain("Không lấy");
    const doc = await parseDocument({ fileName: "luat-thu.md", bytes: new TextEncoder().encode(text) });
    expect(doc.meta).toMatchObject({ kind: "law", number: "1/2020/QH14", status: "replaced", replaced_by: "2/2025/QH15", effective: "2021-01-01", reviewed: "2026-12-06" });
    const citations = chunkDocument(doc).map((c) => c.citation);
    expect(citations).toContain("Điều 1 – Luật Thử 2020");
    expect(citations.some((c) => c.startsWith("Điều 2"))).toBe(true);
  });

  it("refuses a law missing from the corpus, and a replaced law without its replacement", async () => {
    expect(() => lawDocument({ ...law, law_id: "Không có" }, corpus)).toThrow(/no articles with law_id "Không có"/);
    const dir = tempDir("ya-import-");
    try {
      const file = path.join(dir.path, "laws.yaml");
      writeFileSync(file, `laws:\n  - ${JSON.stringify({ ...law, replaced_by: undefined })}\n`);
      await expect(readLawManifest(file)).rejects.toThrow(/replaced_by: luat\/luat-thu\.md: a replaced law must name what replaced it/);
    } finally {
      dir.remove();
    }
  });
});
