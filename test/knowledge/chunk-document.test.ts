// chunkDocument on the knowledge team's formats: Vietnamese legal structure (per Điều, split per
// Khoản and Điểm when long, from Markdown and from plain text alike), FAQ entries with their
// phrasings, and size-bounded guide sections that never cut a sentence.

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { chunkDocument, citationTitle } from "../../src/knowledge/chunk/chunk-document.ts";
import { DocumentMeta, type ChunkDraft, type ParsedDocument } from "../../src/knowledge/document.ts";
import { parseDocument } from "../../src/knowledge/parse/parse-document.ts";

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../fixtures/documents/${name}`, import.meta.url)));
const parseFixture = (name: string) => parseDocument({ fileName: name, bytes: fixture(name) });
const doc = (body: string, meta: Partial<DocumentMeta> = {}): ParsedDocument => ({
  meta: DocumentMeta.parse({ title: "Tài liệu thử", ...meta }),
  body,
});

const CH1 = "Chương I. Những quy định chung";
const CH2 = "Chương II. Quyền và nghĩa vụ của thanh niên";
const CH3 = "Chương III. Chính sách của Nhà nước đối với thanh niên";
const D3 = "Điều 3. Giải thích từ ngữ";
const D17 = "Điều 17. Chính sách về học tập, nghiên cứu khoa học";

const LAW_CHUNKS: [citation: string, heading: string][] = [
  ["Luật Thanh niên 2020", ""],
  ["Điều 1 – Luật Thanh niên 2020", `${CH1} › Điều 1. Phạm vi điều chỉnh`],
  ["Điều 2 – Luật Thanh niên 2020", `${CH1} › Điều 2. Thanh niên`],
  ["Điều 3, Khoản 1 – Luật Thanh niên 2020", `${CH1} › ${D3}`],
  ["Điều 3, Khoản 2 – Luật Thanh niên 2020", `${CH1} › ${D3}`],
  ["Điều 3, Khoản 3 – Luật Thanh niên 2020", `${CH1} › ${D3}`],
  ["Điều 3, Khoản 4 – Luật Thanh niên 2020", `${CH1} › ${D3}`],
  ["Điều 4 – Luật Thanh niên 2020", `${CH2} › Mục 1. Quyền của thanh niên › Điều 4. Trong học tập và nghiên cứu khoa học`],
  ["Điều 5 – Luật Thanh niên 2020", `${CH2} › Mục 2. Nghĩa vụ của thanh niên › Điều 5. Trong lao động`],
  ["Điều 17, Khoản 1 – Luật Thanh niên 2020", `${CH3} › ${D17}`],
  ["Điều 17, Khoản 2, Điểm a – Luật Thanh niên 2020", `${CH3} › ${D17}`],
  ["Điều 17, Khoản 2, Điểm b – Luật Thanh niên 2020", `${CH3} › ${D17}`],
  ["Điều 17, Khoản 2, Điểm c – Luật Thanh niên 2020", `${CH3} › ${D17}`],
  ["Điều 17, Khoản 2, Điểm d – Luật Thanh niên 2020", `${CH3} › ${D17}`],
  ["Điều 17, Khoản 2, Điểm đ – Luật Thanh niên 2020", `${CH3} › ${D17}`],
  ["Điều 17, Khoản 3 – Luật Thanh niên 2020", `${CH3} › ${D17}`],
];

function expectOrdinals(chunks: ChunkDraft[]) {
  expect(chunks.map((c) => c.ordinal)).toEqual(chunks.map((_, i) => i));
  for (const c of chunks) {
    expect(c.text).toBe(c.text.trim());
    expect(c.text).toBe(c.text.normalize("NFC"));
    expect(c.text.length).toBeGreaterThan(0);
  }
}

describe("chunkDocument: law", () => {
  it("makes one passage per short Điều and splits a long one per Khoản, a huge Khoản per Điểm", async () => {
    const chunks = chunkDocument(await parseFixture("luat-thanh-nien.md"));
    expectOrdinals(chunks);
    expect(chunks.map((c) => [c.citation, c.heading])).toEqual(LAW_CHUNKS);
    expect(chunks.every((c) => c.phrasings.length === 0)).toBe(true);

    expect(chunks[0]?.text).toBe("Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;\n\nQuốc hội ban hành Luật Thanh niên.");
    expect(chunks[2]?.text).toBe("Điều 2. Thanh niên\nThanh niên là công dân Việt Nam từ đủ 16 tuổi đến 30 tuổi.");
    expect(chunks[7]?.text).toBe(
      "Điều 4. Trong học tập và nghiên cứu khoa học\n" +
        "1. Học tập nâng cao trình độ chính trị, văn hóa, chuyên môn, nghiệp vụ, kỹ năng.\n" +
        "2. Nghiên cứu khoa học, ứng dụng tiến bộ khoa học, công nghệ vào sản xuất và đời sống.",
    );
    // Per khoản: the article heading, its short lead-in, then that khoản only.
    const khoan2 = chunks[4]?.text ?? "";
    expect(khoan2.split("\n")).toEqual([
      D3,
      "Trong Luật này, các từ ngữ dưới đây được hiểu như sau:",
      expect.stringMatching(/^2\. Thanh niên tình nguyện là /),
    ]);
    // Per điểm: the article heading, the khoản's lead-in, then that điểm.
    expect(chunks[14]?.text.split("\n")).toEqual([
      D17,
      "2. Nhà nước có chính sách hỗ trợ thanh niên trong học tập và nghiên cứu khoa học như sau:",
      expect.stringMatching(/^đ\) Hỗ trợ thanh niên ở vùng có điều kiện/),
    ]);
    expect(chunks[15]?.text).toMatch(new RegExp(`^${D17}\\n3\\. Cơ sở giáo dục`));
    for (const c of chunks.slice(1)) {
      expect(c.text.startsWith(c.heading.split(" › ").at(-1) ?? "?")).toBe(true);
      expect(c.text.length).toBeLessThanOrEqual(900);
    }
  });

  it("reads the same law from plain text (no Markdown) with the same articles and citations", async () => {
    const fromMarkdown = chunkDocument(await parseFixture("luat-thanh-nien.md"));
    const parsed = await parseFixture("luat-thanh-nien.txt");
    expect(parsed.meta.kind).toBe("law");
    expect(citationTitle(parsed.meta)).toBe("Luật Thanh niên");
    const fromText = chunkDocument(parsed);
    expectOrdinals(fromText);

    const articles = (chunks: ChunkDraft[], title: string) =>
      chunks
        .filter((c) => c.citation.startsWith("Điều"))
        .map((c) => ({ citation: c.citation.replace(` – ${title}`, ""), heading: c.heading, text: c.text }));
    expect(articles(fromText, "Luật Thanh niên")).toEqual(articles(fromMarkdown, "Luật Thanh niên 2020"));
    expect(articles(fromText, "Luật Thanh niên")).toHaveLength(15);
    // The header block is metadata, and the closing formula stays out of the last article.
    expect(fromText[0]?.text).toBe("Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;\n\nQuốc hội ban hành Luật Thanh niên.");
    expect(fromText.at(-1)).toMatchObject({ citation: "Luật Thanh niên", heading: "" });
    expect(fromText.at(-1)?.text).toMatch(/^Luật này được Quốc hội .* thông qua ngày 16 tháng 6 năm 2020\./);
  });

  it("follows structure extracted from a PDF: titles on the next line, Điểm directly under an Điều", async () => {
    const body = [
      "PHẦN THỨ NHẤT",
      "QUY ĐỊNH CHUNG",
      "Chương II",
      "QUYỀN VÀ NGHĨA VỤ CỦA",
      "THANH NIÊN",
      "Điều 9. Quyền của thanh niên",
      "Thanh niên có các quyền sau đây:",
      `a) ${"Được học tập, rèn luyện và phát triển toàn diện. ".repeat(5).trim()}`,
      `b) ${"Được tham gia quản lý nhà nước và xã hội theo quy định. ".repeat(5).trim()}`,
      "theo quy định tại Điều 5. Người sử dụng lao động phải bảo đảm điều này.",
      `c) ${"Được bảo vệ quyền và lợi ích hợp pháp khi tham gia lao động. ".repeat(5).trim()}`,
      "Điều 4. Một dòng trích dẫn không phải điều mới",
    ].join("\n");
    const chunks = chunkDocument(doc(body, { kind: "law", short_title: "Luật X" }));
    expect(chunks.map((c) => c.citation)).toEqual(["Điều 9, Điểm a – Luật X", "Điều 9, Điểm b – Luật X", "Điều 9, Điểm c – Luật X"]);
    expect(chunks[0]?.heading).toBe(
      "Phần thứ nhất. Quy định chung › Chương II. Quyền và nghĩa vụ của thanh niên › Điều 9. Quyền của thanh niên",
    );
    expect(chunks[1]?.text).toMatch(/^Điều 9\. Quyền của thanh niên\nThanh niên có các quyền sau đây:\nb\) /);
    expect(chunks[1]?.text).toContain("\ntheo quy định tại Điều 5. Người sử dụng");
    expect(chunks[2]?.text).toMatch(/\nĐiều 4\. Một dòng trích dẫn không phải điều mới$/);
  });

  it("splits a long Điều without Khoản between sentences, repeating its heading", () => {
    const sentence = (i: number) => `Câu thứ ${i} nói về quyền được học tập của thanh niên tại TP. Hồ Chí Minh và các tỉnh.`;
    const paragraph = Array.from({ length: 24 }, (_, i) => sentence(i + 1)).join(" ");
    const chunks = chunkDocument(doc(`### Điều 7. Học tập\n\n${paragraph}`, { kind: "law" }));
    expect(chunks).toHaveLength(3); // 24 sentences of ~90 characters, at most 900 per chunk
    const bodies: string[] = [];
    for (const c of chunks) {
      expect(c.citation).toBe("Điều 7 – Tài liệu thử");
      expect(c.text.startsWith("Điều 7. Học tập\nCâu thứ ")).toBe(true);
      expect(c.text.length).toBeLessThanOrEqual(900);
      bodies.push(c.text.slice("Điều 7. Học tập\n".length));
    }
    expect(bodies.join(" ")).toBe(paragraph);
  });
});

