// What a young person reads when the answer is cut to its answering sentences: amounts written
// with thousands dots ("50.000 đồng") must reach them whole, never as "000 đồng".
import { describe, expect, it } from "vitest";
import { excerptFor, sentences } from "../../src/knowledge/answer/compose-answer.ts";

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
