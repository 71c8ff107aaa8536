// English questions are also matched word for word against the English phrasing of each FAQ
// entry: the entry asked the same way in English must match far better than a neighbour on the
// same subject, and Vietnamese phrasings are never taken for English ones.
import { describe, expect, it } from "vitest";
import { EnglishVocabulary, englishTerms, isEnglishPhrasing } from "../../src/knowledge/search/english-phrasing.ts";
import { bestPhrasingMatch } from "../../src/knowledge/search/phrasing-match.ts";

describe("English phrasings", () => {
  it("tells English phrasings from Vietnamese ones, marked or not", () => {
    expect(isEnglishPhrasing("How long must I pay unemployment insurance before I can claim benefits?")).toBe(true);
    expect(isEnglishPhrasing("dong bao hiem that nghiep bao lau thi duoc huong")).toBe(false);
    expect(isEnglishPhrasing("Đóng bảo hiểm thất nghiệp bao lâu thì được hưởng?")).toBe(false);
    expect(isEnglishPhrasing("bhtn")).toBe(false);
  });

  it("reads plural and -ing forms as the same word and keeps neighbouring pairs", () => {
    const terms = englishTerms("Paying unemployment benefits");
    expect([...terms].sort()).toEqual(["benefit", "pay", "pay unemployment", "unemployment", "unemployment benefit"]);
  });

  it("prefers the entry whose English phrasing asks the same thing", () => {
    const duration = [englishTerms("How many months of unemployment benefit can I receive?")];
    const amount = [englishTerms("How much unemployment benefit do I get each month?")];
    const vocabulary = new EnglishVocabulary();
    vocabulary.add(duration);
    vocabulary.add(amount);
    for (const other of ["Can I keep my ID card?", "When did the Youth Law take effect?", "Where do I register temporary residence?"]) {
      vocabulary.add([englishTerms(other)]);
    }
    const question = new Map([...englishTerms("I paid for 30 months. How many months of benefit will I receive?")].map((t) => [t, 1]));
    const idf = (t: string) => vocabulary.idf(t);
    const toDuration = bestPhrasingMatch(question, duration, idf, () => 1);
    const toAmount = bestPhrasingMatch(question, amount, idf, () => 1);
    expect(toDuration.f1).toBeGreaterThan(0.3);
    expect(toDuration.f1).toBeGreaterThan(toAmount.f1 * 1.5);
  });
});
