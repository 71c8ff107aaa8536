// Owns the live knowledge base of one instance: the search engine built from the database's
// documents and chunks, persisted under DATA_DIR/index, and kept current by comparing the
// database's knowledge version with its own. A change made by any instance (CLI, console, API)
// becomes searchable here on the next catch-up, without a restart. It can exist before it is
// loaded (the service listens meanwhile): questions and searches asked before then wait for it.
import { createHash } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Logger } from "pino";
import type { Db } from "../db/client.ts";
import { decide, DEFAULT_DECISION, type DecisionParams } from "./answer/answer-decision.ts";
import type { DocumentMeta } from "./document.ts";
import { readKnowledgeVersion } from "./knowledge-version.ts";
import type { Asked, DocumentFacts, KnowledgeSearch, Passage } from "./passage.ts";
import { RecentValues } from "./recent-values.ts";
import { bestPhrasingMatch, contentWords, missingShare, passageWords, phrasingTerms, questionTerms, synonymVariants } from "./search/phrasing-match.ts";
import { EnglishVocabulary, englishTerms, isEnglishPhrasing } from "./search/english-phrasing.ts";
import { DEFAULT_QUERY_OPTIONS, termLightness, withoutStatusClauses, type PreparedQuery, type Question } from "./search/question.ts";
import { SearchEngine, type IndexedChunk, type SearchEngineOptions } from "./search/search-engine.ts";
import { approvedPhrasings } from "./admin/taught-phrasings.ts";
import { defaultLexicon } from "./search/lexicon.ts";
import { foldedText } from "./text.ts";

/** The text without the first run of words spelling `title` (marks and case aside), year included. */
function withoutName(text: string, title: string): string {
  const fold = (w: string) => foldedText(w).replace(/[^a-z0-9/]/g, "");
  const name = title.split(/\s+/).map(fold).filter(Boolean);
  const words = text.split(/\s+/);
  const folded = words.map(fold);
  for (let i = 0; i + name.length <= words.length; i++) {
    if (name.every((w, j) => folded[i + j] === w)) return [...words.slice(0, i), ...words.slice(i + name.length)].join(" ");
  }
  return text;
}

/** Content words past which a question naming a replaced text asks more than its status. */
const STATUS_WITH_QUESTION = 7;

/**
 * Passages the decision looks at: enough to find a rival on another subject, and to reach the
 * passage holding the kind of answer asked for when the engine ranks it lower ("min age to go work
 * in Japan" ranked the entry with "đủ 18 tuổi" below eight others). 8 → 12 gained a little on every
 * set read while developing; 16 gained nothing more.
 */
const CANDIDATES = 12;
/** Questions whose decision is kept until the knowledge changes. */
const ASKED_CACHE = 5_000;
/** Synonym rewrites of the question tried against each candidate's phrasings. */
const SYNONYM_VARIANTS = 4;

/** "Luật Việc làm 2025 (74/2025/QH15), có hiệu lực từ 01/01/2026"-like naming, language-neutral. */
export function describeDocument(d: { title: string; number?: string; effective?: string }): string {
  const number = d.number && !d.title.includes(d.number) ? ` (${d.number})` : "";
  return `${d.title}${number}`;
}
import type { FingerprintedEmbeddings } from "./index/embedder.ts";

interface ChunkInfo {
  documentId: string;
  citation: string;
  heading: string;
  text: string;
  label: string;
  phrasings: string[];
  /** The phrasings' terms (phrasing-match.ts), analysed the first time the chunk is a candidate. */
  phrasingTerms?: Set<string>[];
  /** Every folded word of the passage, also analysed on first use. */
  words?: Set<string>;
  /** The terms of the phrasings written in English (english-phrasing.ts). */
  englishTerms?: Set<string>[];
}

interface DocumentInfo {
  title: string;
  /** The full title as written in the front matter (the short one is `title`). */
  fullTitle: string;
  kind: Passage["kind"];
  number?: string;
  effective?: string;
  url?: string;
  status: Passage["status"];
  /** The front matter's `replaced_by`: the number of the replacing document, or a description. */
  replacedBy?: string;
  topics: string[];
  hash: string;
}

