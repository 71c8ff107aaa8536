// The knowledge base as a running service sees it: the CLI ingests a folder (reporting broken
// files by name), changes go live in a running instance without a restart, and the index persists
// under DATA_DIR across restarts.
import { execFile } from "node:child_process";
import { cpSync, existsSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runApp, type RunningApp } from "../support/app.ts";
import { repoRoot, tempDir } from "../support/env.ts";

const run = promisify(execFile);

const NEW_DOC = `---
title: Hướng dẫn thẻ thư viện tỉnh
short_title: Thẻ thư viện
kind: faq
status: in_force
topics: [van-hoa]
---

## Hỏi: Làm thẻ thư viện tỉnh ở đâu?
Cách hỏi khác:
- lam the thu vien o dau
Đáp: Bạn mang căn cước đến quầy lễ tân Thư viện tỉnh để làm thẻ thư viện miễn phí trong ngày.
`;

async function waitFor<T>(fn: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (ok(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("knowledge base in a running service", () => {
  const data = tempDir();
  const kbDir = tempDir();
  let app: RunningApp;
  const env = () => ({ KNOWLEDGE_DIR: kbDir.path, KNOWLEDGE_POLL_MS: "200" });
  const cli = (...args: string[]) =>
    run(process.execPath, ["--import", "tsx", "src/cli/index.ts", ...args], {
      cwd: repoRoot,
      env: { ...process.env, DATA_DIR: data.path, KNOWLEDGE_DIR: kbDir.path, LOG_LEVEL: "silent" },
    });

  beforeAll(async () => {
    cpSync(path.join(repoRoot, "test/fixtures/knowledge"), kbDir.path, { recursive: true });
    app = await runApp({ dataDir: data.path, env: env() });
  });
  afterAll(async () => {
    await app.stop();
    kbDir.remove();
  });

  it("makes a document added by the CLI searchable in the running service within seconds", async () => {
    expect((await app.chat("kb-1", "làm thẻ thư viện tỉnh ở đâu")).kind).toBe("fallback");
    writeFileSync(path.join(kbDir.path, "the-thu-vien.md"), NEW_DOC);
    writeFileSync(path.join(kbDir.path, "hong.pdf"), "this is not a pdf");
    const ingest = await cli("kb", "ingest").catch((err: { stdout: string; code: number }) => err);
    expect(ingest.stdout).toContain("1 added");
    expect(ingest.stdout).toMatch(/hong\.pdf: .*(PDF|pdf)/);
    const answer = await waitFor(() => app.chat("kb-2", "lam the thu vien o dau"), (r) => String(r.replies[0].text).includes("Thư viện tỉnh"));
    expect(answer.kind).toBe("answer");
    expect(answer.replies[0].text).toContain("Thư viện tỉnh");
  });

  it("follows a changed document and forgets a removed one", async () => {
    writeFileSync(path.join(kbDir.path, "the-thu-vien.md"), NEW_DOC.replace("miễn phí trong ngày", "với phí 20.000 đồng"));
    rmSync(path.join(kbDir.path, "hong.pdf"));
    await cli("kb", "ingest");
    const changed = await waitFor(() => app.chat("kb-3", "làm thẻ thư viện tỉnh ở đâu"), (r) => String(r.replies[0].text).includes("20.000"));
    expect(changed.replies[0].text).toContain("20.000 đồng");
    rmSync(path.join(kbDir.path, "the-thu-vien.md"));
    await cli("kb", "ingest");
    const gone = await waitFor(() => app.chat("kb-4", "làm thẻ thư viện tỉnh ở đâu"), (r) => r.kind === "fallback");
    expect(gone.kind).toBe("fallback");
  });

  it("keeps its index under DATA_DIR and loads it on the next start", async () => {
    await app.stop({ keepData: true });
    expect(existsSync(path.join(data.path, "index", "documents.json"))).toBe(true);
    app = await runApp({ dataDir: data.path, env: env() });
    const res = await app.chat("kb-5", "thanh niên là người bao nhiêu tuổi");
    expect(res.kind).toBe("answer");
  });

  it("searches from the CLI, with JSON output", async () => {
    const { stdout } = await cli("kb", "search", "tháng thanh niên là tháng mấy", "--k", "2", "--json");
    const result = JSON.parse(stdout.trim().split("\n").at(-1)!);
    expect(result.passages).toHaveLength(2);
    expect(result.passages[0].citation).toContain("Điều 5");
  });

  it("evaluates retrieval on a question set and prints one JSON object last", async () => {
    const dir = tempDir();
    const corpus = path.join(dir.path, "corpus.jsonl");
    const questions = path.join(dir.path, "questions.jsonl");
    writeFileSync(
      corpus,
      [
        { id: "a#1", title: "Luật A, Điều 1. Thanh niên", text: "Thanh niên là công dân Việt Nam từ đủ 16 tuổi đến 30 tuổi." },
        { id: "a#2", title: "Luật A, Điều 2. Tháng Thanh niên", text: "Tháng 3 hằng năm là Tháng Thanh niên." },
        { id: "b#1", title: "Luật B, Điều 1. Nghĩa vụ quân sự", text: "Công dân nam đủ 18 tuổi được gọi nhập ngũ." },
      ].map((l) => JSON.stringify(l)).join("\n"),
    );
    writeFileSync(
      questions,
      [
        { qid: "1", question: "Thanh niên là công dân từ bao nhiêu tuổi?", relevant: ["a#1"] },
        { qid: "2", question: "Tháng nào là Tháng Thanh niên?", relevant: ["a#2"] },
        { qid: "3", question: "Bao nhiêu tuổi thì nhập ngũ?", relevant: ["b#1"] },
      ].map((l) => JSON.stringify(l)).join("\n"),
    );
    const { stdout } = await cli("kb", "eval", "--corpus", corpus, "--questions", questions, "--fold-questions", "--json");
    const last = JSON.parse(stdout.trim().split("\n").at(-1)!);
    expect(Object.keys(last)).toEqual(["n", "recall@1", "recall@5", "recall@10", "mrr@10", "p50_ms", "p99_ms"]);
    expect(last.n).toBe(3);
    expect(last["recall@1"]).toBe(1);
    dir.remove();
  });
});
