// Turns ranked passages into the reply a young person reads on a phone: the sentences of the best
// passage that answer the question (about 800 characters at most), then "Nguồn: <document>,
// <citation>", and a warning when the document is no longer in force. No language model needed.
import type { Source } from "../conversation/messages.ts";
import type { Locale, Prompts } from "../prompts.ts";
import type { Passage } from "./passage.ts";
import { foldDiacritics, syllables } from "./text.ts";

export const MAX_ANSWER_CHARS = 800;

export interface ComposedAnswer {
  text: string;
  sources: Source[];
}

/** Returns null when no passage is confident enough: the caller falls back instead of guessing. */
export function composeAnswer(opts: {
  question: string;
  passages: Passage[];
  prompts: Prompts;
  locale: Locale;
  /** The answer text when a language model wrote it from these passages; else an excerpt. */
  body?: string;
}): ComposedAnswer | null {
  const best = opts.passages[0];
  if (!best || !best.confident) return null;
  const excerpt = opts.body ?? excerptFor(opts.question, best.text, MAX_ANSWER_CHARS);
  const source: Source = { title: best.title, citation: best.citation, ...(best.url ? { url: best.url } : {}) };
  const sourceLine = opts.prompts.t(opts.locale, best.url ? "answer.sourceWithLink" : "answer.source", {
    title: best.title,
    citation: best.citation,
    url: best.url ?? "",
  });
  const parts = [excerpt, sourceLine];
  if (best.status !== "in_force") {
    const replacedBy = best.replacedBy
      ? opts.prompts.t(opts.locale, "answer.replacedBy", { replacement: best.replacedBy })
      : "";
    parts.push(opts.prompts.t(opts.locale, "answer.notInForce", { replacedBy }));
  }
  return { text: parts.join("\n\n"), sources: [source] };
}

const terms = (text: string) => new Set(syllables(foldDiacritics(text.toLowerCase())));

/** Splits into sentences and list lines, keeping each piece's trailing punctuation. */
export function sentences(text: string): string[] {
  return text
    .split(/\n+/)
    .flatMap((line) => line.match(/[^.!?;]+(?:[.!?;]+(?=\s|$)|$)/g) ?? [line])
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/**
 * The passage itself when it is short; otherwise the sentences sharing most words with the
 * question, in their original order, up to `limit` characters. A leading article heading
 * ("Điều 5. ...") is dropped because the source line already cites it.
 */
export function excerptFor(question: string, text: string, limit: number): string {
  const lines = text.split("\n");
  const body = /^(Điều|Dieu)\s+\d+/i.test(lines[0] ?? "") && lines.length > 1 ? lines.slice(1).join("\n").trim() : text.trim();
  if (body.length <= limit) return body;
  const q = terms(question);
  const pieces = sentences(body).map((s, index) => {
    const words = terms(s);
    let overlap = 0;
    for (const w of words) if (q.has(w)) overlap++;
    return { s, index, score: overlap / Math.sqrt(words.size + 1) };
  });
  const chosen = new Set<number>();
  let used = 0;
  for (const p of [...pieces].sort((a, b) => b.score - a.score || a.index - b.index)) {
    if (used + p.s.length + 1 > limit) continue;
    chosen.add(p.index);
    used += p.s.length + 1;
  }
  if (chosen.size === 0) return pieces[0]!.s.slice(0, limit - 1).trimEnd() + "…";
  return pieces
    .filter((p) => chosen.has(p.index))
    .map((p) => p.s)
    .join(" ");
}