export interface KnowledgeBaseOptions {
  db: Db;
  dataDir: string;
  embeddings: FingerprintedEmbeddings;
  log: Logger;
  /** Write the index back to DATA_DIR after changes; off for short-lived CLI readers. */
  persist?: boolean;
  threshold?: number;
  /** Retrieval settings other than the defaults (for tuning experiments). */
  retrieval?: Pick<SearchEngineOptions, "query" | "retriever" | "fusion">;
}

/** A chunk as the database holds it, as much of it as the knowledge base reads. */
interface ChunkRow {
  id: string;
  documentId: string;
  citation: string;
  heading: string;
  text: string;
  label: string;
  phrasings: string;
}

/** What the persisted index was built from, so a restart only re-indexes what changed. */
interface IndexState {
  version: number;
  documents: Record<string, string>;
}

export class KnowledgeBase implements KnowledgeSearch {
  private chunks = new Map<string, ChunkInfo>();
  private chunkIdsByDocument = new Map<string, string[]>();
  private documents = new Map<string, DocumentInfo>();
  private indexedHashes = new Map<string, string>();
  /** Term weights for the evidence of each candidate, reused across questions (see termWeight). */
  private readonly idfs = new Map<string, number>();
  /** Recent questions' readings and decisions, least recently used first; emptied when the knowledge changes. */
  private readonly asked = new RecentValues<string, { version: number; asked: Asked }>(ASKED_CACHE);
  private readonly lightness = new Map<string, number>();
  /** Rarity of English phrasing terms across the base, built on the first English question. */
  private english: EnglishVocabulary | undefined;
  private version = -1;
  private timer: NodeJS.Timeout | undefined;
  private catchingUp: Promise<void> | undefined;
  private nextRun: Promise<void> | undefined;
  /** Settles when load() has: until then searches, questions and catch-ups wait on it. */
  private readonly loaded: Promise<void>;
  private settleLoad!: (failure?: unknown) => void;
  private loading: Promise<void> | undefined;
  private ready = false;

  private constructor(
    private readonly db: Db,
    private engine: SearchEngine,
    private readonly opts: { indexDir: string; engineOptions: SearchEngineOptions; log: Logger; persist: boolean },
    /** The answer decision's model, with KNOWLEDGE_CONFIDENCE_THRESHOLD as its answer threshold when set. */
    private readonly decision: DecisionParams = DEFAULT_DECISION,
  ) {
    this.loaded = new Promise<void>((resolve, reject) => {
      this.settleLoad = (failure) => (failure === undefined ? resolve() : reject(failure));
    });
    // A load that fails is reported by load() itself; the waiting callers see the same failure.
    this.loaded.catch(() => undefined);
  }

  /** A knowledge base that answers once load() has run; what is asked before waits for it. */
  static create(opts: KnowledgeBaseOptions): KnowledgeBase {
    const decision =
      opts.threshold === undefined ? DEFAULT_DECISION : { ...DEFAULT_DECISION, answer: opts.threshold, clarify: Math.min(DEFAULT_DECISION.clarify, opts.threshold) };
    const engineOptions = { ...opts.retrieval, embeddings: opts.embeddings };
    const indexDir = path.join(opts.dataDir, "index");
    return new KnowledgeBase(opts.db, new SearchEngine(engineOptions), { indexDir, engineOptions, log: opts.log, persist: opts.persist ?? true }, decision);
  }

  /** A loaded knowledge base: create() and load() in one. */
  static async open(opts: KnowledgeBaseOptions): Promise<KnowledgeBase> {
    const kb = KnowledgeBase.create(opts);
    await kb.load();
    return kb;
  }