describe("chunkDocument: FAQ", () => {
  it("makes one passage per entry, with the question and its alternatives as phrasings", async () => {
    const chunks = chunkDocument(await parseFixture("hoi-dap-viec-lam.md"));
    expectOrdinals(chunks);
    const entries = chunks.filter((c) => c.citation.endsWith("” – Hỏi đáp việc làm"));
    expect(entries).toHaveLength(3);
    expect(entries[0]!.citation).toBe("“Thanh niên mới ra trường có được vay vốn để tự tạo việc làm không?” – Hỏi đáp việc làm");
    expect(entries.map((c) => c.phrasings)).toEqual([
      [
        "Thanh niên mới ra trường có được vay vốn để tự tạo việc làm không?",
        "Sinh viên mới tốt nghiệp vay vốn khởi nghiệp ở đâu?",
        "vay von tao viec lam cho thanh nien",
      ],
      ["Tôi 17 tuổi, có được ký hợp đồng lao động không?", "Chưa đủ 18 tuổi có đi làm thêm được không?"],
      ["Trung tâm Dịch vụ việc làm có thu phí tư vấn không?"],
    ]);
    expect(entries.map((c) => c.heading)).toEqual(entries.map((c) => c.phrasings[0]));
    expect(entries[0]?.text).toBe(
      "Có. Thanh niên từ đủ 16 tuổi đến 30 tuổi có nhu cầu tự tạo việc làm có thể vay vốn ưu đãi từ Quỹ quốc gia về việc làm qua Ngân hàng Chính sách xã hội.\n\n" +
        "Hồ sơ gồm giấy đề nghị vay vốn có xác nhận của Ủy ban nhân dân cấp xã nơi cư trú và phương án sử dụng vốn.",
    );
    expect(entries[1]?.text).toMatch(/^Được\. Người từ đủ 15 tuổi[^]*\nNgười sử dụng lao động không được giao/);
    expect(entries.some((c) => /Đáp:|Cách hỏi khác/.test(c.text))).toBe(false);
    // The introduction before the first question is kept as ordinary text.
    expect(chunks[0]).toMatchObject({ citation: "Hỏi đáp việc làm", heading: "", phrasings: [] });
  });

  it("reads plain-text Q&A without labels for the answer or Markdown", () => {
    const body = "Hỏi: Đoàn phí\nđóng bao nhiêu?\nĐáp: Theo quy định của Trung ương Đoàn.\n\nHỏi: Ai được kết nạp?\nThanh niên từ 16 đến 30 tuổi.";
    const chunks = chunkDocument(doc(body, { kind: "faq" }));
    expect(chunks.map((c) => [c.heading, c.text])).toEqual([
      ["Đoàn phí đóng bao nhiêu?", "Theo quy định của Trung ương Đoàn."],
      ["Ai được kết nạp?", "Thanh niên từ 16 đến 30 tuổi."],
    ]);
  });
});

