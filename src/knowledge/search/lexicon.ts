// The editable query vocabulary (knowledge/lexicon.json): chat abbreviations and spellings,
// synonym groups, politeness fillers and the English table. Validates the file and turns a raw
// question into the syllables to search plus lower-weight synonym expansions, for accented and
// unaccented typing, and an English question into the Vietnamese words the documents use.

import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { AppError } from "../../errors.ts";
import { BREAK, foldDiacritics, hasDiacritics, normalizeNumbers, normalizeText, phraseTokens, readBareAges, syllables } from "../text.ts";
import { RecentValues } from "../recent-values.ts";
import { englishForms, isDeterminer, standardSpelling } from "./english-words.ts";

export const DEFAULT_LEXICON_FILE = fileURLToPath(new URL("../../../knowledge/lexicon.json", import.meta.url));

/** Longest chat shorthand read as one unit ("hd lao động" → "hợp đồng lao động"). */
const MAX_ABBREVIATION_WORDS = 3;

/**
 * Synonyms are evidence, not what the user said: they count for less than the query's own words.
 * 0.3 since the everyday ↔ legal groups were added (300 of them): at 0.5 they lifted natural legal
 * questions but cost ALQAC typed without marks 0.930 → 0.928 MRR@10; at 0.3 both hold.
 */
export const SYNONYM_WEIGHT = 0.3;

const Phrase = z.string().refine((s) => syllables(normalizeText(s)).length > 0, "must contain at least one word");
const ShortPhrase = z.string().refine((s) => {
  const n = syllables(normalizeText(s)).length;
  return n >= 1 && n <= MAX_ABBREVIATION_WORDS;
}, `must be one to ${MAX_ABBREVIATION_WORDS} words`);

export const LexiconFile = z.strictObject({
  /**
   * Chat spelling or abbreviation → what it stands for. A key of several words is shorthand that
   * is only unambiguous in that company: "hd" alone may be "hướng dẫn", "hd lao động" is not.
   */
  abbreviations: z.record(ShortPhrase, Phrase),
  /** Words after which a one-letter abbreviation is a list label ("điểm k"), not a word. */
  keepAfter: z.array(Phrase).default([]),
  /** Groups of interchangeable phrases. */
  synonyms: z.array(z.array(Phrase).min(2, "a synonym group needs at least two phrases")),
  /** Politeness and chat noise removed from questions ("cho mình hỏi", "ạ"). */
  fillers: z.array(Phrase).default([]),
  /**
   * English phrase → the Vietnamese words the documents use ("minimum wage" → "lương tối thiểu"),
   * so a question asked in English finds Vietnamese passages.
   */
  english: z.record(Phrase, Phrase).default({}),
});
export type LexiconFile = z.infer<typeof LexiconFile>;

export interface WeightedTokens {
  tokens: string[];
  weight: number;
  /** The question's own words this synonym stands in for (as typed: with marks or folded). */
  for?: string[];
}

export interface AnalyzedQuery {
  /** The question's own syllables: abbreviations expanded, fillers removed (BREAK between phrases). */
  tokens: string[];
  /**
   * The own words as weighted pieces (the asking sentence, the story around it, English
   * translated), when the question was read as a whole (question.ts); else `tokens` at weight 1.
   */
  parts?: Array<{ tokens: string[]; weight: number; accented: boolean; tokenWeights?: number[]; story?: boolean }>;
  /** Whether the user typed Vietnamese marks; decides how the index matches `tokens`. */
  accented: boolean;
  /** Synonym-group phrases the question did not say, each in its accented form. */
  expansions: WeightedTokens[];
}

interface Group {
  exact: string[][];
  folded: string[][];
}

export class Lexicon {
  /**
   * Names what of the lexicon shapes the index (FAQ phrasings are indexed with abbreviations
   * expanded): an index built with another lexicon is rebuilt.
   */
  readonly indexFingerprint: string;