  /**
   * Loads the persisted index when it matches the embedder, then catches up with the database
   * (building the index from it when nothing usable was saved). Runs once; later calls share it.
   */
  load(): Promise<void> {
    this.loading ??= (async () => {
      const { indexDir, engineOptions, log } = this.opts;
      const saved = await SearchEngine.load(indexDir, engineOptions).catch((err: unknown) => {
        log.warn({ err }, "knowledge index unreadable; rebuilding");
        return null;
      });
      if (saved) {
        this.engine = saved;
        const state = await readState(indexDir);
        for (const [id, hash] of Object.entries(state?.documents ?? {})) this.indexedHashes.set(id, hash);
      } else {
        log.info({ embedder: engineOptions.embeddings.fingerprint }, "building the knowledge index from the database");
      }
      await this.runCatchUp(true);
    })().then(
      () => {
        this.ready = true;
        this.settleLoad();
      },
      (err: unknown) => {
        this.settleLoad(err);
        throw err;
      },
    );
    return this.loading;
  }

  /** Whether load() has finished: /healthz says "not ready" until then. */
  isLoaded(): boolean {
    return this.ready;
  }

  /** Resolves at once when loaded (the usual case), after the load otherwise. */
  private whenLoaded(): Promise<void> | undefined {
    return this.ready ? undefined : this.loaded;
  }

  stats(): { documents: number; chunks: number } {
    return { documents: this.documents.size, chunks: this.chunks.size };
  }

  async search(query: string | PreparedQuery, opts: { k?: number } = {}): Promise<Passage[]> {
    await this.whenLoaded();
    const prepared = typeof query === "string" ? this.engine.prepare(query) : query;
    const hits = await this.engine.search(prepared, { k: opts.k ?? 5 });
    const terms = [prepared.analyzed, ...synonymVariants(prepared.analyzed, SYNONYM_VARIANTS)].map(questionTerms);
    const content = contentWords(prepared.analyzed);
    const idf = (t: string) => this.termWeight(this.idfs, t, (term) => this.engine.idf(term));
    const light = (t: string) => this.termWeight(this.lightness, t, termLightness);
    const english = prepared.question.language === "en" ? this.englishQuestion(prepared.question) : undefined;
    const passages: Passage[] = [];
    hits.forEach((hit, rank) => {
      const passage = this.toPassage(hit.id, hit.score, hit.confident);
      const chunk = this.chunks.get(hit.id);
      if (!passage || !chunk) return;
      chunk.phrasingTerms ??= [...chunk.phrasings, chunk.label || chunk.heading].filter(Boolean).map(phrasingTerms);
      const inEnglish = english ? bestPhrasingMatch(english.terms, this.englishTermsOf(chunk), english.idf, () => 1) : undefined;
      const phrasing = [...terms.map((t) => bestPhrasingMatch(t, chunk.phrasingTerms!, idf, light)), ...(inEnglish ? [inEnglish] : [])].reduce((a, b) => (b.f1 > a.f1 ? b : a));
      chunk.words ??= passageWords([passage.title, chunk.heading, chunk.text, ...chunk.phrasings]);
      const missing = missingShare(content, chunk.words, idf);
      passages.push({ ...passage, evidence: { engine: hit.score, coverage: hit.lexical, dense: hit.dense, phrasing, english: inEnglish?.f1 ?? 0, missing, rank } });
    });
    return passages;
  }

  async ask(text: string, params: DecisionParams = this.decision): Promise<Asked> {
    // Before the first load a question would find nothing and get a wrong "not sure": it waits.
    await this.whenLoaded();
    // Young people ask the same questions again and again; until the knowledge changes, the same
    // words get the same reading, candidates and decision.
    const key = params === this.decision ? text.normalize("NFC").trim().replace(/\s+/g, " ") : undefined;
    const cached = key === undefined ? undefined : this.asked.get(key);
    if (cached && cached.version === this.version) return cached.asked;
    // A catch-up finishing meanwhile makes this decision stale: it is kept under the version it was made with.
    const version = this.version;
    const asked = await this.decideFresh(text, params);
    if (key !== undefined) this.asked.set(key, { version, asked });
    return asked;
  }