describe("chunkDocument: guide", () => {
  it("chunks by heading within 300–900 characters and never cuts a sentence", async () => {
    const parsed = await parseFixture("huong-dan-tam-tru.md");
    const chunks = chunkDocument(parsed);
    expectOrdinals(chunks);
    expect(chunks.map((c) => [c.citation, c.heading])).toEqual([
      ["Hướng dẫn tạm trú", ""],
      ["Chuẩn bị hồ sơ – Hướng dẫn tạm trú", "Chuẩn bị hồ sơ"],
      ["Chuẩn bị hồ sơ – Hướng dẫn tạm trú", "Chuẩn bị hồ sơ"],
      ["Nộp trực tuyến – Hướng dẫn tạm trú", "Nộp hồ sơ › Nộp trực tuyến"],
      ["Nộp trực tiếp – Hướng dẫn tạm trú", "Nộp hồ sơ › Nộp trực tiếp"],
      ["Sau khi đăng ký – Hướng dẫn tạm trú", "Sau khi đăng ký"],
    ]);
    for (const c of chunks) {
      expect(c.text.length).toBeGreaterThanOrEqual(300);
      expect(c.text.length).toBeLessThanOrEqual(900);
      expect(c.text).toMatch(/^\p{Lu}/u);
      expect(c.text).toMatch(/[.!?]$/);
    }
    const sentences = parsed.body
      .split("\n")
      .filter((line) => line && !line.startsWith("#"))
      .flatMap((line) => line.split(/(?<=[.!?])\s+/));
    for (const s of sentences) expect(chunks.some((c) => c.text.includes(s))).toBe(true);
  });

  it("splits an over-long paragraph between sentences, not after abbreviations or article numbers", () => {
    const sentences = Array.from(
      { length: 30 },
      (_, i) => `Bước ${i + 1}: bạn liên hệ Thành đoàn TP. Hồ Chí Minh theo Điều 5. Luật Thanh niên để được hỗ trợ.`,
    );
    const chunks = chunkDocument(doc(`## Hỗ trợ\n\n${sentences.join(" ")}`, { short_title: "Sổ tay" }));
    expect(chunks).toHaveLength(4); // 30 steps of ~100 characters, at most 900 per chunk
    for (const c of chunks) {
      expect(c.citation).toBe("Hỗ trợ – Sổ tay");
      expect(c.text).toMatch(/^Bước \d+: .*hỗ trợ\.$/s);
      expect(c.text.length).toBeLessThanOrEqual(900);
      expect(c.text.length).toBeGreaterThanOrEqual(300);
    }
    expect(chunks.map((c) => c.text).join(" ")).toBe(sentences.join(" "));
  });

  it("chunks a DOCX guide by its Word headings", async () => {
    const chunks = chunkDocument(await parseFixture("sample.docx"));
    expect(chunks.map((c) => c.citation)).toEqual([
      "Hướng dẫn tham gia Tháng Thanh niên",
      "Đăng ký tham gia – Hướng dẫn tham gia Tháng Thanh niên",
      "Lưu ý – Hướng dẫn tham gia Tháng Thanh niên",
    ]);
  });

  it("drops empty sections and uses short_title, else title, for citations", () => {
    expect(chunkDocument(doc("# A\n\n## B\n\n   \n## C\nNội dung C."))).toEqual([
      { ordinal: 0, citation: "C – Tài liệu thử", heading: "A › C", label: "C", text: "Nội dung C.", phrasings: [] },
    ]);
    expect(citationTitle(DocumentMeta.parse({ title: "Dài", short_title: "Ngắn" }))).toBe("Ngắn");
    expect(citationTitle(DocumentMeta.parse({ title: "Dài" }))).toBe("Dài");
  });
});

describe("chunkDocument: PDF law end to end", () => {
  it("cites the articles of the two-page PDF fixture", async () => {
    const chunks = chunkDocument(await parseFixture("two-pages.pdf"));
    expect(chunks.map((c) => c.citation)).toEqual(["Điều 1 – Luật Thanh niên", "Điều 2 – Luật Thanh niên", "Điều 3 – Luật Thanh niên"]);
    expect(chunks[0]?.heading).toBe("Chương I. Những quy định chung › Điều 1. Phạm vi điều chỉnh");
  });
});