  /** The English table's entries (positions in `english`) by their first word: a question looks up only its own words. */
  private readonly englishByFirstWord = new Map<string, number[]>();
  /**
   * The synonym groups having a phrase that starts with a word, with marks and folded: a question
   * looks up its own words instead of trying every phrase of the thousand groups (most of a long
   * question's reading time went there).
   */
  private readonly groupsByFirstWord = { exact: new Map<string, number[]>(), folded: new Map<string, number[]>() };
  /**
   * The Vietnamese phrases of two or more syllables the lexicon names (the English table's words,
   * synonym phrases, abbreviations' expansions) by their folded form, each in its most frequent
   * marked form: Vietnamese typed without marks inside an English question ("send a kien nghi",
   * "who counts as thanh nien") is read as the phrase it names.
   */
  private readonly markedPhrases: Map<string, string[]>;
  /**
   * The last texts read by `analyzeQuery`: question understanding reads a message's asking part
   * to count its content words and again to search with it, and a chat turn reads it once more to
   * decide; each text is analysed once. The readings are frozen, as they are shared.
   */
  private readonly recentReadings = new RecentValues<string, AnalyzedQuery>(RECENT_READINGS);

  private constructor(
    private readonly abbreviations: Map<string, string[]>,
    /** Several-word keys, folded, longest first. */
    private readonly phraseAbbreviations: Array<{ form: string[]; marked: string[]; expansion: string[] }>,
    private readonly keepAfter: Set<string>,
    private readonly groups: Group[],
    private readonly fillers: string[][],
    /** English phrases (lower case, standard spelling, longest first) and their Vietnamese words. */
    private readonly english: EnglishEntry[],
  ) {
    const shaping = { abbreviations: [...abbreviations], phraseAbbreviations, keepAfter: [...keepAfter] };
    this.indexFingerprint = createHash("sha256").update(JSON.stringify(shaping)).digest("hex").slice(0, 16);
    english.forEach((entry, i) => {
      const first = entry.form[0]!;
      this.englishByFirstWord.set(first, [...(this.englishByFirstWord.get(first) ?? []), i]);
    });
    this.markedPhrases = commonestMarkedForms([
      ...english.map((e) => e.words),
      ...groups.flatMap((g) => g.exact),
      ...abbreviations.values(),
      ...phraseAbbreviations.map((p) => p.expansion),
    ]);
    groups.forEach((group, g) => {
      for (const [index, forms] of [[this.groupsByFirstWord.exact, group.exact], [this.groupsByFirstWord.folded, group.folded]] as const) {
        for (const phrase of forms) {
          const list = index.get(phrase[0]!) ?? [];
          if (list.at(-1) !== g) list.push(g);
          index.set(phrase[0]!, list);
        }
      }
    });
  }

  /** The synonym groups, each phrase as its words joined by spaces (loose-synonyms.ts matches them in part). */
  synonymGroups(): string[][] {
    return this.groups.map((g) => g.exact.map((p) => p.join(" ")));
  }

