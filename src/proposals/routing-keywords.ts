// How routing reads a text: which keywords of a rule it contains, and which commune or ward it
// names. Young people type with or without diacritics, so an unaccented word matches any accented
// spelling of it ("truong hoc" is "trường học"); but a word typed with its marks matches only that
// word ("trưởng ấp" is not "trường"), and a one-syllable keyword with marks matches only itself,
// since unaccented it would be too many words at once ("cống" would catch "cong ty").
import { foldDiacritics, hasDiacritics, tokenize } from "../knowledge/text.ts";

function sameSyllable(typed: string, keyword: string, oneSyllable: boolean): boolean {
  if (typed === keyword) return true;
  const folded = foldDiacritics(keyword);
  if (!hasDiacritics(keyword)) return foldDiacritics(typed) === folded;
  return !oneSyllable && !hasDiacritics(typed) && typed === folded;
}

/** A text read once, asked about many keywords. */
export class KeywordMatcher {
  private readonly syllables: string[];
  private readonly at = new Map<string, number[]>();

  constructor(text: string) {
    this.syllables = tokenize(text);
    this.syllables.forEach((s, i) => {
      const key = foldDiacritics(s);
      const list = this.at.get(key);
      if (list) list.push(i);
      else this.at.set(key, [i]);
    });
  }

  /** Whether the text contains the keyword as whole words, in order. */
  has(keyword: string | readonly string[]): boolean {
    const words = typeof keyword === "string" ? tokenize(keyword) : keyword;
    if (words.length === 0) return false;
    const one = words.length === 1;
    return (this.at.get(foldDiacritics(words[0]!)) ?? []).some((start) =>
      words.every((w, j) => {
        const typed = this.syllables[start + j];
        return typed !== undefined && sameSyllable(typed, w, one);
      }),
    );
  }
}

/** The keywords of a rule ("a, b, c" as stored) found in the text, and their weight: one per word. */
export function matchKeywords(matcher: KeywordMatcher, keywords: string): { found: string[]; weight: number } {
  const found: string[] = [];
  let weight = 0;
  for (const keyword of keywords.split(",").map((k) => k.trim()).filter(Boolean)) {
    const words = tokenize(keyword);
    if (matcher.has(words)) {
      found.push(keyword);
      weight += words.length;
    }
  }
  return { found, weight };
}

const COMMITTEE = [tokenize("ubnd"), tokenize("ủy ban nhân dân")];
const LEVELS = [tokenize("xã"), tokenize("phường"), tokenize("đặc khu"), tokenize("thị trấn")];

const startsWith = (words: string[], prefix: string[]) => prefix.every((p, i) => foldDiacritics(words[i] ?? "") === foldDiacritics(p));

/** "UBND xã Tân Lập" → the place as written ("xã tân lập") and without its level ("tân lập"). */
export function placeOf(departmentName: string): { full: string[]; bare: string[] } {
  let words = tokenize(departmentName);
  const committee = COMMITTEE.find((c) => startsWith(words, c));
  if (committee) words = words.slice(committee.length);
  const level = LEVELS.find((l) => startsWith(words, l));
  return { full: words, bare: level ? words.slice(level.length) : words };
}

/**
 * The commune or ward a text names: "xã Tân Lập" (its level and name) before "Tân Lập" alone,
 * which counts only with two words or more; two different communes named, or none, is null.
 */
export function findCommune<T extends { name: string }>(communes: readonly T[], text: string): T | null {
  if (communes.length === 0 || !text.trim()) return null;
  const matcher = new KeywordMatcher(text);
  const places = communes.map((c) => ({ c, ...placeOf(c.name) }));
  const strong = places.filter((p) => p.full.length > p.bare.length && matcher.has(p.full));
  if (strong.length === 1) return strong[0]!.c;
  if (strong.length > 1) return null;
  const weak = places.filter((p) => p.bare.length >= 2 && matcher.has(p.bare));
  return weak.length === 1 ? weak[0]!.c : null;
}
