// Developer tool: how the engine reads questions and what it would do, one line per question from
// a file or stdin, against a throw-away knowledge base of the knowledge folder. Shows the reading
// (language, answer type, focus), the top candidates with their evidence and the decision, to see
// why a question fails before changing the engine.
//   npx tsx scripts/ask.ts [questions.txt]   (or: echo "câu hỏi" | npx tsx scripts/ask.ts; TOP=12 shows more candidates)
import { readFileSync } from "node:fs";
import { withThrowawayKnowledgeBase } from "../src/knowledge/admin/throwaway-knowledge-base.ts";

const input = readFileSync(process.argv[2] ?? 0, "utf8").split("\n").map((l) => l.trim()).filter(Boolean);
const f = (n: number | undefined) => (n ?? 0).toFixed(2);

await withThrowawayKnowledgeBase({ knowledgeDir: "knowledge" }, async (kb) => {
  for (const text of input) {
    const asked = await kb.ask(text);
    const q = asked.question;
    const d = asked.decision;
    console.log(`\n== ${text}\n   ${q.language} type=${q.type} asks=${q.asks} status=${q.asksStatus} ages=${q.ages.join(",")} content=${q.contentWords} focus="${q.focus}"`);
    const chosen = d.outcome === "answer" ? [d.best.chunkId, ...(d.also ? [d.also.chunkId] : [])] : d.outcome === "clarify" ? d.options.map((o) => o.chunkId) : [];
    console.log(`   → ${d.outcome}`);
    for (const p of d.passages.slice(0, Number(process.env.TOP ?? 5))) {
      const e = p.evidence;
      console.log(`   ${chosen.includes(p.chunkId) ? "*" : " "} ${f(p.score)} eng=${f(e?.engine)} cov=${f(e?.coverage)} miss=${f(e?.missing)} f1=${f(e?.phrasing.f1)} r${e?.rank} | ${p.title} – ${p.label || p.heading}`);
    }
  }
});
