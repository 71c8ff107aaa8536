import { describe, expect, it } from "vitest";
import { HashingEmbeddings } from "../../src/knowledge/index/embedder.ts";
import { DEFAULT_RETRIEVER_OPTIONS } from "../../src/knowledge/search/lexical-retriever.ts";
import { defaultLexicon, SYNONYM_WEIGHT, type AnalyzedQuery } from "../../src/knowledge/search/lexicon.ts";
import { DEFAULT_LOOSE_SYNONYMS, LooseSynonyms, NO_LOOSE_SYNONYMS, type IndexView, type LooseSynonymOptions } from "../../src/knowledge/search/loose-synonyms.ts";
import { SearchEngine, type IndexedChunk } from "../../src/knowledge/search/search-engine.ts";
import { canonicalSpelling } from "../../src/knowledge/text.ts";

/** Phrases as the index spells them ("di" → "dy"): the form expansions come out in. */
const spelled = (...phrases: string[]) => phrases.map((p) => p.split(" ").map(canonicalSpelling).join(" "));
const keys = (rarities: Record<string, number>) => Object.fromEntries(Object.entries(rarities).map(([k, v]) => [spelled(k)[0]!, v]));

/** An index where every term is equally rare unless named, and every word is known unless named. */
const view = (rarities: Record<string, number> = {}, unknown: string[] = []): IndexView & { asked: string[] } => {
  const asked: string[] = [];
  return {
    asked,
    rarity: (term) => (asked.push(term), rarities[term] ?? 1),
    knows: (word) => !unknown.includes(word),
  };
};

/** A question read as one part, typed with marks unless told; `light` words weigh as grammar. */
const question = (text: string, opts: { accented?: boolean; light?: string[]; weight?: number; expansions?: AnalyzedQuery["expansions"] } = {}): AnalyzedQuery => {
  const tokens = text.split(" ");
  return {
    tokens,
    accented: opts.accented ?? true,
    expansions: opts.expansions ?? [],
    parts: [{ tokens, weight: opts.weight ?? 1, accented: opts.accented ?? true, tokenWeights: tokens.map((t) => (opts.light?.includes(t) ? 0.7 : 1)) }],
  };
};

const ANY: LooseSynonymOptions = { threshold: 0.3, weight: 1, evidence: 0 };
const GROUPS = [
  ["di chúc miệng", "trăng trối", "dặn lại trước khi mất"],
  ["lối đi qua", "đường đi nhờ"],
  ["trốn nghĩa vụ quân sự", "né nghĩa vụ"],
];

describe("LooseSynonyms", () => {
  it("fires a group whose phrase the question holds only in part, weighted by the share held", () => {
    const loose = LooseSynonyms.fromGroups(GROUPS);
    // "dặn lại trước khi mất": 5 words and 4 pairs of rarity 1; held: dặn, lại, trước, mất, "dặn lại", "lại trước".
    const out = loose.expand(question("ông tôi có dặn lại trước lúc mất"), view(), ANY);
    expect(out.map((e) => e.tokens.join(" "))).toEqual(spelled("di chúc miệng", "trăng trối", "dặn lại trước khi mất"));
    for (const e of out) {
      expect(e.weight).toBeCloseTo(SYNONYM_WEIGHT * (6 / 9));
      expect(e.for).toEqual(["dặn", "lại", "trước", "mất"]);
    }
  });

  it("counts each word and pair by its rarity, so common words alone say nothing", () => {
    const loose = LooseSynonyms.fromGroups(GROUPS);
    const rare = keys({ "đường": 0.5, "đi": 0.2, "nhờ": 4, "đường đi": 1, "đi nhờ": 6 });
    expect(loose.expand(question("tôi vẫn đi nhờ qua đất nhà bên"), view(rare), ANY).map((e) => e.tokens.join(" "))).toContain(spelled("lối đi qua")[0]);
    // Only "đường" and "đi" (0.7 of 11.7): below the threshold.
    expect(loose.expand(question("con đường đi học"), view(rare), ANY)).toEqual([]);
    // The evidence floor: "nhờ" and "đi nhờ" carry 10.2 of rarity.
    expect(loose.expand(question("tôi vẫn đi nhờ qua đất nhà bên"), view(rare), { ...ANY, evidence: 10 })).not.toEqual([]);
    expect(loose.expand(question("tôi vẫn đi nhờ qua đất nhà bên"), view(rare), { ...ANY, evidence: 11 })).toEqual([]);
  });

  it("takes no evidence from grammar words or from words the lexicon already read as a synonym", () => {
    const loose = LooseSynonyms.fromGroups(GROUPS);
    const asked = question("bao nhiêu tuổi phải đi nghĩa vụ quân sự", { expansions: [{ tokens: ["nhập", "ngũ"], weight: SYNONYM_WEIGHT, for: ["nghĩa", "vụ", "quân", "sự"] }] });
    // "trốn nghĩa vụ quân sự" is 4/7 said, but all of it in words an exact synonym already stands for.
    expect(loose.expand(asked, view(), { ...ANY, evidence: 1 })).toEqual([]);
    expect(loose.expand(question("dặn lại", { light: ["dặn", "lại"] }), view(), { ...ANY, evidence: 1 })).toEqual([]);
  });

  it("leaves alone a group the lexicon expanded and does nothing when off", () => {
    const loose = LooseSynonyms.fromGroups(GROUPS);
    const expanded = question("ông dặn lại trước lúc mất", { expansions: [{ tokens: ["trăng", "trối"], weight: SYNONYM_WEIGHT }] });
    expect(loose.expand(expanded, view(), ANY)).toEqual([]);
    expect(loose.expand(question("ông dặn lại trước lúc mất"), view(), NO_LOOSE_SYNONYMS)).toEqual([]);
  });

  it("matches a question typed without marks on folded spellings, rarity read on the folded terms", () => {
    const loose = LooseSynonyms.fromGroups(GROUPS);
    const index = view({ "~dy nho": 6 });
    const out = loose.expand(question("toi van di nho qua dat nha ben", { accented: false }), index, ANY);
    expect(out.map((e) => e.tokens.join(" "))).toContain(spelled("lối đi qua")[0]);
    expect(index.asked).toContain("~dy nho");
    expect(index.asked).not.toContain(spelled("đi nhờ")[0]);
  });

  it("weighs a match by the part of the question that holds it and searches only words the documents use", () => {
    const loose = LooseSynonyms.fromGroups(GROUPS);
    const out = loose.expand(question("ông có dặn lại trước lúc mất", { weight: 0.6 }), view({}, ["trăng", "trối"]), ANY);
    expect(out.map((e) => e.tokens.join(" "))).toEqual(spelled("di chúc miệng", "dặn lại trước khi mất"));
    expect(out[0]!.weight).toBeCloseTo(SYNONYM_WEIGHT * 0.6 * (6 / 9));
  });

  it("reads rarities once per index and again after forget()", () => {
    const loose = LooseSynonyms.fromGroups(GROUPS);
    const index = view();
    loose.expand(question("ông dặn lại trước lúc mất"), index, ANY);
    const first = index.asked.length;
    loose.expand(question("ông dặn lại trước lúc mất"), index, ANY);
    expect(index.asked.length).toBe(first);
    loose.forget();
    loose.expand(question("ông dặn lại trước lúc mất"), index, ANY);
    expect(index.asked.length).toBe(2 * first);
  });

  it("reads the shipped lexicon's groups", () => {
    expect(LooseSynonyms.fromGroups(defaultLexicon().synonymGroups()).size).toBeGreaterThan(100);
  });
});

