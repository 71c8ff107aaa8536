// The question-answering step: asks the knowledge base, then turns its decision into replies. An
// answer leads with the sentences that answer and names the source; a clarifying question offers
// two or three choices (buttons on Telegram, numbers on Zalo, choice ids on the web) that lead
// straight to their answers and survive a restart in the dialogue state; "not sure" offers to pass
// the question to staff; "is it still in force?" is answered from the document's metadata. A
// question typed in English is answered in English, quoting the Vietnamese passage.
import { randomBytes } from "node:crypto";
import type { Logger } from "pino";
import { AppError } from "../errors.ts";
import { composeAnswer, composeStatus } from "../knowledge/answer/compose-answer.ts";
import type { KnowledgeSearch, Passage } from "../knowledge/passage.ts";
import type { AnswerType, Question } from "../knowledge/search/question.ts";
import type { Locale, Prompts } from "../prompts.ts";
import type { DialogState } from "./dialog-state.ts";
import { isFollowUp } from "./intent.ts";
import type { Choice } from "./messages.ts";
import { idleKeeping, type Outcome, type Turn } from "./turn.ts";

export interface AnswerDeps {
  knowledge: KnowledgeSearch;
  prompts: Prompts;
  log: Logger;
  llm?: { answer(question: string, passages: Passage[], locale: Locale): Promise<string | null> };
}

/** Choice ids of a clarifying question: "pick:<nonce>:<n>", at most 64 bytes (Telegram's limit). */
const PICK = /^pick:([a-z0-9]{6}):(\d)$/;
const MAX_LABEL = 60;

export async function answerQuestion(deps: AnswerDeps, turn: Turn, text: string): Promise<Outcome> {
  // A follow-up ("còn nếu em 16 tuổi thì sao?") is read with the previous question.
  const previous = turn.state.data.lastQuestion;
  const query = previous && isFollowUp(text) ? `${previous} ${text}` : text;
  let asked;
  try {
    asked = await deps.knowledge.ask(query);
  } catch (err) {
    throw new AppError("unavailable", { message: "knowledge search failed", promptKey: "errors.generic", cause: err });
  }
  const { question, decision } = asked;
  const reply = replyIn(deps, turn, question.language);
  const next = idleKeeping(turn.state, { lastQuestion: query.slice(0, 500) });
  const topScore = decision.passages[0]?.score;
  const scored = topScore !== undefined ? { topScore } : {};
  switch (decision.outcome) {
    case "status": {
      const status = composeStatus(decision.document, deps.prompts, reply.locale);
      const source = { title: decision.document.title, citation: decision.document.number ?? decision.document.title };
      if (!decision.current) return { kind: "answer", replies: [{ text: status }], sources: [source], next, ...scored };
      const now = composeAnswer({ question: query, type: question.type, passage: decision.current, prompts: deps.prompts, locale: reply.locale });
      return { kind: "answer", replies: [{ text: `${status}\n\n${reply.t("answer.current")}\n${now.text}` }], sources: [source, ...now.sources], next, ...scored };
    }
    case "answer":
      return answerWith(deps, reply, query, question, [decision.best, ...decision.passages.filter((p) => p.chunkId !== decision.best.chunkId)], next, scored, decision.also);
    case "clarify": {
      const nonce = randomBytes(4).toString("hex").slice(0, 6);
      const options = decision.options.map((p) => ({ chunkId: p.chunkId, label: labelOf(p, question.language) }));
      const choices: Choice[] = options.map((o, i) => ({ id: `pick:${nonce}:${i + 1}`, label: o.label }));
      // One passage fits but not surely: "is this what you mean?", with the offer to pass it on.
      const single = options.length === 1;
      if (single) choices.push({ id: "escalate", label: reply.t("escalate.offer") });
      return {
        kind: "clarify",
        replies: [{ text: reply.t(single ? "clarify.confirm" : "clarify.ask"), choices }],
        next: idleKeeping(turn.state, {
          lastQuestion: query.slice(0, 500),
          clarify: { nonce, question: query.slice(0, 1000), language: question.language, type: question.type, options },
        }),
        ...scored,
      };
    }
    case "fallback":
      return fallback(reply, next, scored);
  }
}