  private async decideFresh(text: string, params: DecisionParams): Promise<Asked> {
    const { question, passages } = await this.candidates(text);
    if (question.asksStatus) {
      // An English question names a document in English ("the 2025 Cybersecurity Law"): its
      // Vietnamese words are looked for in any order beside the numbers and years it gives.
      const document = question.language === "en" ? this.namedDocument(`${this.inVietnamese(text)} ${text}`, { anyOrder: true }) : this.namedDocument(text);
      if (document) {
        // "Luật 2013 bảo phải chờ 15 ngày mới được tính hưởng, quy định đó còn đúng không?": beside
        // the old text's status, what applies now, when an in-force passage answers it surely.
        // The law's own name is left out of that search: it would find the law's summary, not the rule.
        const rest = withoutStatusClauses(withoutName(text, document.title), this.engine.lexicon);
        const asked = document.status !== "in_force" && (question.context !== "" || question.contentWords >= STATUS_WITH_QUESTION) && rest !== text ? await this.candidates(rest) : undefined;
        const decision = asked ? decide(asked.question, asked.passages, params) : undefined;
        const current = decision?.outcome === "answer" && decision.best.status === "in_force" && decision.best.documentId !== document.documentId ? { current: decision.best } : {};
        return { question, decision: { outcome: "status", document, ...current, passages } };
      }
    }
    return { question, decision: decide(question, passages, params) };
  }

  /** How the question was read and the passages the decision chooses from, best first. */
  async candidates(text: string): Promise<{ question: Question; passages: Passage[] }> {
    await this.whenLoaded();
    const prepared = this.engine.prepare(text);
    return { question: prepared.question, passages: await this.search(prepared, { k: CANDIDATES }) };
  }

  /** An English question's terms (the asking part in full, the story less), for the English phrasings. */
  private englishQuestion(question: Question): { terms: Map<string, number>; idf: (t: string) => number } {
    if (!this.english) {
      this.english = new EnglishVocabulary();
      for (const chunk of this.chunks.values()) this.english.add(this.englishTermsOf(chunk));
    }
    const terms = new Map<string, number>();
    for (const [text, weight] of [[question.context, DEFAULT_QUERY_OPTIONS.contextWeight], [question.focus, 1]] as const) {
      for (const t of englishTerms(text)) terms.set(t, weight);
    }
    const vocabulary = this.english;
    return { terms, idf: (t) => vocabulary.idf(t) };
  }

  private englishTermsOf(chunk: ChunkInfo): Set<string>[] {
    return (chunk.englishTerms ??= chunk.phrasings.filter(isEnglishPhrasing).map(englishTerms));
  }

  /** A term's weight from `cache`, computed once (idf depends on the index: the cache is cleared when it changes). */
  private termWeight(cache: Map<string, number>, term: string, compute: (term: string) => number): number {
    let w = cache.get(term);
    if (w === undefined) {
      if (cache.size > 200_000) cache.clear();
      cache.set(term, (w = compute(term)));
    }
    return w;
  }

  passage(chunkId: string): Passage | null {
    return this.toPassage(chunkId, 1, true);
  }

