import { describe, expect, it } from "vitest";
import { bigrams, canonicalSpelling, foldDiacritics, hasDiacritics, normalizeText, readBareAges, syllables, tokenize, unigramsAndBigrams } from "../../src/knowledge/text.ts";

describe("normalizeText", () => {
  it("puts tone marks of open oa/oe/uy syllables in one canonical place", () => {
    expect(normalizeText("Hoà bình")).toBe("hòa bình");
    expect(normalizeText("THUỶ LỢI")).toBe("thủy lợi");
    expect(normalizeText("sức khoẻ")).toBe("sức khỏe");
    expect(normalizeText("hoá học")).toBe("hóa học");
    expect(normalizeText("Uỷ ban")).toBe("ủy ban");
    // Both spellings of a word end up identical, whichever the source used.
    expect(normalizeText("hoà")).toBe(normalizeText("hòa"));
  });

  it("leaves syllables whose placement is not ambiguous alone", () => {
    expect(normalizeText("quý khách")).toBe("quý khách");
    expect(normalizeText("hoàn thành")).toBe("hoàn thành");
    expect(normalizeText("quyết định")).toBe("quyết định");
    expect(normalizeText("khoảng")).toBe("khoảng");
  });

  it("composes decomposed input, lower-cases, strips zero-width characters and collapses spaces", () => {
    const decomposed = "Thanh nie\u0302n".normalize("NFD");
    expect(normalizeText(`  ${decomposed}\u200b \n là\u00a0 ai `)).toBe("thanh niên là ai");
  });
});

describe("foldDiacritics", () => {
  it("drops every mark and turns đ into d", () => {
    expect(foldDiacritics("Đi lính ở đâu")).toBe("Di linh o dau");
    expect(foldDiacritics("nghĩa vụ quân sự")).toBe("nghia vu quan su");
  });

  it("tells typed marks apart from plain text", () => {
    expect(hasDiacritics("thanh niên")).toBe(true);
    expect(hasDiacritics("đc")).toBe(true);
    expect(hasDiacritics("thanh nien la bao nhieu tuoi")).toBe(false);
  });
});

describe("syllables", () => {
  it("splits identifiers at punctuation so their pieces and their order both remain searchable", () => {
    expect(tokenize("Luật số 57/2020/QH14.")).toEqual(["luật", "số", "57", "2020", "qh14"]);
    expect(bigrams(["57", "2020", "qh14"])).toEqual(["57 2020", "2020 qh14"]);
  });

  it("builds unigrams then bigrams", () => {
    expect(unigramsAndBigrams(syllables("bán hàng online"))).toEqual(["bán", "hàng", "online", "bán hàng", "hàng online"]);
  });
});

describe("canonicalSpelling", () => {
  it("writes the i/y variants after a consonant one way, and leaves other syllables alone", () => {
    for (const [a, b] of [["kí", "ký"], ["lí", "lý"], ["mĩ", "mỹ"], ["tỉ", "tỷ"], ["qui", "quy"], ["ki", "ky"], ["hi", "hy"]]) {
      expect(canonicalSpelling(a!), a).toBe(canonicalSpelling(b!));
    }
    for (const s of ["ý", "y", "yêu", "kim", "thủy", "tiền", "kỳ", "quý"]) expect(canonicalSpelling(s), s).toBe(s);
    expect(canonicalSpelling("kì")).toBe("kỳ");
  });
});

describe("readBareAges", () => {
  const read = (text: string) => readBareAges(syllables(normalizeText(text))).join(" ");

  it("reads a bare number a person is said to be as an age", () => {
    expect(read("e 17 di lam quan cafe dc ko")).toBe("e 17 tuổi di lam quan cafe dc ko");
    expect(read("Năm nay em trai em vừa 17")).toBe("năm nay em trai em vừa 17 tuổi");
    expect(read("mình tròn 18 rồi")).toBe("mình tròn 18 tuổi rồi");
  });

  it("leaves counts, measures, classes and ages already written alone", () => {
    expect(read("em 15 tháng chưa nhận lương")).toBe("em 15 tháng chưa nhận lương");
    expect(read("em 17 tuổi")).toBe("em 17 tuổi");
    expect(read("học lớp 11")).toBe("học lớp 11");
    expect(read("anh 2 đứa con")).toBe("anh 2 đứa con");
    expect(read("em vua 20 trieu")).toBe("em vua 20 trieu");
    expect(read("em 60 tuoi")).toBe("em 60 tuoi");
    // "chỉ" is "only" as often as "chị ấy".
    expect(read("lớp chỉ 30 bạn")).toBe("lớp chỉ 30 bạn");
  });
});
