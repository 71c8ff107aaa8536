// Use case: what the bot could not answer. Every fallback reply (a "fallback" message going out)
// is paired with the question that caused it (the message that came in just before, from the same
// person); questions that say nearly the same thing (folded-syllable Jaccard) are grouped, biggest
// group first, so the knowledge team sees which answers are missing.
import type { Db } from "../../db/client.ts";
import { hasDiacritics } from "../text.ts";
import { foldedTokens, jaccard } from "../search/text-similarity.ts";

export interface UnansweredGroup {
  /** The most recent wording (with diacritics when any member has them), shown as the group's title. */
  question: string;
  /** Other wordings, newest first, a few at most. */
  variants: string[];
  count: number;
  lastAt: Date;
  /** The best retrieval score any of them got (how close the knowledge base came). */
  bestScore: number | null;
}

export interface UnansweredQuestion {
  text: string;
  at: Date;
  topScore: number | null;
}

/** Fallback questions in a period, newest first. */
export async function findUnansweredQuestions(opts: { db: Db; from: Date; to: Date; limit?: number }): Promise<UnansweredQuestion[]> {
  const { prisma } = opts.db;
  const fallbacks = await prisma.message.findMany({
    where: { direction: "out", kind: "fallback", createdAt: { gte: opts.from, lt: opts.to } },
    orderBy: { id: "desc" },
    take: opts.limit ?? 2000,
    select: { id: true, identityId: true, createdAt: true, topScore: true },
  });
  // The conversation logs a question and its reply together, so the question is nearly always id - 1.
  const guesses = await prisma.message.findMany({
    where: { id: { in: fallbacks.map((f) => f.id - 1) }, direction: "in" },
    select: { id: true, identityId: true, text: true },
  });
  const byId = new Map(guesses.map((g) => [g.id, g]));
  const out: UnansweredQuestion[] = [];
  for (const f of fallbacks) {
    let question = byId.get(f.id - 1);
    if (!question || question.identityId !== f.identityId) {
      question =
        (await prisma.message.findFirst({
          where: { identityId: f.identityId, direction: "in", id: { lt: f.id } },
          orderBy: { id: "desc" },
          select: { id: true, identityId: true, text: true },
        })) ?? undefined;
    }
    if (!question || /^\[.*\]$/.test(question.text)) continue; // a button press, not a question
    out.push({ text: question.text, at: f.createdAt, topScore: f.topScore });
  }
  return out;
}

export async function groupUnansweredQuestions(opts: {
  db: Db;
  from: Date;
  to: Date;
  minSimilarity?: number;
}): Promise<{ total: number; groups: UnansweredGroup[] }> {
  const questions = await findUnansweredQuestions(opts);
  const min = opts.minSimilarity ?? 0.5;
  const groups: (UnansweredGroup & { tokens: Set<string>; seen: Set<string> })[] = [];
  for (const q of questions) {
    const tokens = foldedTokens(q.text);
    const key = [...tokens].sort().join(" ") || q.text.trim().toLowerCase();
    const group = groups.find((g) => g.seen.has(key) || (tokens.size > 0 && jaccard(g.tokens, tokens) >= min));
    if (!group) {
      groups.push({ question: q.text, variants: [], count: 1, lastAt: q.at, bestScore: q.topScore, tokens, seen: new Set([key]) });
      continue;
    }
    group.count++;
    // Staff read Vietnamese with its marks more easily than the folded spelling typed on a phone.
    if (!hasDiacritics(group.question) && hasDiacritics(q.text)) group.question = q.text;
    if (!group.seen.has(key) && group.variants.length < 4) group.variants.push(q.text);
    group.seen.add(key);
    if (q.topScore !== null && (group.bestScore === null || q.topScore > group.bestScore)) group.bestScore = q.topScore;
  }
  return {
    total: questions.length,
    groups: groups
      .sort((a, b) => b.count - a.count || b.lastAt.getTime() - a.lastAt.getTime())
      .map(({ tokens: _tokens, seen: _seen, ...g }) => g),
  };
}
