// Vietnamese text handling shared by every index: one canonical spelling (NFC, one tone-mark
// placement, lower case), the diacritics-free "folded" form people type on phone keyboards, and
// syllable n-grams. Indexing and querying must both go through here so they agree on terms.

const ZERO_WIDTH = /[\u200B-\u200D\u2060\uFEFF\u00AD]/g;
const COMBINING_MARKS = /\p{M}/gu;
const TOKEN = /[\p{L}\p{N}]+/gu;

// Old-style placement puts the tone on the second vowel of a final oa/oe/uy ("hoà", "thuỷ");
// official text (and most of the legal corpus) puts it on the first ("hòa", "thủy"). Only an
// open syllable moves: with a final consonant ("hoàn", "quyết") both styles agree.
const TONE_SHIFT: ReadonlyArray<readonly [RegExp, Record<string, string>]> = [
  [/o([áàảãạ])(?![\p{L}\p{M}])/gu, { á: "óa", à: "òa", ả: "ỏa", ã: "õa", ạ: "ọa" }],
  [/o([éèẻẽẹ])(?![\p{L}\p{M}])/gu, { é: "óe", è: "òe", ẻ: "ỏe", ẽ: "õe", ẹ: "ọe" }],
  // "quý": after q the u belongs to the consonant, so the y carries the tone in both styles.
  [/(?<!q)u([ýỳỷỹỵ])(?![\p{L}\p{M}])/gu, { ý: "úy", ỳ: "ùy", ỷ: "ủy", ỹ: "ũy", ỵ: "ụy" }],
];

/** Canonical form for matching: NFC, canonical tone placement, lower case, single spaces. */
export function normalizeText(s: string): string {
  let out = s.replace(ZERO_WIDTH, "").normalize("NFC").toLowerCase();
  for (const [pattern, moved] of TONE_SHIFT) {
    out = out.replace(pattern, (whole, toned: string) => moved[toned] ?? whole);
  }
  return out.replace(/\s+/g, " ").trim();
}

/** Diacritics-free form: "Đi lính" → "Di linh". Case is kept; callers normalise first. */
export function foldDiacritics(s: string): string {
  return s.normalize("NFD").replace(COMBINING_MARKS, "").replace(/đ/g, "d").replace(/Đ/g, "D");
}

/** Normalised and diacritics-free: how text is compared when case and marks must not matter. */
export function foldedText(s: string): string {
  return foldDiacritics(normalizeText(s));
}

/** Whether the text carries any Vietnamese mark (tone, vowel modifier or đ). */
export function hasDiacritics(s: string): boolean {
  return /[\p{M}đĐ]/u.test(s.normalize("NFD"));
}

/**
 * Syllables of already-normalised text: runs of letters and digits. Identifiers such as
 * "57/2020/qh14" split at the slashes into "57", "2020", "qh14": each piece still matches alone
 * ("luật 57"), and the bigrams "57 2020", "2020 qh14" keep the full identifier's order.
 */
export function syllables(normalized: string): string[] {
  return normalized.match(TOKEN) ?? [];
}

const I_TO_Y: Record<string, string> = { i: "y", í: "ý", ì: "ỳ", ỉ: "ỷ", ĩ: "ỹ", ị: "ỵ" };
// A consonant followed by a lone i or y: "kí"/"ký", "lí"/"lý", "mĩ"/"mỹ", "tỉ"/"tỷ", "qui"/"quy".
// Both spellings are in use (official texts mostly write y, schools and chat often i) and no two
// words differ by that letter alone, so for matching they are one syllable.
const CONSONANT_THEN_I = /^(ngh|ch|gh|kh|ng|nh|ph|qu|th|tr|[bcdđghklmnprstvx])([iíìỉĩị])$/u;

/** The i/y spelling variants of a normalised syllable, written one way (with y). */
export function canonicalSpelling(syllable: string): string {
  const m = CONSONANT_THEN_I.exec(syllable);
  return m ? m[1]! + I_TO_Y[m[2]!]! : syllable;
}

/** Syllables of raw text, canonicalised; the usual entry point. */
export function tokenize(raw: string): string[] {
  return syllables(normalizeText(raw));
}

/** Adjacent pairs joined by a space: ["thanh","niên","là"] → ["thanh niên","niên là"]. */
export function bigrams(tokens: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 1; i < tokens.length; i++) out.push(`${tokens[i - 1]} ${tokens[i]}`);
  return out;
}

/** Unigrams followed by bigrams, the term list both indexes are built from. */
export function unigramsAndBigrams(tokens: readonly string[]): string[] {
  return [...tokens, ...bigrams(tokens)];
}

