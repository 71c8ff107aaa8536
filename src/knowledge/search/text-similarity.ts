// How alike two short texts are, for grouping what people typed: the Jaccard overlap of their
// folded (diacritics-free, lower-case) syllables, ignoring the commonest function words, so that
// "mình muốn học nghề" and "minh muon hoc nghe mien phi" count as close.
import { foldDiacritics, tokenize } from "../text.ts";

// Words that carry no topic; without this, two unrelated questions overlap on "toi muon hoi".
const STOP = new Set(
  "a ah oi la va cua co khong ko k cho voi thi ma nhu nao gi the nay do duoc dc toi minh em anh chi ban oi nhe a u vay sao hoi muon can xin cam on ve o tai tu den".split(" "),
);

/** The folded syllables of a text, without stop words. */
export function foldedTokens(text: string): Set<string> {
  return new Set(tokenize(text).map((t) => foldDiacritics(t)).filter((t) => t.length > 1 && !STOP.has(t)));
}

/** |A ∩ B| / |A ∪ B|, 0 when both are empty. */
export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 0;
  let shared = 0;
  for (const t of a) if (b.has(t)) shared++;
  return shared / (a.size + b.size - shared);
}
