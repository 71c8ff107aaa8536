// English questions matched against the English phrasings of FAQ entries, word for word in
// English. The lexicon's translation turns an English question into Vietnamese words without
// their order or phrases, so a translated question matches the Vietnamese phrasings only loosely;
// every FAQ entry is also asked once in English, and that phrasing is the closest thing to how an
// English speaker asks it. Terms are lower-case stems with grammar words left out, plus the pairs
// of neighbouring stems ("unemployment benefit"), weighted by their rarity among the English
// phrasings of the whole base.
import { ENGLISH_STOPWORDS, VIETNAMESE_SYLLABLE } from "./question.ts";
import { hasDiacritics } from "../text.ts";

/** Crude English stemming, the same on both sides: "benefits" = "benefit", "working" = "work". */
function stem(word: string): string {
  if (word.length > 4 && word.endsWith("ies")) return `${word.slice(0, -3)}y`;
  if (word.length > 5 && word.endsWith("ing")) return word.slice(0, -3);
  if (word.length > 4 && word.endsWith("ed")) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith("s") && !word.endsWith("ss")) return word.slice(0, -1);
  return word;
}

function stems(text: string): string[] {
  return (text.toLowerCase().replace(/['’]s\b/g, "").match(/[a-z0-9]+/g) ?? []).filter((w) => !ENGLISH_STOPWORDS.has(w)).map(stem);
}

/** Unigram and neighbouring-pair terms of English text, each with weight 1. */
export function englishTerms(text: string): Set<string> {
  const words = stems(text);
  const terms = new Set(words);
  for (let i = 1; i < words.length; i++) terms.add(`${words[i - 1]} ${words[i]}`);
  return terms;
}

/** A phrasing written in English: no Vietnamese marks and most words not Vietnamese syllables. */
export function isEnglishPhrasing(text: string): boolean {
  if (hasDiacritics(text)) return false;
  const words = text.toLowerCase().match(/[a-z]+/g) ?? [];
  if (words.length < 3) return false;
  const foreign = words.filter((w) => ENGLISH_STOPWORDS.has(w) || !VIETNAMESE_SYLLABLE.test(w)).length;
  return foreign / words.length >= 0.6;
}

/** Document frequencies of English phrasing terms over the base, for rarity weights. */
export class EnglishVocabulary {
  private readonly df = new Map<string, number>();
  private documents = 0;

  add(phrasings: readonly Set<string>[]): void {
    if (phrasings.length === 0) return;
    this.documents++;
    const seen = new Set<string>();
    for (const p of phrasings) for (const t of p) seen.add(t);
    for (const t of seen) this.df.set(t, (this.df.get(t) ?? 0) + 1);
  }

  /** A term the base's English phrasings never use weighs like the rarest one. */
  idf(term: string): number {
    const n = this.df.get(term) ?? 0;
    return Math.log(1 + (this.documents - n + 0.5) / (n + 0.5));
  }
}
