import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isDeterminer, standardSpelling } from "../../src/knowledge/search/english-words.ts";
import { DEFAULT_LEXICON_FILE, defaultLexicon, Lexicon, SYNONYM_WEIGHT } from "../../src/knowledge/search/lexicon.ts";
import { normalizeText, phraseTokens } from "../../src/knowledge/text.ts";

const lexicon = defaultLexicon();
const phrases = (q: string) => lexicon.analyzeQuery(q).expansions.map((e) => e.tokens.join(" "));

describe("the shipped lexicon", () => {
  it("expands chat spellings and abbreviations into the words the documents use", () => {
    expect(lexicon.analyzeQuery("tn la bn tuoi").tokens).toEqual(["thanh", "niên", "la", "bao", "nhiêu", "tuoi"]);
    expect(lexicon.analyzeQuery("đi nvqs có dc hoãn ko").tokens.join(" ")).toBe("đi nghĩa vụ quân sự có được hoãn không");
    expect(lexicon.analyzeQuery("bhtn hông có thì sao").tokens.join(" ")).toBe("bảo hiểm thất nghiệp không có thì sao");
    expect(lexicon.analyzeQuery("mik lm j khi bị đuổi việc").tokens.join(" ")).toBe("mình làm gì khi bị đuổi việc");
    // "hs" alone is "học sinh"; after "nộp", "làm" it is "hồ sơ".
    expect(lexicon.analyzeQuery("nộp hs vay bao lâu có kq").tokens.join(" ")).toBe("nộp hồ sơ vay bao lâu có kết quả");
    expect(lexicon.analyzeQuery("hs lớp 12 đi làm thêm").tokens.join(" ")).toBe("học sinh lớp 12 đi làm thêm");
    expect(lexicon.analyzeQuery("có phải báo cta ko").tokens.join(" ")).toBe("có phải báo công an không");
  });

  it("keeps a one-letter list label after điểm instead of reading it as an abbreviation", () => {
    expect(lexicon.analyzeQuery("điểm k khoản 1").tokens.join(" ")).toBe("điểm k khoản 1");
    expect(lexicon.analyzeQuery("k đi học có sao").tokens[0]).toBe("không");
  });

  it("judges accents on what the user typed, not on the expansions", () => {
    expect(lexicon.analyzeQuery("thanh nien ko vay dc a").accented).toBe(false);
    expect(lexicon.analyzeQuery("thanh niên vay vốn").accented).toBe(true);
    // Chat numbers are written out with marks ("16t" → "16 tuổi", "5tr" → "5 triệu"); the message
    // was still typed without any, and its synonyms are found without marks.
    const teen = lexicon.analyzeQuery("16t quan he voi ban gai 15t co sao ko");
    expect(teen.accented).toBe(false);
    expect(teen.tokens).toContain("tuổi");
    expect(teen.expansions.map((e) => e.tokens.join(" "))).toContain("quan hệ tình dục");
  });

  it("drops politeness fillers but never a whole question", () => {
    expect(lexicon.analyzeQuery("cho mình hỏi lương tối thiểu vùng ạ").tokens.join(" ")).toBe("lương tối thiểu vùng");
    expect(lexicon.analyzeQuery("cho minh hoi luong toi thieu").tokens.join(" ")).toBe("luong toi thieu");
    // Unaccented "nha" may be "nhà", so it stays.
    expect(lexicon.analyzeQuery("thue nha").tokens).toEqual(["thue", "nha"]);
    expect(lexicon.analyzeQuery("ạ").tokens).toEqual(["ạ"]);
  });

  it("does not fire a group on one unmarked Vietnamese syllable: 'cuoi tuan' is not 'cưới'", () => {
    expect(phrases("cuoi tuan di lam co duoc tang luong khong")).not.toContain("kết hôn");
    expect(phrases("sắp cưới thì được nghỉ mấy ngày")).toContain("kết hôn");
  });

  it("reads an unmarked 'vay' opening a phrase before grammar as 'vậy', and 'vay' before what is borrowed as borrowing", () => {
    expect(lexicon.analyzeQuery("cong ty doi dong tien moi gioi, vay co dung khong").tokens).not.toContain("vay");
    expect(lexicon.analyzeQuery("vay thi sao").tokens).not.toContain("vay");
    expect(lexicon.analyzeQuery("thieu von, vay ngan hang nao").tokens).toContain("vay");
    expect(lexicon.analyzeQuery("vay co can the chap khong").tokens).toContain("vay");
  });

  it("adds the other members of a synonym group, typed with or without marks", () => {
    expect(phrases("đi lính mấy năm")).toEqual(expect.arrayContaining(["nghĩa vụ quân sự", "nhập ngũ"]));
    expect(phrases("di linh may nam")).toEqual(expect.arrayContaining(["nghĩa vụ quân sự", "nhập ngũ"]));
    expect(phrases("di lam xuat khau lao dong")).toContain("đi làm việc ở nước ngoài");
    expect(phrases("di lam xuat khau lao dong")).not.toContain("xuất khẩu lao động");
    expect(lexicon.analyzeQuery("vay vốn").expansions.every((e) => e.weight === SYNONYM_WEIGHT)).toBe(true);
    expect(phrases("thanh niên là bao nhiêu tuổi")).toEqual([]);
  });
});