/** A pressed choice of a clarifying question; null when it is not one of this conversation's. */
export async function pickChoice(deps: AnswerDeps, turn: Turn, choice: string): Promise<Outcome | null> {
  const m = PICK.exec(choice);
  const pending = turn.state.data.clarify;
  if (!m || !pending || pending.nonce !== m[1]) return null;
  const option = pending.options[Number(m[2]) - 1];
  if (!option) return null;
  const reply = replyIn(deps, turn, pending.language);
  const next = idleKeeping(turn.state, { lastQuestion: pending.question });
  const passage = deps.knowledge.passage(option.chunkId);
  // The passage was re-ingested since the question was asked: its label still finds it.
  if (!passage) return answerQuestion(deps, { ...turn, state: next }, `${pending.question} ${option.label}`);
  return answerWith(deps, reply, pending.question, { type: pending.type, language: pending.language }, [passage], next, {});
}

interface Reply {
  locale: Locale;
  t: (key: string, vars?: Record<string, string | number>) => string;
}

/** A question in English is answered in English, whatever the conversation's language. */
function replyIn(deps: AnswerDeps, turn: Turn, language: Question["language"]): Reply {
  const locale: Locale = language === "en" ? "en" : turn.locale;
  return { locale, t: (key, vars) => deps.prompts.t(locale, key, vars) };
}

async function answerWith(
  deps: AnswerDeps,
  reply: Reply,
  query: string,
  question: Pick<Question, "type" | "language">,
  passages: Passage[],
  next: DialogState,
  scored: { topScore?: number },
  also?: Passage,
): Promise<Outcome> {
  const body = await rephrase(deps, query, passages, reply.locale);
  const composed = composeAnswer({
    question: query,
    type: question.type,
    passage: passages[0]!,
    prompts: deps.prompts,
    locale: reply.locale,
    ...(body ? { body } : {}),
  });
  if (!also) return { kind: "answer", replies: [{ text: composed.text }], sources: composed.sources, next, ...scored };
  // The message asked two things: the second passage follows under its own label, with its source.
  const other = composeAnswer({ question: query, passage: also, prompts: deps.prompts, locale: reply.locale });
  const text = `${composed.text}\n\n${reply.t("answer.also", { label: labelOf(also, question.language) })}\n${other.text}`;
  return { kind: "answer", replies: [{ text }], sources: [...composed.sources, ...other.sources], next, ...scored };
}

function fallback(reply: Reply, next: DialogState, scored: { topScore?: number }): Outcome {
  return {
    kind: "fallback",
    replies: [{ text: reply.t("fallback"), choices: [{ id: "escalate", label: reply.t("escalate.offer") }] }],
    next,
    ...scored,
  };
}

/**
 * What a choice button says: the passage's label, else its heading or document, shortened. Someone
 * asking in English reads the entry's English phrasing where it has one.
 */
function labelOf(p: Passage, language: Question["language"]): string {
  const raw = ((language === "en" && p.labelEn) || p.label || p.heading.split(" › ").at(-1) || p.title).replace(/^Điều\s+\d+\w*[.:]?\s*/u, "").trim() || p.title;
  return raw.length > MAX_LABEL ? `${raw.slice(0, MAX_LABEL - 1).trimEnd()}…` : raw;
}

async function rephrase(deps: AnswerDeps, question: string, passages: Passage[], locale: Locale): Promise<string | undefined> {
  if (!deps.llm) return undefined;
  try {
    return (await deps.llm.answer(question, passages, locale)) ?? undefined;
  } catch (err) {
    deps.log.warn({ err }, "language model failed; answering with the extract");
    return undefined;
  }
}
