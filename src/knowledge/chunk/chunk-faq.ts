// Chunking of question-and-answer documents: one passage per "Hỏi:" entry, whose answer is the
// text and whose question plus its "Cách hỏi khác:" variants are the phrasings the index matches
// user questions against.

import { CITATION_SEPARATOR, markdownHeading, sameTitle, sectionPieces, type ChunkPiece } from "./chunk-text.ts";

// Labels are matched with Markdown emphasis removed, so "**Đáp:**" works like "Đáp:".
const QUESTION = /^Hỏi\s*[:：]\s*(.*)$/u;
const ALTERNATIVES = /^Cách hỏi khác\s*[:：]\s*(.*)$/iu;
const LABEL = /^Nhãn\s*[:：]\s*(.*)$/u;
const ANSWER = /^(?:Đáp|Trả lời)\s*[:：]\s*(.*)$/u;
const BULLET = /^[-*+•]\s+(.*)$/u;

interface Entry {
  /** Heading level of the "Hỏi:" line, 0 when it is a plain line. */
  level: number;
  question: string[];
  label: string;
  alternatives: string[];
  answer: string[];
  /** Lines after the question before any label: its continuation, or an unlabelled answer. */
  pending: string[];
  mode: "question" | "alternatives" | "answer";
}

function withoutEmphasis(text: string): string {
  return text.replace(/\*\*|__/g, "").trim();
}

export function chunkFaq(body: string, title: string, docTitles: readonly string[]): ChunkPiece[] {
  const pieces: ChunkPiece[] = [];
  let entry: Entry | undefined;
  let loose: { path: string[]; lines: string[] } = { path: [], lines: [] };

  const finish = () => {
    if (entry) pieces.push(...entryPieces(entry, title));
    else pieces.push(...sectionPieces(loose.path, loose.lines, title));
    entry = undefined;
    loose = { path: [], lines: [] };
  };

  for (const raw of body.split("\n")) {
    const heading = markdownHeading(raw);
    const label = withoutEmphasis(heading ? heading.text : raw.trim());
    const question = QUESTION.exec(label);
    if (question) {
      finish();
      entry = { level: heading?.level ?? 0, question: [question[1] ?? ""], label: "", alternatives: [], answer: [], pending: [], mode: "question" };
      continue;
    }
    // A heading at the entry's level or above closes it (a new group of questions); deeper ones
    // are part of the answer.
    if (heading && (!entry || entry.level === 0 || heading.level <= entry.level)) {
      finish();
      loose.path = docTitles.some((t) => sameTitle(t, heading.text)) ? [] : [heading.text];
      continue;
    }
    if (!entry) {
      loose.lines.push(raw);
      continue;
    }
    const named = LABEL.exec(label);
    if (named && entry.mode !== "answer") {
      // The label line ends the question like the other labels do.
      entry.question.push(...entry.pending);
      entry.pending = [];
      entry.label = (named[1] ?? "").trim();
      continue;
    }
    const alternatives = ALTERNATIVES.exec(label);
    const answer = ANSWER.exec(label);
    if (entry.mode !== "answer" && (alternatives || answer)) {
      // A label ends the question, so whatever came before it was the question running on.
      entry.question.push(...entry.pending);
      entry.pending = [];
      if (alternatives) {
        entry.mode = "alternatives";
        entry.alternatives.push(...(alternatives[1] ?? "").split(/\s*;\s*/));
      } else {
        entry.mode = "answer";
        entry.answer.push(answer?.[1] ?? "");
      }
    } else if (entry.mode === "alternatives" && BULLET.test(raw.trim())) {
      entry.alternatives.push(BULLET.exec(raw.trim())?.[1] ?? "");
    } else if (entry.mode === "question") {
      entry.pending.push(raw);
    } else if (entry.mode === "alternatives" && raw.trim()) {
      entry.mode = "answer";
      entry.answer.push(raw);
    } else {
      entry.answer.push(raw);
    }
  }
  finish();
  return pieces;
}

function entryPieces(entry: Entry, title: string): ChunkPiece[] {
  const question = entry.question
    .map((line) => line.trim())
    .filter(Boolean)
    .join(" ");
  const text = [...entry.pending, ...entry.answer]
    .map((line) => line.trimEnd())
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
  if (!question || !text) return [];
  const phrasings: string[] = [];
  for (const phrasing of [question, ...entry.alternatives.map(withoutEmphasis)]) {
    if (phrasing && !phrasings.includes(phrasing)) phrasings.push(phrasing);
  }
  // The question itself is the most useful citation of an FAQ answer ("Nguồn: Hỏi đáp…, “…?”").
  const cited = question.length > 120 ? `${question.slice(0, 119).trimEnd()}…` : question;
  return [{ citation: `“${cited}”${CITATION_SEPARATOR}${title}`, heading: question, text, phrasings, label: entry.label }];
}