describe("reading English with the English table", () => {
  const tokens = (text: string) => phraseTokens(normalizeText(text));
  const translated = (table: Lexicon, text: string) => table.translateEnglish(tokens(text)).vietnamese.map((w) => w.join(" "));
  const table = Lexicon.parse({
    abbreviations: {},
    synonyms: [],
    english: { "quit job": "nghỉ việc", fire: "sa thải", pay: "tiền lương", paid: "trả lương", "labor contract": "hợp đồng lao động", written: "bằng văn bản", "not pay": "không trả lương" },
  });

  it("finds a plain phrase however its words are inflected, spelled or preceded by an article", () => {
    expect(translated(table, "I quit my job")).toEqual(["nghỉ việc"]);
    expect(translated(table, "quitting the job")).toEqual(["nghỉ việc"]);
    expect(translated(table, "got fired yesterday")).toEqual(["sa thải"]);
    expect(translated(table, "my labour contract")).toEqual(["hợp đồng lao động"]);
    expect(translated(table, "they are not paying")).toEqual(["không trả lương"]);
  });

  it("keeps a form the table lists on purpose, and never reads an inflected entry into its plain word", () => {
    expect(translated(table, "they paid me")).toEqual(["trả lương"]);
    expect(translated(table, "paying")).toEqual(["tiền lương"]);
    // "written" (in writing) is not "write".
    expect(table.translateEnglish(tokens("help me write a letter")).rest).toContain("write");
  });

  it("takes the leftmost of two overlapping phrases of the same length", () => {
    const overlap = Lexicon.parse({ abbreviations: {}, synonyms: [], english: { "paid me": "trả lương", "not paid": "không trả lương" } });
    expect(translated(overlap, "he has not paid me")).toEqual(["không trả lương"]);
  });

  it("does not read one- and two-letter Vietnamese chat forms in English", () => {
    expect(lexicon.analyzeQuery("r u ok with it k").tokens).toContain("rồi");
    expect(lexicon.analyzeQuery("r u ok with it k", { english: true }).tokens.join(" ")).toBe("r u ok with it k");
    expect(lexicon.analyzeQuery("how long is bhtn paid", { english: true }).tokens.join(" ")).toContain("bảo hiểm thất nghiệp");
  });

  it.each([
    ["I got laid off last month", "cắt giảm lao động"],
    ["they sacked me", "sa thải"],
    ["I resigned", "nghỉ việc"],
    ["can I make a will at 16", "lập di chúc"],
    ["paid break during their period", "hành kinh"],
    ["a probation period", "thử việc"],
    ["minimum wage in region III", "vùng III"],
    ["temporary residence registration", "tạm trú"],
    ["can I join the Youth Union", "vào Đoàn"],
    ["who gets custody after divorce", "quyền nuôi con"],
    ["unemployement benefit", "trợ cấp thất nghiệp"],
    ["my salery is late", "tiền lương"],
    ["the goverment", "Chính phủ"],
  ])("the shipped table reads %j as the documents' %j", (text, vietnamese) => {
    expect(translated(lexicon, text)).toContain(vietnamese.toLowerCase());
  });

  it("the shipped table leaves 'will' the auxiliary and 'period' of a regulation alone", () => {
    expect(translated(lexicon, "how many months will I have to serve").join(" ")).not.toContain("di chúc");
    expect(translated(lexicon, "which period does the regulation cover")).not.toContain("hành kinh");
  });

  it("the shipped table never gives two translations to what reads as the same words", async () => {
    // "my period" and "period" are the same words once the possessive is passed over: one would never be used.
    const file = JSON.parse(await readFile(DEFAULT_LEXICON_FILE, "utf8")) as { english: Record<string, string> };
    const readAs = new Map<string, string>();
    const clashes: string[] = [];
    for (const [english, vietnamese] of Object.entries(file.english)) {
      const words = tokens(english).map(standardSpelling);
      const key = (words.some((w) => !isDeterminer(w)) ? words.filter((w) => !isDeterminer(w)) : words).join(" ");
      const seen = readAs.get(key);
      if (seen !== undefined && normalizeText(seen) !== normalizeText(vietnamese)) clashes.push(`${english} → ${vietnamese} (also ${seen})`);
      readAs.set(key, seen ?? vietnamese);
    }
    expect(clashes).toEqual([]);
  });
});

