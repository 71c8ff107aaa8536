// Generated Vietnamese-looking material for when the real data is not there (a fresh clone has no
// ../shared/datasets/alqac), and for ingesting a larger set than knowledge/: laws with chapters and
// articles, and questions that paraphrase one article each. Deterministic (seeded), so runs compare.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

const SYLLABLES = (
  "thanh niên lao động việc làm học nghề hợp đồng bảo hiểm xã hội thất nghiệp trợ cấp khởi nghiệp vay vốn " +
  "doanh nghiệp người sử dụng quyền nghĩa vụ trách nhiệm cơ quan nhà nước ủy ban nhân dân tỉnh huyện xã " +
  "đoàn thể đào tạo giáo dục sức khỏe gia đình trẻ em cư trú đăng ký hồ sơ thủ tục thời hạn ngày tháng năm " +
  "mức lương tối thiểu vùng thử việc chấm dứt bồi thường kỷ luật an toàn vệ sinh nghỉ phép làm thêm giờ"
).split(" ");

/** A small seeded generator (mulberry32): the same seed gives the same corpus. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function words(rand: () => number, n: number): string {
  return Array.from({ length: n }, () => SYLLABLES[Math.floor(rand() * SYLLABLES.length)]!).join(" ");
}

interface Article {
  id: string;
  lawId: string;
  title: string;
  text: string;
}

function articles(opts: { laws: number; articlesPerLaw: number; seed: number }): Article[] {
  const rand = random(opts.seed);
  const out: Article[] = [];
  for (let l = 1; l <= opts.laws; l++) {
    for (let a = 1; a <= opts.articlesPerLaw; a++) {
      const sentences = Array.from({ length: 3 + Math.floor(rand() * 5) }, () => `${words(rand, 12 + Math.floor(rand() * 12))}.`);
      out.push({ id: `law-${l}#${a}`, lawId: `law-${l}`, title: `Luật mẫu số ${l}, Điều ${a}. ${words(rand, 4)}`, text: sentences.join(" ") });
    }
  }
  return out;
}

/** corpus.jsonl and questions.jsonl in the ALQAC format, in `dir`. */
export function writeRetrievalSet(dir: string, opts = { laws: 60, articlesPerLaw: 25, questions: 400, seed: 42 }): {
  corpusFile: string;
  questionsFile: string;
} {
  mkdirSync(dir, { recursive: true });
  const corpus = articles(opts);
  const rand = random(opts.seed + 1);
  const questions = Array.from({ length: opts.questions }, (_, i) => {
    const article = corpus[Math.floor(rand() * corpus.length)]!;
    const tokens = article.text.replace(/\./g, "").split(" ");
    const start = Math.floor(rand() * Math.max(1, tokens.length - 10));
    return { qid: `q${i}`, question: `${tokens.slice(start, start + 8).join(" ")} là gì?`, relevant: [article.id] };
  });
  const corpusFile = path.join(dir, "corpus.jsonl");
  const questionsFile = path.join(dir, "questions.jsonl");
  writeFileSync(corpusFile, corpus.map((a) => JSON.stringify({ id: a.id, title: a.title, text: a.text, law_id: a.lawId })).join("\n") + "\n");
  writeFileSync(questionsFile, questions.map((q) => JSON.stringify(q)).join("\n") + "\n");
  return { corpusFile, questionsFile };
}

/** `documents` Markdown laws in the knowledge folder format, in `dir`. */
export function writeKnowledgeFolder(dir: string, opts = { documents: 200, articlesPerLaw: 25, seed: 7 }): void {
  mkdirSync(dir, { recursive: true });
  const all = articles({ laws: opts.documents, articlesPerLaw: opts.articlesPerLaw, seed: opts.seed });
  for (let l = 1; l <= opts.documents; l++) {
    const body = all
      .filter((a) => a.lawId === `law-${l}`)
      .map((a, i) => `${i % 10 === 0 ? `## Chương ${i / 10 + 1}. ${a.title.split(". ")[1]}\n\n` : ""}### Điều ${i + 1}. ${a.title.split(". ")[1]}\n${a.text}\n`)
      .join("\n");
    const front = ["---", `title: Luật mẫu số ${l}`, `short_title: Luật mẫu ${l}`, "kind: law", "issuer: Quốc hội", "status: in_force", "topics: [phap-luat]", "---", ""];
    writeFileSync(path.join(dir, `luat-mau-${String(l).padStart(3, "0")}.md`), front.join("\n") + "\n" + body);
  }
}
