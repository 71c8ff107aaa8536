import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { defaultLexicon, Lexicon, SYNONYM_WEIGHT } from "../../src/knowledge/search/lexicon.ts";

const lexicon = defaultLexicon();
const phrases = (q: string) => lexicon.analyzeQuery(q).expansions.map((e) => e.tokens.join(" "));

describe("the shipped lexicon", () => {
  it("expands chat spellings and abbreviations into the words the documents use", () => {
    expect(lexicon.analyzeQuery("tn la bn tuoi").tokens).toEqual(["thanh", "niên", "la", "bao", "nhiêu", "tuoi"]);
    expect(lexicon.analyzeQuery("đi nvqs có dc hoãn ko").tokens.join(" ")).toBe("đi nghĩa vụ quân sự có được hoãn không");
    expect(lexicon.analyzeQuery("bhtn hông có thì sao").tokens.join(" ")).toBe("bảo hiểm thất nghiệp không có thì sao");
    expect(lexicon.analyzeQuery("mik lm j khi bị đuổi việc").tokens.join(" ")).toBe("mình làm gì khi bị đuổi việc");
  });

  it("keeps a one-letter list label after điểm instead of reading it as an abbreviation", () => {
    expect(lexicon.analyzeQuery("điểm k khoản 1").tokens.join(" ")).toBe("điểm k khoản 1");
    expect(lexicon.analyzeQuery("k đi học có sao").tokens[0]).toBe("không");
  });

  it("judges accents on what the user typed, not on the expansions", () => {
    expect(lexicon.analyzeQuery("thanh nien ko vay dc a").accented).toBe(false);
    expect(lexicon.analyzeQuery("thanh niên vay vốn").accented).toBe(true);
  });

  it("drops politeness fillers but never a whole question", () => {
    expect(lexicon.analyzeQuery("cho mình hỏi lương tối thiểu vùng ạ").tokens.join(" ")).toBe("lương tối thiểu vùng");
    expect(lexicon.analyzeQuery("cho minh hoi luong toi thieu").tokens.join(" ")).toBe("luong toi thieu");
    // Unaccented "nha" may be "nhà", so it stays.
    expect(lexicon.analyzeQuery("thue nha").tokens).toEqual(["thue", "nha"]);
    expect(lexicon.analyzeQuery("ạ").tokens).toEqual(["ạ"]);
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