describe("Lexicon.parse", () => {
  const valid = { abbreviations: { ko: "không" }, synonyms: [["đi lính", "nhập ngũ"]], fillers: [] };

  it("accepts a minimal file", () => {
    expect(Lexicon.parse(valid).analyzeQuery("ko").tokens).toEqual(["không"]);
  });

  it("names the bad entry when an abbreviation is longer than three words", () => {
    const long = { "ko co gi dau": "không có gì đâu" };
    expect(() => Lexicon.parse({ ...valid, abbreviations: long }, "lexicon.json")).toThrow(expect.objectContaining({ code: "lexicon.invalid" }));
    expect(() => Lexicon.parse({ ...valid, abbreviations: long }, "lexicon.json")).toThrow(/lexicon\.json.*abbreviations.*ko co gi dau/);
  });

  it("reads several-word shorthand only in that company, typed with or without diacritics", () => {
    const lexicon = Lexicon.parse({ ...valid, abbreviations: { ko: "không", "hd lao động": "hợp đồng lao động" } });
    expect(lexicon.analyzeQuery("ký hd lao động ko").tokens).toEqual(["ký", "hợp", "đồng", "lao", "động", "không"]);
    expect(lexicon.analyzeQuery("ki hd lao dong ko").tokens).toEqual(["ki", "hợp", "đồng", "lao", "động", "không"]);
    expect(lexicon.analyzeQuery("hd su dung").tokens).toEqual(["hd", "su", "dung"]);
  });

  it("does not read a word typed with other marks as the shorthand's word ('vợ sinh con' is not 'vô sinh')", () => {
    const lexicon = Lexicon.parse({ ...valid, abbreviations: { "vô sinh": "vô sinh", "vô cớ": "vô cớ", "vô thời hạn": "không xác định thời hạn" } });
    expect(lexicon.analyzeQuery("vợ sinh con chồng nghỉ mấy ngày").tokens.slice(0, 3)).toEqual(["vợ", "sinh", "con"]);
    expect(lexicon.analyzeQuery("vợ có bầu").tokens).toEqual(["vợ", "có", "bầu"]);
    expect(lexicon.analyzeQuery("hợp đồng vô thời hạn").tokens).toEqual(["hợp", "đồng", "không", "xác", "định", "thời", "hạn"]);
    expect(lexicon.analyzeQuery("hop dong vo thoi han").tokens).toEqual(["hop", "dong", "không", "xác", "định", "thời", "hạn"]);
  });

  it("names the bad synonym group", () => {
    expect(() => Lexicon.parse({ ...valid, synonyms: [["a", "b"], ["đi lính"]] })).toThrow(/synonyms\[1\].*đi lính.*at least two/);
  });

  it("rejects unknown top-level fields and reports unreadable files", async () => {
    expect(() => Lexicon.parse({ ...valid, synonym: [] })).toThrow(expect.objectContaining({ code: "lexicon.invalid" }));
    const dir = await mkdtemp(join(tmpdir(), "lexicon-"));
    await writeFile(join(dir, "bad.json"), "{ not json");
    expect(() => Lexicon.load(join(dir, "bad.json"))).toThrow(/bad\.json: cannot read lexicon/);
  });
});
