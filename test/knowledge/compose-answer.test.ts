// What a young person reads when the answer is cut to its answering sentences: amounts written
// with thousands dots ("50.000 đồng") must reach them whole, never as "000 đồng".
import { describe, expect, it } from "vitest";
import { composeAnswer, excerptFor, sentences, workedExample } from "../../src/knowledge/answer/compose-answer.ts";
import { Prompts } from "../../src/prompts.ts";

describe("sentences", () => {
  it("does not end a sentence inside a number or an abbreviation", () => {
    expect(sentences("Tiền ăn 50.000 đồng/ngày, tiền ở 400.000 đồng/tháng. Tổng không quá 12 tháng v.v. Hết.")).toEqual([
      "Tiền ăn 50.000 đồng/ngày, tiền ở 400.000 đồng/tháng.",
      "Tổng không quá 12 tháng v.v.",
      "Hết.",
    ]);
  });

  it("keeps every character of the text", () => {
    const text = "Có. Lương 18.500.000 đồng; phụ cấp 1,5 triệu! Hỏi gì?";
    expect(sentences(text).join(" ")).toBe(text);
  });
});

describe("excerptFor", () => {
  it("keeps the amount whole when a long answer is cut to the sentence asked for", () => {
    const answer =
      "Có. Thanh niên hoàn thành nghĩa vụ quân sự được hỗ trợ học trình độ sơ cấp hoặc khóa dưới 3 tháng: học phí theo mức thu thực tế, tiền ăn 50.000 đồng/ngày, tiền đi lại, tổng không quá 12 tháng lương cơ sở (khoản 1 Điều 12 Luật Việc làm 2025). " +
      "Bạn phải có nhu cầu học trong 60 tháng kể từ ngày hoàn thành nghĩa vụ (khoản 2 Điều 26). ".repeat(3) +
      "Học xong, nộp giấy đề nghị, quyết định xuất ngũ, chứng chỉ và biên lai học phí tại Trung tâm Phục vụ hành chính công (Điều 27, 28).";
    const excerpt = excerptFor("bộ đội xuất ngũ học nghề được hỗ trợ tiền ăn bao nhiêu một ngày", answer, 420, "money");
    expect(excerpt).toContain("tiền ăn 50.000 đồng/ngày");
    expect(excerpt).not.toMatch(/(^|\s)000 đồng/);
  });
});

describe("sentences inside brackets", () => {
  it("keeps a citation with its sentence even when it lists several articles", () => {
    expect(sentences("Có. Tổng không quá 12 tháng lương cơ sở (khoản 1 Điều 12 Luật Việc làm 2025; Điều 50 Luật Nghĩa vụ quân sự 2015). Hết.")).toEqual([
      "Có.",
      "Tổng không quá 12 tháng lương cơ sở (khoản 1 Điều 12 Luật Việc làm 2025; Điều 50 Luật Nghĩa vụ quân sự 2015).",
      "Hết.",
    ]);
  });
});

describe("workedExample", () => {
  const benefit = "Mỗi tháng bạn được 60% bình quân tiền lương tháng đã đóng bảo hiểm thất nghiệp của 6 tháng gần nhất, nhưng tối đa 5 lần lương tối thiểu vùng.";

  it("works the rule out for the pay the person gave, however they wrote it", () => {
    expect(workedExample("lương đóng bhtn của mik 8tr thì tc thất nghiệp dc bn 1 tháng z", benefit)).toEqual({ amount: "8 triệu đồng", percent: "60", result: "4,8 triệu đồng" });
    expect(workedExample("lương 6,5 triệu thì trợ cấp bao nhiêu", benefit)?.result).toBe("3,9 triệu đồng");
    expect(workedExample("lương 7.500.000 đồng thì được bao nhiêu", benefit)?.result).toBe("4,5 triệu đồng");
    expect(workedExample("cty trả 7 củ thì thử việc dc bn", "Lương thử việc ít nhất bằng 85% mức lương của công việc đó.")?.result).toBe("5,95 triệu đồng");
  });

  it("says nothing when it would be a guess", () => {
    expect(workedExample("trợ cấp thất nghiệp bao nhiêu", benefit)).toBeNull();
    expect(workedExample("lương 7 triệu mà thử việc trả 4 triệu", benefit)).toBeNull();
    // Overtime is a share of an hour's pay, not of the month's.
    expect(workedExample("lương 8 triệu làm thêm ngày lễ được bao nhiêu", "Làm thêm vào ngày lễ được trả ít nhất 300% tiền lương giờ.")).toBeNull();
  });
});

describe("composeAnswer with a pay given", () => {
  it("adds the worked-out amount before the source line", () => {
    const prompts = Prompts.load({ botName: "Trợ lý", orgName: "Tỉnh đoàn" });
    const passage = {
      chunkId: "c1", documentId: "d1", score: 0.9, confident: true, title: "Hỏi đáp bảo hiểm thất nghiệp", citation: "Mức hưởng", heading: "Mức hưởng",
      text: "Mỗi tháng bạn được 60% bình quân tiền lương tháng đã đóng bảo hiểm thất nghiệp (khoản 1 Điều 39 Luật Việc làm 2025).", label: "Mức hưởng",
      kind: "faq" as const, status: "in_force" as const, topics: [],
    };
    const { text } = composeAnswer({ question: "lương 8tr thì trợ cấp thất nghiệp được bao nhiêu", type: "money", passage, prompts, locale: "vi" });
    const lines = text.split("\n\n");
    expect(lines.at(-2)).toBe("Với mức 8 triệu đồng bạn nêu: 60% là khoảng 4,8 triệu đồng.");
    expect(lines.at(-1)).toMatch(/^Nguồn: Hỏi đáp bảo hiểm thất nghiệp/);
  });
});