  /**
   * The document a question names, for "còn hiệu lực không?": by its number ("38/2013/QH13"), or
   * by the words of its short title ("luật việc làm 2013", with the year when the title has one).
   * Without a year, the document in force is the one meant.
   */
  namedDocument(text: string, opts: { anyOrder?: boolean } = {}): DocumentFacts | null {
    // Chat shorthand names documents too: "luật vl 2013" is "luật việc làm 2013".
    const expanded = defaultLexicon().expandAbbreviations(text.normalize("NFC").toLowerCase().split(/\s+/)).join(" ");
    // "Luật Thanh niên năm 2005" names the same document as "Luật Thanh niên 2005".
    const q = ` ${foldedText(expanded).replace(/[^a-z0-9/]+/g, " ").replace(/\bnam ((?:19|20)\d{2})\b/g, "$1")} `;
    const candidates: Array<{ id: string; doc: DocumentInfo; exact: boolean; phrase?: boolean; size?: number }> = [];
    // For a title looked for in any order: the message's words and the years it names.
    const said = new Set(q.trim().split(" "));
    const years: string[] = q.match(/\b(?:19|20)\d{2}\b/g) ?? [];
    for (const [id, doc] of this.documents) {
      if (!doc.number) continue;
      const number = foldedText(doc.number);
      const short = number.split("/").slice(0, 2).join("/");
      if (q.includes(` ${number} `) || q.includes(` ${short} `)) return this.facts(id, doc);
      const words = foldedText(doc.title).replace(/[^a-z0-9]+/g, " ").trim();
      const withoutYear = words.replace(/\s*\b(19|20)\d{2}\b\s*/g, " ").trim();
      if (withoutYear.split(" ").length < 2) continue;
      if (opts.anyOrder) {
        if (!withoutYear.split(" ").every((w) => said.has(w))) continue;
        const year = /\b(19|20)\d{2}\b/.exec(words)?.[0];
        // The title's words together ("bộ luật lao động" from "labour code") beat the same words
        // scattered over the message ("luật", "việc làm" from "law … job"); then the longer title.
        const phrase = q.includes(` ${withoutYear} `);
        const size = withoutYear.split(" ").length;
        if (year && years.includes(year)) candidates.push({ id, doc, exact: true, phrase, size });
        else if (years.length === 0) candidates.push({ id, doc, exact: false, phrase, size });
        continue;
      }
      if (q.includes(` ${words} `)) candidates.push({ id, doc, exact: true });
      else if (q.includes(` ${withoutYear} `) && !/\b(19|20)\d{2}\b/.test(q.replace(withoutYear, ""))) candidates.push({ id, doc, exact: false });
    }
    if (opts.anyOrder) candidates.sort((a, b) => Number(b.phrase) - Number(a.phrase) || (b.size ?? 0) - (a.size ?? 0));
    const pick = candidates.find((c) => c.exact) ?? candidates.find((c) => c.doc.status === "in_force") ?? candidates[0];
    return pick ? this.facts(pick.id, pick.doc) : null;
  }

  /** The Vietnamese words the English table gives for an English text, in no particular order. */
  private inVietnamese(text: string): string {
    const lexicon = this.engine.lexicon;
    const { vietnamese } = lexicon.translateEnglish(lexicon.analyzeQuery(text, { english: true }).tokens);
    return vietnamese.map((words) => words.join(" ")).join(" ");
  }

  private facts(documentId: string, doc: DocumentInfo): DocumentFacts {
    let replacement: DocumentFacts["replacement"];
    if (doc.replacedBy) {
      const target = [...this.documents.values()].find((d) => d.number && d.number === doc.replacedBy);
      replacement = target
        ? { title: target.title, ...(target.number ? { number: target.number } : {}), ...(target.effective ? { effective: target.effective } : {}) }
        : doc.replacedBy;
    }
    // "… có hiệu lực từ khi nào và thay thế luật nào?": the replaced texts are named beside the date.
    const replaces = doc.number
      ? [...this.documents.values()].filter((d) => d.replacedBy === doc.number).map((d) => ({ title: d.title, ...(d.number ? { number: d.number } : {}) }))
      : [];
    return {
      documentId,
      title: doc.title,
      status: doc.status,
      ...(doc.number ? { number: doc.number } : {}),
      ...(doc.effective ? { effective: doc.effective } : {}),
      ...(replacement ? { replacement } : {}),
      ...(replaces.length ? { replaces } : {}),
    };
  }

