// Use case: "try a question" for staff — the ranked passages the knowledge base finds, with their
// scores and whether each is confident enough to answer from, and the reply the bot would give
// (the composed answer, or the fallback text when nothing is confident).
import type { Prompts } from "../prompts.ts";
import { composeAnswer } from "./compose-answer.ts";
import type { KnowledgeSearch, Passage } from "./passage.ts";

export interface TriedQuestion {
  question: string;
  passages: Passage[];
  answered: boolean;
  reply: string;
}

export async function tryQuestion(opts: { knowledge: KnowledgeSearch; prompts: Prompts; question: string; k?: number }): Promise<TriedQuestion> {
  const question = opts.question.trim();
  const passages = await opts.knowledge.search(question, { k: opts.k ?? 8 });
  const composed = composeAnswer({ question, passages, prompts: opts.prompts, locale: "vi" });
  return {
    question,
    passages,
    answered: composed !== null,
    reply: composed?.text ?? opts.prompts.t("vi", "fallback"),
  };
}