describe("SearchEngine with loose synonyms", () => {
  // Groups of the test's own, so that the shipped lexicon (which the engine still reads exactly) has no say.
  const groups = [["di chúc miệng", "nói lại lúc hấp hối"]];
  const chunks: IndexedChunk[] = [
    { id: "blds#629", documentId: "blds", title: "Di chúc miệng", citation: "Điều 629", text: "Trường hợp tính mạng một người bị cái chết đe dọa thì người đó có thể lập di chúc miệng." },
    { id: "blds#630", documentId: "blds", title: "Di chúc hợp pháp", citation: "Điều 630", text: "Di chúc bằng văn bản không có công chứng, chứng thực chỉ được coi là hợp pháp nếu đủ điều kiện." },
    { id: "blds#660", documentId: "blds", title: "Phân chia di sản", citation: "Điều 660", text: "Con cháu được chia căn nhà và các tài sản khác theo phần bằng nhau khi bố mẹ, ông bà mất." },
    // Articles on other subjects, so that rarity means something.
    ...["Hợp đồng vay tài sản", "Đặt cọc", "Lãi suất", "Hợp đồng thuê nhà ở", "Bồi thường thiệt hại do súc vật gây ra", "Quyền về lối đi qua"].map((title, i) => ({
      id: `blds#${700 + i}`,
      documentId: "blds",
      title,
      citation: `Điều ${700 + i}`,
      text: `${title} theo quy định của Bộ luật này.`,
    })),
  ];
  const engine = async (looseSynonyms: LooseSynonymOptions, synonymGroups = groups) => {
    const e = new SearchEngine({ embeddings: new HashingEmbeddings(), mode: "lexical", synonymGroups, retriever: { ...DEFAULT_RETRIEVER_OPTIONS, looseSynonyms } });
    await e.upsertDocument("blds", chunks);
    return e;
  };
  const asked = "Bố tôi lúc hấp hối có nói lại là để căn nhà cho chú út, vậy được không?";

  it("reaches the article a story names only in everyday words, and not when the option is off", async () => {
    // At three times an exact synonym's weight: in so small an index the story's own words weigh a lot.
    expect((await (await engine({ ...ANY, weight: 3 })).search(asked))[0]?.id).toBe("blds#629");
    expect((await (await engine(NO_LOOSE_SYNONYMS)).search(asked))[0]?.id).not.toBe("blds#629");
  });

  it("leaves a question read as English to the English table", async () => {
    const e = await engine({ ...ANY, weight: 3 });
    const prepared = e.prepare(asked);
    // The same words, had they come from an English question's translation.
    const english = await e.search({ ...prepared, question: { ...prepared.question, language: "en" } });
    expect(english[0]?.id).not.toBe("blds#629");
  });

  it("ships on, with the tuned setting", () => {
    expect(DEFAULT_RETRIEVER_OPTIONS.looseSynonyms).toEqual(DEFAULT_LOOSE_SYNONYMS);
    expect(DEFAULT_LOOSE_SYNONYMS.threshold).toBeLessThanOrEqual(1);
  });
});
