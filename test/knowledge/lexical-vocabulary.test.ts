// The index spells a chunk's terms by number (lexical-vocabulary.ts) while questions are spelled
// as strings (lexical-terms.ts): a term the two spelled differently could never be found.
import { describe, expect, it } from "vitest";
import { documentTerms, type TermChannels } from "../../src/knowledge/index/lexical-terms.ts";
import { TermVocabulary } from "../../src/knowledge/index/lexical-vocabulary.ts";

const TEXTS = [
  "Thanh niên là công dân Việt Nam từ đủ 16 tuổi đến 30 tuổi.",
  "Điều 6. Quyền của thanh niên (Luật 57/2020/QH14) — hoà, thuỷ, kí tên; mười sáu tuổi, 7tr, 2tr5",
  "ban hang online co phai dang ky kinh doanh khong",
  "bán hàng, bạn bè; ban chấp hành… “Đoàn” – 2023-2027\nĐáp: có",
  "",
  "!!! ...",
];

const CHANNELS: TermChannels[] = [
  { bigrams: true, exact: true, folded: true },
  { bigrams: false, exact: true, folded: true },
  { bigrams: true, exact: false, folded: true },
  { bigrams: true, exact: true, folded: false },
  { bigrams: true, exact: true, folded: true, numbers: false },
];

describe("TermVocabulary", () => {
  it("spells every text into the terms a question is looked up by, in every channel setting", () => {
    for (const channels of CHANNELS) {
      const vocabulary = new TermVocabulary(channels);
      const spelling = () => new Map([...vocabulary.terms].map(([term, id]) => [id, term]));
      for (const text of [...TEXTS, ...TEXTS]) {
        const field = vocabulary.field(text);
        const expected = documentTerms(text, channels);
        const terms = spelling();
        expect(field.ids.map((id) => terms.get(id))).toEqual(expected.terms);
        expect(field.syllables).toBe(expected.syllables);
      }
      // One id per distinct term, ids dense from 0.
      expect([...vocabulary.terms.values()].sort((a, b) => a - b)).toEqual([...vocabulary.terms.keys()].map((_, i) => i));
    }
  });
});