  /** Validates parsed JSON; the error names the file and the offending entry. */
  static parse(json: unknown, source = "lexicon"): Lexicon {
    const parsed = LexiconFile.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const path = issue?.path ?? [];
      const where = path.map((p) => (typeof p === "number" ? `[${p}]` : /^\w+$/.test(String(p)) ? `.${String(p)}` : `[${JSON.stringify(p)}]`)).join("");
      const entry = path.length >= 2 ? ` (entry ${JSON.stringify(entryAt(json, path))})` : "";
      // A record key's own message sits one level down.
      const detail = issue?.code === "invalid_key" ? issue.issues[0]?.message : issue?.message;
      throw new AppError("lexicon.invalid", { message: `${source}: invalid entry at ${where.replace(/^\./, "") || "(root)"}${entry}: ${detail ?? "invalid"}` });
    }
    const file = parsed.data;
    const words = (s: string) => syllables(normalizeText(s));
    const entries = Object.entries(file.abbreviations).map(([k, v]) => ({ key: words(k), expansion: words(v) }));
    const abbreviations = new Map(entries.filter((e) => e.key.length === 1).map((e) => [e.key[0]!, e.expansion]));
    const phraseAbbreviations = entries
      .filter((e) => e.key.length > 1)
      .map((e) => ({ form: e.key.map(foldDiacritics), marked: e.key, expansion: e.expansion }))
      .sort((a, b) => b.form.length - a.form.length);
    const groups = file.synonyms.map((g) => {
      const exact = g.map(words);
      return { exact, folded: exact.map((p) => p.map(foldDiacritics)) };
    });
    const fillers = file.fillers.map(words).sort((a, b) => b.length - a.length);
    const english = Object.entries(file.english)
      .map(([en, vi]) => {
        const spelled = words(en).map(standardSpelling);
        const form = spelled.some((w) => !isDeterminer(w)) ? spelled.filter((w) => !isDeterminer(w)) : spelled;
        return { form, words: words(vi) };
      })
      .sort((a, b) => b.form.length - a.form.length);
    return new Lexicon(abbreviations, phraseAbbreviations, new Set(file.keepAfter.map(normalizeText)), groups, fillers, english);
  }

  static load(file = DEFAULT_LEXICON_FILE): Lexicon {
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(file, "utf8"));
    } catch (err) {
      throw new AppError("lexicon.invalid", { message: `${file}: cannot read lexicon (${err instanceof Error ? err.message : String(err)})`, cause: err });
    }
    return Lexicon.parse(json, file);
  }

  /**
   * Abbreviations expanded in place; used for questions and for indexed FAQ phrasings alike.
   * In English, one- and two-letter chat forms are English words or initials ("k" is okay, "r"
   * is are, "vs", "kg", "ny"): only the longer Vietnamese acronyms ("bhtn", "xkld") are read.
   */
  expandAbbreviations(tokens: readonly string[], opts: { english?: boolean } = {}): string[] {
    const out: string[] = [];
    // Several-word shorthand is typed with marks or without: a word typed without marks matches
    // folded, a word typed with them only as spelled ("vợ sinh con" is not "vô sinh").
    const folded = this.phraseAbbreviations.length > 0 ? tokens.map(foldDiacritics) : [];
    const matches = (p: { form: string[]; marked: string[] }, i: number) =>
      p.form.every((w, j) => folded[i + j] === w && (tokens[i + j] === folded[i + j] || tokens[i + j] === p.marked[j]));
    for (let i = 0; i < tokens.length; i++) {
      const phrase = this.phraseAbbreviations.find((p) => matches(p, i));
      if (phrase) {
        out.push(...phrase.expansion);
        i += phrase.form.length - 1;
        continue;
      }
      const t = tokens[i]!;
      const expansion = opts.english && t.length <= 2 ? undefined : this.abbreviations.get(t);
      const label = t.length === 1 && i > 0 && this.keepAfter.has(tokens[i - 1]!);
      if (expansion && !label) out.push(...expansion);
      else out.push(t);
    }
    return out;
  }

  /**
   * The longest phrase the lexicon knows typed without marks at `start` of `tokens` (up to six
   * syllables), in its marked form, and how many tokens it covers.
   */
  markedPhraseAt(tokens: readonly string[], start: number): { words: string[]; length: number } | undefined {
    for (let n = Math.min(6, tokens.length - start); n >= 2; n--) {
      const run = tokens.slice(start, start + n);
      if (run.some((t) => !/^[a-z]+$/.test(t))) continue;
      const words = this.markedPhrases.get(run.join(" "));
      if (words) return { words, length: n };
    }
    return undefined;
  }

  /** Whether a single word is a chat abbreviation of the lexicon ("ko", "dc"). */
  isAbbreviation(word: string): boolean {
    return this.abbreviations.has(normalizeText(word));
  }

  /**
   * The Vietnamese words of the English phrases in `tokens` (longest phrase first, each word used
   * once) and the tokens no phrase covered. A phrase matches as written first, then as the plain
   * form of the question's words ("get fired" reads "got fired", "quit" reads "quitting"), so a
   * form the table lists on purpose ("paid" apart from "pay", "written" apart from "write") keeps
   * its own translation and is never read into its plain form. Articles and possessives are passed
   * over on both sides: "quit job" reads "quit my job" and "quit the job".
   */
  translateEnglish(tokens: readonly string[]): { vietnamese: string[][]; rest: string[] } {
    const slots = tokens.flatMap((t, i) => (isDeterminer(t) ? [] : [i]));
    const spelled = slots.map((i) => standardSpelling(tokens[i]!));
    const forms = spelled.map(englishForms);
    // Every entry that matches somewhere, then taken longest first, as written before inflected,
    // leftmost first, then in table order; a word already taken is not read twice.
    const found: Array<{ entry: number; at: number; n: number; inflected: boolean }> = [];
    slots.forEach((_, at) => {
      for (const first of forms[at]!) {
        for (const entry of this.englishByFirstWord.get(first) ?? []) {
          const form = this.english[entry]!.form;
          if (at + form.length > slots.length) continue;
          if (form.every((w, j) => spelled[at + j] === w)) found.push({ entry, at, n: form.length, inflected: false });
          else if (form.every((w, j) => forms[at + j]!.has(w))) found.push({ entry, at, n: form.length, inflected: true });
        }
      }
    });
    found.sort((a, b) => b.n - a.n || Number(a.inflected) - Number(b.inflected) || a.at - b.at || a.entry - b.entry);
    const used = new Array<boolean>(tokens.length).fill(false);
    const vietnamese: string[][] = [];
    for (const { entry, at, n } of found) {
      const from = slots[at]!;
      const to = slots[at + n - 1]! + 1;
      if (used.slice(from, to).some(Boolean)) continue;
      used.fill(true, from, to);
      vietnamese.push(this.english[entry]!.words);
    }
    return { vietnamese, rest: tokens.filter((_, i) => !used[i]) };
  }

  analyzeQuery(query: string, opts: { english?: boolean } = {}): AnalyzedQuery {
    return this.recentReadings.remember(`${opts.english ? "en" : "vi"}\u0000${query}`, () => {
      const reading = this.readQuery(query, opts);
      Object.freeze(reading.tokens);
      Object.freeze(reading.expansions);
      return reading;
    });
  }

  private readQuery(query: string, opts: { english?: boolean }): AnalyzedQuery {
    const typed = phraseTokens(normalizeText(query));
    // Decided on what the user typed, before chat numbers ("16t" → "16 tuổi", "5tr" → "5 triệu")
    // and expansions add marks of their own: "16t di lam dc ko" is still typed without marks.
    const accented = typed.some(hasDiacritics);
    const raw = readBareAges(normalizeNumbers(typed));
    const tokens = this.removeFillers(this.expandAbbreviations(raw, opts), accented);
    const view = accented ? tokens : tokens.map(foldDiacritics);
    const expansions: WeightedTokens[] = [];
    const seen = new Set<string>();
    // Only the groups with a phrase starting on one of the question's words can match; they are
    // read in file order, as the expansions' order (and the variants built from it) depends on it.
    const byFirst = accented ? this.groupsByFirstWord.exact : this.groupsByFirstWord.folded;
    const at = new Map<string, number[]>();
    view.forEach((word, i) => at.set(word, [...(at.get(word) ?? []), i]));
    const candidates = new Set<number>();
    for (const word of at.keys()) for (const g of byFirst.get(word) ?? []) candidates.add(g);
    const holds = (phrase: readonly string[]) => (at.get(phrase[0]!) ?? []).some((i) => phrase.every((w, j) => view[i + j] === w));
    for (const g of [...candidates].sort((a, b) => a - b)) {
      const group = this.groups[g]!;
      const forms = accented ? group.exact : group.folded;
      // Typed without marks, one Vietnamese syllable is too ambiguous to fire a group on its own:
      // "cuoi tuan" is "cuối tuần", not "cưới".
      const said = forms.filter((phrase, i) => holds(phrase) && (accented || phrase.length > 1 || !hasDiacritics(group.exact[i]!.join(""))));
      if (said.length === 0) continue;
      group.exact.forEach((phrase, i) => {
        const key = phrase.join(" ");
        if (said.includes(forms[i]!) || seen.has(key)) return;
        seen.add(key);
        expansions.push({ tokens: phrase, weight: SYNONYM_WEIGHT, for: said.flat() });
      });
    }
    return { tokens, accented, expansions };
  }

  /**
   * Unaccented single-syllable fillers stay: "nha" may be "nhà", "a" may be a list label.
   * Multi-syllable fillers are unambiguous in either form.
   */
  private removeFillers(tokens: string[], accented: boolean): string[] {
    const view = accented ? tokens : tokens.map(foldDiacritics);
    const keep = new Array<boolean>(tokens.length).fill(true);
    for (const filler of this.fillers) {
      if (!accented && filler.length === 1) continue;
      const form = accented ? filler : filler.map(foldDiacritics);
      for (let at = indexOf(view, form); at >= 0; at = indexOf(view, form, at + 1)) {
        for (let j = at; j < at + form.length; j++) keep[j] = false;
      }
    }
    // Unmarked "vay" opening a phrase and followed by grammar is "vậy" ("…, vay co dung khong",
    // "vay thi sao"), not "vay" (borrow), which is followed by what is borrowed or by whom.
    if (!accented)
      for (let i = 0; i < view.length - 1; i++)
        if (view[i] === "vay" && (i === 0 || view[i - 1] === BREAK) && (SO_FOLLOWERS.has(view[i + 1]!) || (view[i + 1] === "co" && SO_AFTER_CO.has(view[i + 2] ?? "")))) keep[i] = false;
    const kept = tokens.filter((_, i) => keep[i]).filter((t, i, all) => t !== BREAK || (i > 0 && i < all.length - 1 && all[i - 1] !== BREAK));
    // A question made only of fillers ("ạ") is left as typed rather than emptied.
    return kept.some((t) => t !== BREAK) ? kept : tokens;
  }
}

