import { describe, expect, it } from "vitest";
import { defaultLexicon } from "../../src/knowledge/search/lexicon.ts";
import { contentWords, missingShare, passageWords } from "../../src/knowledge/search/phrasing-match.ts";
import { prepareQuery } from "../../src/knowledge/search/question.ts";

describe("missingShare", () => {
  const lexicon = defaultLexicon();
  const share = (question: string, passage: string) => missingShare(contentWords(prepareQuery(question, lexicon).analyzed), passageWords([passage]), () => 1);

  it("weighs the story around a long question a little: a passage on another subject that says the asking sentence's words leaves more unsaid", () => {
    const question =
      "Em 24 tuổi, đang nuôi heo, giờ muốn mở rộng chuồng mà thiếu vốn. Nghe nói có vay ưu đãi tạo việc làm cho thanh niên. Em nộp hồ sơ ở đâu và bao lâu thì biết kết quả ạ?";
    const residence = "Bạn nộp hồ sơ đăng ký tạm trú ở công an xã, phường; bao lâu biết kết quả: 3 ngày làm việc.";
    const loan = "Bạn nộp hồ sơ vay vốn ưu đãi tạo việc làm ở đâu: Ngân hàng Chính sách xã hội; bao lâu biết kết quả: 5 ngày làm việc.";
    expect(share(question, residence)).toBeGreaterThan(share(question, loan));
    // Still a little: the asking sentence decides, so the residence passage leaves less than a fifth unsaid.
    expect(share(question, residence)).toBeLessThan(0.2);
  });

  it("counts a condition of a few words before the question in full: a passage about someone else leaves it unsaid", () => {
    const question = "Anh em bị khuyết tật nặng, công ty xếp anh làm ca đêm thì có đúng luật không ạ?";
    const pregnant = "Lao động nữ mang thai từ tháng thứ 7 không phải làm ca đêm; công ty xếp làm ca đêm là trái luật.";
    const disabled = "Người khuyết tật nặng không phải làm ca đêm nếu không đồng ý; công ty xếp làm ca đêm là trái luật.";
    expect(share(question, pregnant)).toBeGreaterThan(0.2);
    expect(share(question, disabled)).toBeLessThan(0.05);
  });

  it("counts a short question whole", () => {
    expect(share("nộp hồ sơ vay vốn ở đâu", "Nộp hồ sơ vay vốn tại Ngân hàng Chính sách xã hội.")).toBe(0);
  });
});
