// Use cases: turn a staff answer to an escalated question into a knowledge-base FAQ entry. The
// draft gathers the question, the answer and a few other wordings (the question without
// diacritics and similar questions the bot recently could not answer); the console renders it in
// the FAQ format of knowledge/README.md for an administrator to edit. Saving ingests it as
// "upload/hoi-dap-<code>.md", live at once.
import { systemClock } from "../../clock.ts";
import type { Db } from "../../db/client.ts";
import { recordAudit } from "../../db/audit-log.ts";
import { AppError } from "../../errors.ts";
import { findUnansweredQuestions } from "./group-unanswered-questions.ts";
import { ingestDocument, type IngestResult } from "./ingest-document.ts";
import { foldDiacritics } from "../text.ts";
import { foldedTokens, jaccard } from "../search/text-similarity.ts";
import { UPLOAD_PREFIX } from "./upload-document.ts";

export interface FaqDraft {
  code: string;
  question: string;
  answer: string;
  departmentName: string;
  topic: string | null;
  alternatives: string[];
  sourcePath: string;
}

export function faqSourcePath(code: string): string {
  return `${UPLOAD_PREFIX}hoi-dap-${code.toLowerCase()}.md`;
}

export async function draftFaqEntry(opts: { db: Db; code: string; now?: Date }): Promise<FaqDraft> {
  const p = await opts.db.prisma.proposal.findUnique({
    where: { code: opts.code.trim().toUpperCase() },
    select: { code: true, kind: true, content: true, answer: true, topic: true, department: { select: { name: true } } },
  });
  if (!p) throw new AppError("not_found", { message: `proposal ${opts.code} not found` });
  if (!p.answer) throw new AppError("conflict", { message: `${p.code} has no staff answer yet` });
  const question = oneLine(p.content);
  const now = opts.now ?? systemClock.now();
  const recent = await findUnansweredQuestions({ db: opts.db, from: new Date(now.getTime() - 90 * 86_400_000), to: now, limit: 1000 });
  const tokens = foldedTokens(question);
  const alternatives = new Set<string>();
  const folded = foldDiacritics(question.toLowerCase());
  if (folded !== question.toLowerCase()) alternatives.add(folded);
  for (const q of recent) {
    if (alternatives.size >= 4) break;
    const text = oneLine(q.text);
    if (text.toLowerCase() !== question.toLowerCase() && jaccard(tokens, foldedTokens(text)) >= 0.4) alternatives.add(text);
  }
  return {
    code: p.code,
    question,
    answer: p.answer.trim(),
    departmentName: p.department.name,
    topic: p.topic,
    alternatives: [...alternatives],
    sourcePath: faqSourcePath(p.code),
  };
}

export async function saveFaqEntry(opts: { db: Db; code: string; markdown: string; actor: string; maxBytes: number }): Promise<IngestResult & { sourcePath: string }> {
  const sourcePath = faqSourcePath(opts.code.trim().toUpperCase());
  const result = await ingestDocument({
    db: opts.db,
    sourcePath,
    fileName: sourcePath.slice(UPLOAD_PREFIX.length),
    bytes: new TextEncoder().encode(opts.markdown.replace(/\r\n/g, "\n")),
    updatedBy: opts.actor,
    limits: { maxBytes: opts.maxBytes },
  });
  await recordAudit(opts.db.prisma, { actor: opts.actor, action: "faq.save", target: sourcePath, detail: { from: opts.code, status: result.status, chunks: result.chunks } });
  return { ...result, sourcePath };
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}