  private toPassage(chunkId: string, score: number, confident: boolean): Passage | null {
    const chunk = this.chunks.get(chunkId);
    const doc = chunk && this.documents.get(chunk.documentId);
    if (!chunk || !doc) return null;
    const replacement = doc.replacedBy ? this.facts(chunk.documentId, doc).replacement : undefined;
    const labelEn = chunk.phrasings.find(isEnglishPhrasing);
    return {
      chunkId,
      documentId: chunk.documentId,
      score,
      confident,
      title: doc.title,
      citation: withoutTitle(chunk.citation, doc.title),
      heading: chunk.heading,
      text: chunk.text,
      label: chunk.label,
      ...(labelEn ? { labelEn } : {}),
      kind: doc.kind,
      status: doc.status,
      topics: doc.topics,
      ...(doc.url ? { url: doc.url } : {}),
      ...(replacement ? { replacedBy: typeof replacement === "string" ? replacement : describeDocument(replacement) } : {}),
    };
  }

  /** Polls the database's knowledge version so changes made elsewhere go live within `everyMs`. */
  watch(everyMs = 2000): void {
    this.timer ??= setInterval(() => {
      this.catchUp().catch((err: unknown) => this.opts.log.error({ err }, "knowledge catch-up failed"));
    }, everyMs);
    this.timer.unref();
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.catchingUp;
  }

  /**
   * Brings the index in line with the database. Safe to call concurrently: a call made while a run
   * is in progress waits for one more run, because the current one may have read the database
   * before the caller's change was committed.
   */
  async catchUp(force = false): Promise<void> {
    // The first catch-up is the load's: one asked before it would build on the empty engine.
    await this.whenLoaded();
    return this.runCatchUp(force);
  }

  private runCatchUp(force: boolean): Promise<void> {
    if (this.catchingUp) {
      this.nextRun ??= this.catchingUp.catch(() => undefined).then(() => {
        this.nextRun = undefined;
        return this.runCatchUp(force);
      });
      return this.nextRun;
    }
    this.catchingUp = this.doCatchUp(force).finally(() => {
      this.catchingUp = undefined;
    });
    return this.catchingUp;
  }

