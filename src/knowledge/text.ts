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

/**
 * Marks a phrase boundary in a token list (a comma, a full stop, a bracket, a line break): no
 * syllable pair is formed across it, because "… quy định. Pháp luật …" says nothing about the
 * words "định pháp". It is never a term itself.
 */
export const BREAK = "|";

// Punctuation that ends a phrase. "/" is not one ("57/2020/QH14" is one identifier), nor a hyphen
// inside a word or a range ("2023-2027"); a dash between spaces is.
const PHRASE_END = /[.,;:!?()[\]{}"“”‘’«»…\n|]+|\s[-–—]+\s/gu;

/** Syllables of already-normalised text, with BREAK between phrases (never first or last, never twice). */
export function phraseTokens(normalized: string): string[] {
  const out: string[] = [];
  for (const phrase of normalized.split(PHRASE_END)) {
    const tokens = syllables(phrase);
    if (tokens.length === 0) continue;
    if (out.length > 0) out.push(BREAK);
    out.push(...tokens);
  }
  return out;
}

/** The tokens that are words (BREAK removed). */
export function wordsOf(tokens: readonly string[]): string[] {
  return tokens.filter((t) => t !== BREAK);
}

/** Adjacent pairs joined by a space, within phrases: ["thanh","niên","là"] → ["thanh niên","niên là"]. */
export function bigrams(tokens: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 1; i < tokens.length; i++) {
    if (tokens[i] === BREAK || tokens[i - 1] === BREAK) continue;
    out.push(`${tokens[i - 1]} ${tokens[i]}`);
  }
  return out;
}

/** Unigrams followed by bigrams, the term list both indexes are built from. */
export function unigramsAndBigrams(tokens: readonly string[]): string[] {
  return [...wordsOf(tokens), ...bigrams(tokens)];
}

const DIGITS: Record<string, number> = {
  một: 1, mốt: 1, hai: 2, ba: 3, bốn: 4, tư: 4, năm: 5, lăm: 5, sáu: 6, bảy: 7, tám: 8, chín: 9,
};
/** Words a count is written before: a spelled number followed by one of them is a number. */
const UNITS = new Set([
  "tuổi", "ngày", "tháng", "năm", "tuần", "giờ", "phút", "lần", "triệu", "nghìn", "ngàn", "tỷ", "người", "buổi", "ca",
  "đồng", "kỳ", "học", "lượt", "bản", "loại", "trường", "điều", "khoản", "mức", "vùng",
]);

/** The units typed without marks ("17 thang"): a number before one is not an age. */
const FOLDED_UNITS = new Set([...UNITS].map((u) => foldDiacritics(u)));

/**
 * Spelled numbers written as digits, so "mười sáu tuổi" and "16 tuổi" are the same terms. Only
 * before a unit word ("mười lăm ngày", "hai năm"): alone, "năm" is a year and "một" an article.
 * Also the chat forms of numbers with units: "16t" (16 tuổi), "7tr" / "7 củ" (7 triệu), "500k".
 */
export function normalizeNumbers(tokens: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const first = t.charCodeAt(0);
    // Most tokens are neither: only a digit or a number word can start a number.
    if (!(first >= 48 && first <= 57) && t !== "mười" && DIGITS[t] === undefined) {
      out.push(t);
      continue;
    }
    const chat = chatNumber(t, tokens[i + 1]);
    if (chat) {
      out.push(...chat.tokens);
      i += chat.consumed - 1;
      continue;
    }
    const spelled = spelledNumber(tokens, i);
    if (spelled && UNITS.has(tokens[i + spelled.length] ?? "")) {
      out.push(String(spelled.value));
      i += spelled.length - 1;
      continue;
    }
    out.push(tokens[i]!);
  }
  return out;
}

/** Words after which a bare number is a person's age: "em 17 đi làm được không", "năm nay vừa 18". */
const AGE_LEADS = new Set([
  "em", "e", "mình", "minh", "mik", "tôi", "toi", "tớ", "cháu", "chau", "bé", "anh", "chị", "bạn", "nó", "ảnh",
  "vừa", "vua", "mới", "tròn", "tron", "đủ", "nay",
]);
/** After a bare number, words that make it a count or a measure, not an age. */
const NOT_AGE_AFTER = new Set(["đứa", "dua", "cái", "cai", "con", "lớp", "lop", "km", "cm", "kg", "m", "%", "phần", "phan", "số"]);

/**
 * A bare number a person is said to be, read as an age ("em 17 đi làm được không" → "em 17 tuổi
 * …", "năm nay vừa tròn 18"): between 10 and 40, after a pronoun or "vừa / mới / tròn / đủ / năm nay",
 * and not followed by a unit or a counter. For questions only; documents keep what they say.
 */
export function readBareAges(tokens: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    out.push(t);
    if (!/^\d{2}$/.test(t) || i === 0) continue;
    const n = Number(t);
    const next = tokens[i + 1];
    if (n < 10 || n > 40 || !AGE_LEADS.has(tokens[i - 1]!)) continue;
    if (next !== undefined && (UNITS.has(next) || FOLDED_UNITS.has(next) || NOT_AGE_AFTER.has(next) || /^\d/.test(next))) continue;
    out.push("tuổi");
  }
  return out;
}

function chatNumber(token: string, next: string | undefined): { tokens: string[]; consumed: number } | null {
  const m = /^(\d{1,4})(t|tuoi|tr|trieu|k|h|th|p|ph)$/u.exec(token);
  if (m) {
    const unit = { t: "tuổi", tuoi: "tuổi", tr: "triệu", trieu: "triệu", k: "nghìn", h: "giờ", th: "tháng", p: "phút", ph: "phút" }[m[2]!]!;
    return { tokens: [m[1]!, unit], consumed: 1 };
  }
  const half = /^(\d{1,3})tr(\d)$/u.exec(token); // "2tr5": two and a half million
  if (half) return { tokens: [half[1]!, "triệu", half[2]!], consumed: 1 };
  if (/^\d{1,4}$/.test(token) && (next === "củ" || next === "cu" || next === "chai")) return { tokens: [token, "triệu"], consumed: 2 };
  return null;
}

/** A spelled number starting at tokens[i]: "mười sáu" (16), "hai mươi lăm" (25), "ba" (3). */
function spelledNumber(tokens: readonly string[], i: number): { value: number; length: number } | null {
  const t = (k: number) => tokens[i + k];
  const digit = (w: string | undefined) => (w !== undefined && w !== "mốt" && w !== "lăm" && w !== "tư" ? DIGITS[w] : undefined);
  const unit = (w: string | undefined) => (w === undefined ? undefined : DIGITS[w]);
  if (t(0) === "mười") {
    // "mười năm" is ten years; fifteen is "mười lăm".
    const ones = t(1) === "năm" || t(1) === "mốt" ? undefined : unit(t(1));
    return ones !== undefined ? { value: 10 + ones, length: 2 } : { value: 10, length: 1 };
  }
  const tens = digit(t(0));
  if (tens === undefined) return null;
  if (t(1) === "mươi" && tens >= 2) {
    const ones = unit(t(2));
    return ones !== undefined && t(2) !== "năm" ? { value: tens * 10 + ones, length: 3 } : { value: tens * 10, length: 2 };
  }
  return { value: tens, length: 1 };
}

