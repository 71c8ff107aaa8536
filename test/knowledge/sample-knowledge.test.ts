// The sample knowledge base in knowledge/ as young people would use it: every file ingests, typical
// questions (with or without diacritics, in chat spelling) are answered from the right document,
// and questions it does not cover fall back instead of pasting something unrelated.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/client.ts";
import { migrateDatabase } from "../../src/db/migrate.ts";
import { syncDirectory } from "../../src/knowledge/admin/sync-directory.ts";
import { runApp, type RunningApp } from "../support/app.ts";
import { createTestDatabase, repoRoot, type TestDatabase } from "../support/env.ts";

const KNOWLEDGE = path.join(repoRoot, "knowledge");

describe("the sample knowledge base", () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await runApp({ env: { KNOWLEDGE_DIR: KNOWLEDGE } });
  });
  afterAll(async () => {
    await app.stop();
  });

  it("ingests every document without a failure", async () => {
    let testDb: TestDatabase | undefined;
    try {
      testDb = await createTestDatabase("sqlite");
      await migrateDatabase(testDb.target);
      const db = await openDatabase(testDb.target);
      const report = await syncDirectory({ db, dir: KNOWLEDGE });
      await db.close();
      expect(report.failed).toEqual([]);
      expect(report.created).toBeGreaterThanOrEqual(25);
    } finally {
      await testDb?.cleanup();
    }
  });

  it.each([
    ["thanh niên là người bao nhiêu tuổi", "16 tuổi đến 30 tuổi"],
    ["tn la bn tuoi", "16 tuổi đến 30 tuổi"],
    ["tháng thanh niên là tháng mấy", "Tháng 3"],
    ["dieu kien huong bhtn", "12 tháng"],
    ["mức hưởng trợ cấp thất nghiệp hằng tháng", "60%"],
    ["lương tối thiểu vùng 1 năm 2026", "5.310.000"],
    ["bao nhiêu tuổi phải đi nghĩa vụ quân sự", "18 tuổi"],
    ["đi lính mấy năm", "24 tháng"],
    ["ai được trợ giúp pháp lý miễn phí", "Điều 7"],
    ["số điện thoại tổng đài bảo vệ trẻ em", "111"],
    ["thử việc tối đa bao lâu", "180 ngày"],
    ["bao nhiêu tuổi thì được đi làm", "15 tuổi"],
    ["trẻ em là người bao nhiêu tuổi", "dưới 16 tuổi"],
    ["quy chế phối hợp giữa ubnd tỉnh và tỉnh đoàn có mấy nội dung", "6 nội dung"],
    ["ai ký quy chế phối hợp giữa UBND tỉnh và Tỉnh đoàn", "Bí thư Tỉnh đoàn"],
    ["làm sao để xóa dữ liệu của tôi", "/xoadulieu"],
    ["vay vốn khởi nghiệp ở đâu", "Ngân hàng Chính sách xã hội"],
  ])("answers %j from the knowledge base, at once or after one tap", async (question, expected) => {
    const res = await app.chat("sample-kb", question);
    expect(["answer", "clarify"]).toContain(res.kind);
    // When the bot asks back, one of its choices must lead to the answer.
    const answers =
      res.kind === "answer"
        ? [res]
        : await Promise.all(
            res.replies[0].choices.map(async (_: unknown, i: number) => {
              const user = `sample-kb-tap-${question}-${i}`;
              const again = await app.chat(user, question);
              return app.chat(user, "", { choice: again.replies[0].choices[i].id });
            }),
          );
    const right = answers.find((a) => a.kind === "answer" && a.replies[0].text.includes(expected));
    expect(right?.replies[0].text ?? answers.map((a) => a.replies[0].text).join(" | ")).toContain(expected);
    expect(right.replies[0].text).toMatch(/Nguồn: /);
  });

  it.each(["giá vàng hôm nay", "thời tiết hà nội ngày mai", "kết quả bóng đá việt nam tối qua", "cách nấu phở bò", "asdkjh qwe zxc"])(
    "falls back on %j",
    async (question) => {
      const res = await app.chat("sample-kb-out", question);
      expect(res.kind).toBe("fallback");
      expect(res.sources).toEqual([]);
    },
  );

  it("says from its metadata that a replaced law is no longer in force, and what replaced it", async () => {
    const res = await app.chat("sample-kb-old", "Luật Việc làm 2013 còn hiệu lực không?");
    expect(res.kind).toBe("answer");
    expect(res.replies[0].text).toContain("không còn hiệu lực");
    expect(res.replies[0].text).toContain("74/2025/QH15");
    expect(res.replies[0].text).toContain("áp dụng từ ngày 1/1/2026");
  });

  it("tells a replaced law's status and, when the message also asks about one of its rules, the rule that applies now", async () => {
    const res = await app.chat("sample-kb-rule", "Theo Luật Việc làm 2013 thì nộp hồ sơ thất nghiệp xong phải chờ 15 ngày mới được tính hưởng trợ cấp, luật này còn hiệu lực không?");
    expect(res.kind).toBe("answer");
    expect(res.replies[0].text).toContain("không còn hiệu lực");
    expect(res.replies[0].text).toMatch(/Quy định đang áp dụng:\n.*ngày làm việc thứ 11/s);
    // Asked for the status alone, the status alone.
    const only = await app.chat("sample-kb-status-only", "Luật Việc làm 2013 còn hiệu lực không ạ?");
    expect(only.replies[0].text).not.toContain("Quy định đang áp dụng");
  });

  it("names the law a law in force replaced, beside the date it applies from", async () => {
    const res = await app.chat("sample-kb-new", "Luật An ninh mạng 2025 có hiệu lực từ khi nào và thay thế luật nào?");
    expect(res.kind).toBe("answer");
    expect(res.replies[0].text).toContain("áp dụng từ ngày 1/7/2026");
    expect(res.replies[0].text).toContain("thay thế Luật An ninh mạng 2018 (24/2018/QH14)");
  });

  it("warns when an answer quotes a replaced law, naming what replaced it", async () => {
    // However the bot reaches the 2013 law's article (at once or after asking back), the warning comes with it.
    const res = await app.chat("sample-kb-old-2", "Điều 49 Luật Việc làm 2013 quy định gì về điều kiện hưởng bảo hiểm thất nghiệp");
    const answers = res.kind === "clarify"
      ? await Promise.all(res.replies[0].choices.map(async (c: { id: string }, i: number) => {
          const user = `sample-kb-old-tap-${i}`;
          const again = await app.chat(user, "Điều 49 Luật Việc làm 2013 quy định gì về điều kiện hưởng bảo hiểm thất nghiệp");
          return app.chat(user, "", { choice: again.replies[0].choices[i].id });
        }))
      : [res];
    const from2013 = answers.filter((a) => a.sources[0]?.title.includes("2013"));
    expect(from2013.length).toBeGreaterThan(0);
    for (const a of from2013) expect(a.replies[0].text).toMatch(/không còn hiệu lực.*Luật Việc làm 2025/s);
  });
});
