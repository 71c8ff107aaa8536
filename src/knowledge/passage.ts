// What the knowledge base hands to the conversation: a ranked passage with everything needed to
// quote it and name its source, and the decision what to do with a question. The conversation
// depends on this interface, not on the engine.
import type { Question } from "./search/question.ts";

export interface Passage {
  chunkId: string;
  documentId: string;
  /** Comparable across queries, in [0, 1]. */
  score: number;
  /** True when the score clears the confidence threshold: safe to answer from. */
  confident: boolean;
  /** The document's short title, used in "Nguồn: <title>, <citation>". */
  title: string;
  citation: string;
  heading: string;
  text: string;
  /** A few words naming what the passage answers, for the buttons of a clarifying question. */
  label: string;
  /** For someone asking in English: the entry's first English phrasing, to name it on a choice. */
  labelEn?: string;
  /** The document's kind: a law's article, an FAQ entry, a guide's section. */
  kind: "law" | "faq" | "guide";
  url?: string;
  status: "in_force" | "expired" | "replaced";
  /** What replaced the document, named for people ("Luật Việc làm 2025 (74/2025/QH15), từ 01/01/2026"). */
  replacedBy?: string;
  topics: string[];
  /** Why the passage ranks where it does (for the answer decision and for staff trying questions). */
  evidence?: Evidence;
}

export interface Evidence {
  /** The engine's own score (coverage and vector similarity), before the answer decision re-scores. */
  engine: number;
  /** Share of the question's weighted words the passage matches. */
  coverage: number;
  /** Cosine similarity of question and passage vectors. */
  dense: number;
  /** Share of the question's content words (weighted by rarity) the passage does not mention. */
  missing: number;
  /** The passage's best phrasing against the question (phrasing-match.ts). */
  phrasing: { recall: number; precision: number; f1: number };
  /**
   * For a question asked in English, how well the passage's best English phrasing matches it (F1);
   * 0 otherwise. Read apart from `phrasing` because the Vietnamese words of an English question are
   * a translation and match less surely than the person's own words.
   */
  english?: number;
  /** Rank in the engine's own ranking, from 0. */
  rank: number;
}

/** What the knowledge base records about a document's validity, for "is it still in force?". */
export interface DocumentFacts {
  documentId: string;
  title: string;
  number?: string;
  status: Passage["status"];
  effective?: string;
  /** The replacing document when it is in the base; else the text of `replaced_by`. */
  replacement?: { title: string; number?: string; effective?: string } | string;
  /** The documents of the base this one replaced (their `replaced_by` names its number). */
  replaces?: Array<{ title: string; number?: string }>;
}

/** Answer from the best passage, ask back between two or three, or say "not sure". */
export type Decision =
  /** `also`: the message asks two things and this passage answers the other one. */
  | { outcome: "answer"; best: Passage; also?: Passage; passages: Passage[] }
  | { outcome: "clarify"; options: Passage[]; passages: Passage[] }
  | { outcome: "fallback"; passages: Passage[] };

export type Answerable =
  | Decision
  /** The question asks whether a document the base knows is still in force. */
  /** `current`: the message also asks what a replaced text said; this in-force passage says what applies now. */
  | { outcome: "status"; document: DocumentFacts; current?: Passage; passages: Passage[] };

export interface Asked {
  question: Question;
  decision: Answerable;
}

export interface KnowledgeSearch {
  search(query: string, opts?: { k?: number }): Promise<Passage[]>;
  /** Reads the question, ranks the passages and decides: answer, ask back, a document's status, or "not sure". */
  ask(text: string): Promise<Asked>;
  /** One passage by id (a clarifying choice), or null when it no longer exists. */
  passage(chunkId: string): Passage | null;
}
