// parseDocument on real fixtures of every supported format, and on the hostile or broken uploads
// it must refuse with an AppError "document.refused" that says why (type mismatch, size, pages, zip bombs,
// binary data, bad front matter).

import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it, vi } from "vitest";
import { isAppError } from "../../src/errors.ts";
import { parseDocument, SUPPORTED_EXTENSIONS } from "../../src/knowledge/parse/parse-document.ts";
import { buildZip } from "../fixtures/documents/zip-writer.ts";

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../fixtures/documents/${name}`, import.meta.url)));
const utf8 = (text: string) => new TextEncoder().encode(text);

/** The refusal the promise ends with: the file, its reason (for the admin) and its message (for the log). */
async function refusal(promise: Promise<unknown>): Promise<{ fileName: string; reason: string; message: string }> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toMatchObject({ code: "document.refused" });
  if (!isAppError(error, "document.refused")) throw error;
  return { fileName: error.detail.fileName, reason: error.detail.reason, message: error.message };
}

function docxWith(documentXml: { data: Uint8Array | string; declaredSize?: number }) {
  return buildZip([
    { name: "[Content_Types].xml", data: "<Types/>" },
    { name: "word/document.xml", ...documentXml },
  ]);
}

afterEach(() => vi.restoreAllMocks());

describe("parseDocument: Markdown", () => {
  it("reads front matter, turning YAML dates into YYYY-MM-DD and comma strings into lists", async () => {
    const doc = await parseDocument({ fileName: "luat-thanh-nien.md", bytes: fixture("luat-thanh-nien.md") });
    expect(doc.meta).toEqual({
      title: "Luật Thanh niên số 57/2020/QH14",
      short_title: "Luật Thanh niên 2020",
      kind: "law",
      number: "57/2020/QH14",
      issuer: "Quốc hội",
      issued: "2020-06-16",
      effective: "2021-01-01",
      status: "in_force",
      source: "https://vbpl.vn/TW/Pages/vbpq-toanvan.aspx?ItemID=143014",
      topics: ["thanh niên", "chính sách"],
      audience: ["thanh niên", "cán bộ Đoàn"],
      based_on: [],
    });
    expect(doc.body.startsWith("# Luật Thanh niên\n")).toBe(true);
    expect(doc.body).not.toContain("short_title");
  });

  it("falls back to the first # heading, then to the file name, for the title; defaults kind and status", async () => {
    const withHeading = await parseDocument({ fileName: "a.md", bytes: utf8("---\ntopics: [a]\n---\nIntro\n\n# Sổ tay đoàn viên\n\nNội dung.") });
    expect(withHeading.meta).toMatchObject({ title: "Sổ tay đoàn viên", kind: "guide", status: "in_force", topics: ["a"], audience: [] });
    const bare = await parseDocument({ fileName: "so-tay_doan-vien.md", bytes: utf8("Chỉ có nội dung.") });
    expect(bare.meta.title).toBe("so tay doan vien");
  });

  it("recognises an FAQ written without a kind", async () => {
    const doc = await parseDocument({ fileName: "x.md", bytes: utf8("## Hỏi: Một?\nĐáp: Có.\n\n## Hỏi: Hai?\nĐáp: Không.") });
    expect(doc.meta.kind).toBe("faq");
  });

  it("names the bad front-matter field", async () => {
    const error = await refusal(parseDocument({ fileName: "bad.md", bytes: utf8('---\ntitle: X\nstatus: "maybe"\n---\nNội dung.') }));
    expect(error.fileName).toBe("bad.md");
    expect(error.reason).toMatch(/"status"/);
    expect(error.reason).toContain('"maybe"');
    expect(error.message).toBe(`bad.md: ${error.reason}`);

    const date = await refusal(parseDocument({ fileName: "d.md", bytes: utf8("---\ntitle: X\nissued: 2020-02-30\n---\nNội dung.") }));
    expect(date.reason).toMatch(/"issued".*YYYY-MM-DD/);
    // A timestamp keeps the day it was written with, not the UTC one.
    const stamped = await parseDocument({ fileName: "t.md", bytes: utf8("---\ntitle: X\nissued: 2020-06-16T01:00:00+07:00\n---\nNội dung.") });
    expect(stamped.meta.issued).toBe("2020-06-16");
  });

  it("refuses broken YAML and never evaluates JavaScript front matter", async () => {
    expect((await refusal(parseDocument({ fileName: "y.md", bytes: utf8("---\ntitle: [unclosed\n---\nx") }))).reason).toMatch(/YAML/);
    const marker = globalThis as { pwnedByFrontMatter?: boolean };
    const js = "---js\n{ title: (globalThis.pwnedByFrontMatter = true, 'x') }\n---\nNội dung.";
    expect((await refusal(parseDocument({ fileName: "j.md", bytes: utf8(js) }))).reason).toMatch(/not supported/);
    expect(marker.pwnedByFrontMatter).toBeUndefined();
  });
});

describe("parseDocument: plain text", () => {
  it("recognises Vietnamese legal text, its title and number", async () => {
    const doc = await parseDocument({ fileName: "luat.txt", bytes: fixture("luat-thanh-nien.txt") });
    expect(doc.meta).toMatchObject({ title: "Luật Thanh niên", kind: "law", number: "57/2020/QH14", status: "in_force" });
  });

  it("uses the first non-empty line as the title of an ordinary text", async () => {
    const doc = await parseDocument({ fileName: "ghi-chu.txt", bytes: utf8("\n\n  Lịch sinh hoạt chi đoàn  \n\nThứ Bảy hằng tuần.") });
    expect(doc.meta).toMatchObject({ title: "Lịch sinh hoạt chi đoàn", kind: "guide" });
    expect(doc.body).toBe("Lịch sinh hoạt chi đoàn\n\nThứ Bảy hằng tuần.");
  });

  it("normalises Windows line endings and decomposed Unicode", async () => {
    const text = readFileSync(new URL("../fixtures/documents/luat-thanh-nien.txt", import.meta.url), "utf8");
    const windows = text.normalize("NFD").replace(/\n/g, "\r\n");
    const doc = await parseDocument({ fileName: "luat.txt", bytes: utf8(windows) });
    expect(doc.body).not.toContain("\r");
    expect(doc.body).toBe(doc.body.normalize("NFC"));
    expect(doc.body).toContain("Điều 17. Chính sách về học tập, nghiên cứu khoa học\n1. Nhà nước");
    expect(doc.meta.kind).toBe("law");
  });

  it("refuses binary data and invalid UTF-8", async () => {
    expect((await refusal(parseDocument({ fileName: "a.txt", bytes: new Uint8Array([0x48, 0x69, 0x00, 0x01]) }))).reason).toMatch(/binary/);
    expect((await refusal(parseDocument({ fileName: "a.md", bytes: new Uint8Array([0x48, 0xc3, 0x28, 0xff]) }))).reason).toMatch(/UTF-8/);
  });

  it("refuses a file with no text", async () => {
    expect((await refusal(parseDocument({ fileName: "blank.txt", bytes: utf8(" \n\n \t\n") }))).reason).toMatch(/^no text found/);
    expect((await refusal(parseDocument({ fileName: "empty.md", bytes: new Uint8Array() }))).reason).toMatch(/^no text found/);
  });
});

describe("parseDocument: HTML", () => {
  it("keeps the page text and headings, drops scripts, styles and navigation, fetches nothing", async () => {
    const fetchSpy = vi.spyOn(globalThis, "fetch");
    const doc = await parseDocument({ fileName: "trang-tin.html", bytes: fixture("trang-tin.html") });
    expect(doc.meta.title).toBe("Hiến máu tình nguyện – Thành đoàn");
    expect(doc.body).toContain("# Ngày hội hiến máu tình nguyện");
    expect(doc.body).toContain("## Điều kiện tham gia");
    expect(doc.body).toContain("- Từ đủ 18 tuổi đến 60 tuổi.");
    expect(doc.body).toContain("Xem thêm tại trang chi tiết.");
    for (const absent of ["KHONG_DUOC_XUAT_HIEN", "SCRIPT_CUOI_TRANG", "font-family", "Trang chủ", "example.invalid"]) {
      expect(doc.body).not.toContain(absent);
    }
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it("takes the first <h1> when there is no <title>", async () => {
    const doc = await parseDocument({ fileName: "p.htm", bytes: utf8("<p>Mở đầu.</p><h1>Tiêu đề trang</h1><p>Nội dung.</p>") });
    expect(doc.meta.title).toBe("Tiêu đề trang");
  });
});

describe("parseDocument: PDF", () => {
  it("extracts the text of every page with its Vietnamese marks and recognises the law", async () => {
    const doc = await parseDocument({ fileName: "luat.pdf", bytes: fixture("two-pages.pdf") });
    expect(doc.meta).toMatchObject({ title: "Luật Thanh niên", kind: "law" });
    expect(doc.body).toContain("Chương I\nNHỮNG QUY ĐỊNH CHUNG\nĐiều 1. Phạm vi điều chỉnh");
    // The wrapped line is joined back into its sentence.
    expect(doc.body).toContain("trách nhiệm của thanh niên; chính sách của Nhà nước đối với thanh niên.");
    expect(doc.body).toContain("Điều 3. Nguyên tắc bảo đảm thực hiện quyền và nghĩa vụ của thanh niên\n1. Bảo đảm");
  });

  it("refuses a PDF over the page limit before extracting it", async () => {
    const error = await refusal(parseDocument({ fileName: "luat.pdf", bytes: fixture("two-pages.pdf"), limits: { maxPages: 1 } }));
    expect(error.reason).toBe("the PDF has 2 pages, the limit is 1");
  });

  it("refuses a .pdf that is really text, and a damaged PDF", async () => {
    const error = await refusal(parseDocument({ fileName: "fake.pdf", bytes: utf8("Đây không phải PDF.") }));
    expect(error.reason).toBe("the file is named .pdf but is not a PDF: it contains plain text");
    const broken = await refusal(parseDocument({ fileName: "broken.pdf", bytes: utf8("%PDF-1.4\nrác\n%%EOF") }));
    expect(broken.reason).toMatch(/PDF/);
  });
});

describe("parseDocument: DOCX", () => {
  it("extracts the text, keeping Word headings as headings", async () => {
    const doc = await parseDocument({ fileName: "sample.docx", bytes: fixture("sample.docx") });
    expect(doc.meta).toMatchObject({ title: "Hướng dẫn tham gia Tháng Thanh niên", kind: "guide" });
    expect(doc.body).toBe(
      [
        "# Hướng dẫn tham gia Tháng Thanh niên",
        "Tháng Thanh niên được tổ chức vào tháng 3 hằng năm. Đây là dịp để đoàn viên, thanh niên tham gia các hoạt động tình nguyện vì cộng đồng.",
        "## Đăng ký tham gia",
        "Bước 1: đăng ký với Ban Chấp hành Chi đoàn nơi mình sinh hoạt trước ngày 10 tháng 3.",
        "Mỗi bạn được chọn tối đa hai hoạt động, ví dụ dọn dẹp vệ sinh môi trường hoặc hiến máu tình nguyện.",
        "## Lưu ý",
        "Người dưới 18 tuổi cần có ý kiến đồng ý của cha mẹ hoặc người giám hộ khi tham gia hoạt động xa nhà.",
      ].join("\n\n"),
    );
  });

  it("refuses a zip bomb by the sizes its central directory declares", async () => {
    const bomb = docxWith({ data: "<w:document/>", declaredSize: 0xfffffff0 });
    const error = await refusal(parseDocument({ fileName: "bomb.docx", bytes: bomb }));
    expect(error.reason).toMatch(/word\/document\.xml.*4096 MB.*limit is 50 MB.*zip bomb/);
  });

  it("refuses an entry compressed more than 100 to 1", async () => {
    const zeros = new Uint8Array(5 * 1024 * 1024);
    const error = await refusal(parseDocument({ fileName: "ratio.docx", bytes: docxWith({ data: zeros }) }));
    expect(error.reason).toMatch(/compressed \d+ to 1, more than 100 to 1/);
  });

  it("refuses an entry that inflates to more than it declares", async () => {
    const zeros = new Uint8Array(2 * 1024 * 1024);
    const error = await refusal(parseDocument({ fileName: "liar.docx", bytes: docxWith({ data: zeros, declaredSize: 1000 }) }));
    expect(error.reason).toMatch(/unpacks to more than it declares/);
  });

  it("refuses a ZIP that is not a Word document, and a .docx that is not a ZIP", async () => {
    const zip = buildZip([{ name: "hello.txt", data: "xin chào" }]);
    expect((await refusal(parseDocument({ fileName: "x.docx", bytes: zip }))).reason).toMatch(/word\/document\.xml is missing/);
    expect((await refusal(parseDocument({ fileName: "x.docx", bytes: utf8("văn bản") }))).reason).toMatch(/not a Word document/);
    const ole = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    expect((await refusal(parseDocument({ fileName: "old.docx", bytes: ole }))).reason).toMatch(/\.doc/);
  });
});

describe("parseDocument: limits and types", () => {
  it("refuses a file over the byte limit, naming its size and the limit", async () => {
    const big = new Uint8Array(Math.round(12.4 * 1024 * 1024)).fill(0x61);
    expect((await refusal(parseDocument({ fileName: "big.txt", bytes: big }))).reason).toBe("file is 12.4 MB, the limit is 10 MB");
    const small = await refusal(parseDocument({ fileName: "a.md", bytes: new Uint8Array(2048).fill(0x61), limits: { maxBytes: 1024 } }));
    expect(small.reason).toBe("file is 2 KB, the limit is 1 KB");
  });

  it("refuses text over the character limit", async () => {
    const error = await refusal(parseDocument({ fileName: "a.txt", bytes: utf8("chữ ".repeat(300)), limits: { maxChars: 1000 } }));
    expect(error.reason).toBe("the text is 1,200 characters long, the limit is 1,000");
    const docx = await refusal(parseDocument({ fileName: "sample.docx", bytes: fixture("sample.docx"), limits: { maxChars: 100 } }));
    expect(docx.reason).toMatch(/characters long, the limit is 100$/);
  });

  it("refuses unsupported types and text files that are really binaries", async () => {
    expect(SUPPORTED_EXTENSIONS).toEqual([".md", ".txt", ".html", ".htm", ".pdf", ".docx"]);
    expect((await refusal(parseDocument({ fileName: "a.doc", bytes: utf8("x") }))).reason).toMatch(/unsupported file type "\.doc".*\.docx/);
    const pdfAsTxt = await refusal(parseDocument({ fileName: "a.txt", bytes: fixture("two-pages.pdf") }));
    expect(pdfAsTxt.reason).toBe("the file is named .txt but is not text: it is a PDF");
  });
});
