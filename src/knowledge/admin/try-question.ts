// Use case: "try a question" for staff — how the bot reads the question, the ranked passages with
// their confidence, what it decides (answer, ask back, a document's status, or "not sure") and the
// reply it would give, so an editor sees why a question is answered the way it is.
import type { Prompts } from "../../prompts.ts";
import { composeAnswer, composeStatus } from "../answer/compose-answer.ts";
import type { KnowledgeSearch, Passage } from "../passage.ts";

export interface TriedQuestion {
  question: string;
  passages: Passage[];
  outcome: "answer" | "clarify" | "status" | "fallback";
  answered: boolean;
  reply: string;
  /** For a clarifying question: the choices offered. */
  options: string[];
}

export async function tryQuestion(opts: { knowledge: KnowledgeSearch; prompts: Prompts; question: string }): Promise<TriedQuestion> {
  const question = opts.question.trim();
  const asked = await opts.knowledge.ask(question);
  const d = asked.decision;
  const base = { question, passages: d.passages, outcome: d.outcome, options: [] as string[] };
  switch (d.outcome) {
    case "answer": {
      const composed = composeAnswer({ question, type: asked.question.type, passage: d.best, prompts: opts.prompts, locale: "vi" });
      return { ...base, answered: true, reply: composed.text };
    }
    case "clarify":
      return { ...base, answered: false, reply: opts.prompts.t("vi", "clarify.ask"), options: d.options.map((p) => p.label || p.heading) };
    case "status":
      return { ...base, answered: true, reply: composeStatus(d.document, opts.prompts, "vi") };
    case "fallback":
      return { ...base, answered: false, reply: opts.prompts.t("vi", "fallback") };
  }
}