  private async doCatchUp(force: boolean): Promise<void> {
    const version = await readKnowledgeVersion(this.db.prisma);
    if (!force && version === this.version) return;
    const started = performance.now();
    const docs = await this.db.prisma.document.findMany({
      select: { id: true, title: true, kind: true, status: true, meta: true, contentHash: true },
    });
    // Wordings staff taught (taught-phrasings.ts) are part of what a document's index holds.
    const taught = await approvedPhrasings(this.db);
    const seen = new Set<string>();
    const reread: Array<{ id: string; title: string; teach: Map<string, string[]> | undefined; hash: string }> = [];
    let changed = 0;
    for (const doc of docs) {
      seen.add(doc.id);
      const meta = parseMeta(doc.meta);
      const known = this.documents.get(doc.id);
      const teach = taught.get(doc.id);
      const hash = teach ? `${doc.contentHash}:${createHash("sha256").update(JSON.stringify([...teach])).digest("hex").slice(0, 16)}` : doc.contentHash;
      if (known?.hash !== hash || !this.chunkIdsByDocument.has(doc.id)) reread.push({ id: doc.id, title: meta.short_title ?? doc.title, teach, hash });
      this.documents.set(doc.id, {
        title: meta.short_title ?? doc.title,
        fullTitle: doc.title,
        kind: (["law", "faq", "guide"].includes(doc.kind) ? doc.kind : "guide") as Passage["kind"],
        ...(meta.number ? { number: meta.number } : {}),
        ...(meta.effective ? { effective: meta.effective } : {}),
        status: (doc.status as Passage["status"]) ?? "in_force",
        topics: meta.topics ?? [],
        hash,
        ...(meta.source && /^https?:\/\//.test(meta.source) ? { url: meta.source } : {}),
        ...(meta.replaced_by ? { replacedBy: meta.replaced_by } : {}),
      });
    }
    const rowsOf = await this.chunkRows(reread.length === docs.length ? "all" : reread.map((d) => d.id));
    for (const { id, title, teach, hash } of reread) {
      const rows = rowsOf.get(id) ?? [];
      this.dropChunksOf(id);
      for (const r of rows) {
        const phrasings = [...parsePhrasings(r.phrasings), ...(teach?.get(r.citation) ?? [])];
        this.chunks.set(r.id, { documentId: id, citation: r.citation, heading: r.heading, text: r.text, label: r.label, phrasings });
      }
      this.chunkIdsByDocument.set(id, rows.map((r) => r.id));
      if (this.indexedHashes.get(id) !== hash) {
        const indexed: IndexedChunk[] = rows.map((r) => ({
          id: r.id,
          documentId: id,
          title: `${title} ${r.heading}`.trim(),
          citation: r.citation,
          text: r.text,
          phrasings: this.chunks.get(r.id)!.phrasings,
        }));
        await this.engine.upsertDocument(id, indexed);
        this.indexedHashes.set(id, hash);
        changed++;
      }
    }
    for (const id of [...this.documents.keys()]) {
      if (seen.has(id)) continue;
      this.documents.delete(id);
      this.dropChunksOf(id);
    }
    for (const id of [...this.indexedHashes.keys()]) {
      if (seen.has(id)) continue;
      this.engine.removeDocument(id);
      this.indexedHashes.delete(id);
      changed++;
    }
    this.version = version;
    // Any change (a document's status, a taught wording) may change a decision.
    this.asked.clear();
    this.english = undefined;
    if (changed > 0) {
      this.idfs.clear();
      if (this.opts.persist) await this.persist();
      this.opts.log.info({ version, changed, ...this.stats(), ms: Math.round(performance.now() - started) }, "knowledge index updated");
    }
  }

  /**
   * The chunks of these documents (or of every document), grouped by document in reading order:
   * one query for a start, where there used to be one per document.
   */
  private async chunkRows(documentIds: string[] | "all"): Promise<Map<string, ChunkRow[]>> {
    const byDocument = new Map<string, ChunkRow[]>();
    if (documentIds.length === 0) return byDocument;
    const batches = documentIds === "all" ? [undefined] : Array.from({ length: Math.ceil(documentIds.length / 500) }, (_, i) => documentIds.slice(i * 500, i * 500 + 500));
    for (const batch of batches) {
      const rows = await this.db.prisma.chunk.findMany({
        ...(batch ? { where: { documentId: { in: batch } } } : {}),
        select: { id: true, documentId: true, citation: true, heading: true, text: true, label: true, phrasings: true },
        orderBy: [{ documentId: "asc" }, { ordinal: "asc" }],
      });
      for (const r of rows) {
        const list = byDocument.get(r.documentId);
        if (list) list.push(r);
        else byDocument.set(r.documentId, [r]);
      }
    }
    return byDocument;
  }

  private dropChunksOf(documentId: string): void {
    for (const id of this.chunkIdsByDocument.get(documentId) ?? []) this.chunks.delete(id);
    this.chunkIdsByDocument.delete(documentId);
  }

  private async persist(): Promise<void> {
    await mkdir(this.opts.indexDir, { recursive: true });
    await this.engine.save(this.opts.indexDir);
    const state: IndexState = { version: this.version, documents: Object.fromEntries(this.indexedHashes) };
    await writeFile(path.join(this.opts.indexDir, "documents.json"), JSON.stringify(state));
  }
}

/** Citations end with "– <document>"; the source line names the document separately. */
function withoutTitle(citation: string, title: string): string {
  const suffix = ` – ${title}`;
  return citation.endsWith(suffix) && citation.length > suffix.length ? citation.slice(0, -suffix.length) : citation;
}

async function readState(dir: string): Promise<IndexState | null> {
  try {
    return JSON.parse(await readFile(path.join(dir, "documents.json"), "utf8")) as IndexState;
  } catch {
    return null;
  }
}

function parseMeta(json: string): Partial<DocumentMeta> {
  try {
    return JSON.parse(json) as Partial<DocumentMeta>;
  } catch {
    return {};
  }
}

function parsePhrasings(json: string): string[] {
  try {
    const value = JSON.parse(json) as unknown;
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
  } catch {
    return [];
  }
}