/** How many of the last readings `analyzeQuery` keeps (a chat turn reads a handful of texts). */
const RECENT_READINGS = 32;

const SO_FOLLOWERS = new Set(["thi", "la", "sao", "con", "nen", "neu", "ma", "a"]);
const SO_AFTER_CO = new Set(["dung", "phai", "sai", "hop", "trai", "vi", "bi"]);

interface EnglishEntry {
  /** The phrase's words in their standard spelling, articles and possessives left out. */
  form: string[];
  /** The Vietnamese words it stands for. */
  words: string[];
}

/**
 * Phrases of two or more syllables with marks, by their folded words; where one folded form is
 * written several ways ("thanh niên", "thành niên"), the way the phrases use most.
 */
function commonestMarkedForms(phrases: ReadonlyArray<readonly string[]>): Map<string, string[]> {
  const counts = new Map<string, Map<string, number>>();
  for (const words of phrases) {
    if (words.length < 2 || !words.some(hasDiacritics)) continue;
    const key = words.map(foldDiacritics).join(" ");
    const forms = counts.get(key) ?? new Map<string, number>();
    const form = words.join(" ");
    forms.set(form, (forms.get(form) ?? 0) + 1);
    counts.set(key, forms);
  }
  const out = new Map<string, string[]>();
  for (const [key, forms] of counts) {
    let best = "";
    let most = 0;
    for (const [form, n] of forms) if (n > most) [best, most] = [form, n];
    out.set(key, best.split(" "));
  }
  return out;
}

function indexOf(haystack: readonly string[], needle: readonly string[], from = 0): number {
  outer: for (let i = from; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

function entryAt(json: unknown, path: readonly PropertyKey[]): unknown {
  let node: unknown = json;
  for (const key of path.slice(0, 2)) {
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node;
}

let cached: Lexicon | undefined;

/** The lexicon shipped in knowledge/lexicon.json, read once. */
export function defaultLexicon(): Lexicon {
  return (cached ??= Lexicon.load());
}
