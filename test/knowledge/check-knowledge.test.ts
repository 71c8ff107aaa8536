// kb check and the sync's refusals as an editor meets them: each problem names the file and the
// line, a document with a broken rule is not published while the rest keeps serving, local facts
// still to fill in are listed, and the shipped knowledge folder passes.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Db } from "../../src/db/client.ts";
import { migrateDatabase } from "../../src/db/migrate.ts";
import { checkKnowledge } from "../../src/knowledge/admin/check-knowledge.ts";
import { syncDirectory } from "../../src/knowledge/admin/sync-directory.ts";
import { defaultTopics } from "../../src/knowledge/topics.ts";
import { createTestDatabase, repoRoot, tempDir, type TestDatabase } from "../support/env.ts";

const law = (number: string, extra = "") => `---
title: Luật thử ${number}
short_title: Luật thử ${number}
kind: law
number: ${number}
issuer: Quốc hội
issued: 2020-01-01
effective: 2021-01-01
status: in_force
source: "vbpl.vn"
reviewed: 2026-11-01
topics: [phap-luat]
${extra}---

### Điều 1. Phạm vi
Luật này quy định việc thử nghiệm số ${number}.
`;

describe("kb check", () => {
  const dir = tempDir("ya-kbcheck-");
  const today = new Date("2026-12-06T00:00:00Z");
  beforeAll(() => {
    writeFileSync(path.join(dir.path, "a-luat-moi.md"), law("10/2025/QH15"));
    // Claims a number another document already has.
    writeFileSync(path.join(dir.path, "b-trung-so.md"), law("10/2025/QH15"));
    // Replaced, but by a number no document in the base has.
    writeFileSync(path.join(dir.path, "c-luat-cu.md"), law("5/2010/QH12").replace("status: in_force", "status: replaced\nreplaced_by: 99/2025/QH15"));
    writeFileSync(
      path.join(dir.path, "d-hoi-dap.md"),
      `---
title: Hỏi đáp thử
kind: faq
status: in_force
source: "Ban biên tập"
reviewed: 2025-01-15
topics: [viec-lam, khong-co-chu-de-nay]
---

## Hỏi: Câu có đủ cách hỏi?
Nhãn: Câu đủ
Cách hỏi khác:
- cau co du cach hoi
Đáp: Có.

## Hỏi: Câu thiếu cách hỏi khác?
Đáp: Thiếu, nên không được đăng.
<!-- cần bổ sung: số điện thoại của trung tâm -->
`,
    );
    writeFileSync(path.join(dir.path, "e-hong.md"), "---\ntitle: [chưa đóng\nkind: faq\n---\nNội dung.\n");
    mkdirSync(path.join(dir.path, "_sources"));
    writeFileSync(path.join(dir.path, "_sources", "ghi-chu.yaml"), "laws: []\n");
  });
  afterAll(() => dir.remove());

  it("names file and line of every problem, and lists the local facts to fill in", async () => {
    const report = await checkKnowledge({ dir: dir.path, topics: defaultTopics(), today });
    const at = (file: string, level: string) => report.issues.filter((i) => i.file === file && i.level === level);
    expect(at("b-trung-so.md", "error")).toEqual([expect.objectContaining({ line: 5, message: expect.stringContaining("already claimed by a-luat-moi.md") })]);
    expect(at("c-luat-cu.md", "error")).toEqual([expect.objectContaining({ line: 10, message: expect.stringContaining("99/2025/QH15") })]);
    expect(at("d-hoi-dap.md", "error")).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ line: 7, message: expect.stringContaining("khong-co-chu-de-nay") }),
        expect.objectContaining({ line: 16, message: expect.stringContaining("without other phrasings") }),
      ]),
    );
    expect(at("d-hoi-dap.md", "warning")).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ line: 6, message: expect.stringContaining("more than 12 months") }),
        expect.objectContaining({ line: 16, message: expect.stringContaining("label") }),
      ]),
    );
    expect(at("d-hoi-dap.md", "gap")).toEqual([expect.objectContaining({ line: 18, message: "số điện thoại của trung tâm" })]);
    expect(at("e-hong.md", "error")).toEqual([expect.objectContaining({ line: expect.any(Number), message: expect.stringContaining("not valid YAML") })]);
    expect(at("a-luat-moi.md", "error")).toEqual([]);
    // Notes for editors in folders starting with "_" are not documents.
    expect(report.issues.some((i) => i.file.startsWith("_sources"))).toBe(false);
  });

  it("sync refuses what breaks a rule across documents and publishes the rest", async () => {
    let testDb: TestDatabase | undefined;
    let db: Db | undefined;
    try {
      testDb = await createTestDatabase("sqlite");
      await migrateDatabase(testDb.target);
      db = await openDatabase(testDb.target);
      const report = await syncDirectory({ db, dir: dir.path });
      const failed = Object.fromEntries(report.failed.map((f) => [f.file, f.reason]));
      expect(failed["b-trung-so.md"]).toMatch(/^line 5: number 10\/2025\/QH15 is already claimed/);
      expect(failed["c-luat-cu.md"]).toMatch(/^line 10: replaced_by 99\/2025\/QH15/);
      expect(failed["e-hong.md"]).toMatch(/YAML/);
      const published = await db.prisma.document.findMany({ select: { sourcePath: true } });
      expect(published.map((d) => d.sourcePath).sort()).toEqual(["knowledge/a-luat-moi.md", "knowledge/d-hoi-dap.md"]);
      // The entry without phrasings still parses; kb check is what keeps it out of CI.
      const citations = (await db.prisma.chunk.findMany({ select: { citation: true } })).map((c) => c.citation);
      expect(citations).toHaveLength(3); // Điều 1 of the law and the two questions
      expect(citations).toContainEqual(expect.stringContaining("Câu thiếu cách hỏi khác?"));
    } finally {
      await db?.close();
      await testDb?.cleanup();
    }
  });

  it("the shipped knowledge folder has no errors", async () => {
    const report = await checkKnowledge({ dir: path.join(repoRoot, "knowledge"), topics: defaultTopics(), today: new Date() });
    expect(report.issues.filter((i) => i.level === "error")).toEqual([]);
    expect(report.faqEntries).toBeGreaterThanOrEqual(300);
  });
});
