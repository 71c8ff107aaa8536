// Use case: check the knowledge folder before it is published (`kb check`, run in CI and before
// each sync): every document has the front matter the bot relies on (status, source, review date,
// known topics; a law's number and dates), dates parse, a replaced document names a replacement
// that is in the base, no two documents claim the same number, every FAQ entry has phrasings, a
// document not reviewed for 12 months is flagged, and every local fact still to be filled in
// ("<!-- cần bổ sung: … -->") is listed for the administrator. Problems name file and line.
import { readFile } from "node:fs/promises";
import path from "node:path";
import matter from "gray-matter";
import { systemClock } from "../../clock.ts";
import { isAppError } from "../../errors.ts";
import { parseDocument } from "../parse/parse-document.ts";
import { listKnowledgeFiles } from "./knowledge-folder.ts";
import type { TopicCatalog } from "../topics.ts";

export interface CheckIssue {
  file: string;
  line: number | null;
  /** error: not published; warning: published, should be fixed; gap: a local fact to fill in. */
  level: "error" | "warning" | "gap";
  message: string;
}

export interface CheckReport {
  documents: number;
  faqEntries: number;
  issues: CheckIssue[];
}

/** A document's front matter as far as cross-document rules need it. */
export interface FrontMatterFacts {
  file: string;
  number?: string;
  replacedBy?: string;
  status?: string;
  /** 1-based lines of the `number:` and `replaced_by:` fields. */
  lines: { number?: number; replacedBy?: number };
}

const REVIEW_MONTHS = 12;
const GAP = /<!--\s*cần bổ sung\s*:?\s*([\s\S]*?)-->/giu;

export async function checkKnowledge(opts: { dir: string; topics: TopicCatalog; today?: Date }): Promise<CheckReport> {
  const today = opts.today ?? systemClock.now();
  const issues: CheckIssue[] = [];
  const facts: FrontMatterFacts[] = [];
  let documents = 0;
  let faqEntries = 0;
  for (const file of await listKnowledgeFiles(opts.dir)) {
    const full = path.join(opts.dir, file);
    if (path.extname(file).toLowerCase() !== ".md") {
      // Other formats carry no front matter: they only have to parse.
      try {
        await parseDocument({ fileName: path.basename(file), bytes: await readFile(full) });
        documents++;
      } catch (err) {
        issues.push({ file, line: null, level: "error", message: isAppError(err, "document.refused") ? err.detail.reason : String(err) });
      }
      continue;
    }
    const text = await readFile(full, "utf8");
    const issue = (level: CheckIssue["level"], message: string, line: number | null = null) => issues.push({ file, line, level, message });
    const lineOf = (pattern: RegExp) => {
      const at = text.split("\n").findIndex((l) => pattern.test(l));
      return at < 0 ? null : at + 1;
    };
    let parsed;
    try {
      parsed = await parseDocument({ fileName: path.basename(file), bytes: new TextEncoder().encode(text) });
    } catch (err) {
      const reason = isAppError(err, "document.refused") ? err.detail.reason : String(err);
      const field = /front matter field "([\w.]+)"/.exec(reason)?.[1]?.split(".")[0];
      // A YAML error names a line of the front matter ("at line 3, column 1"), which starts on the file's line 2.
      const yamlLine = Number(/at line (\d+)|\((\d+):\d+\)/.exec(reason)?.slice(1).find(Boolean));
      issue("error", reason, field ? lineOf(new RegExp(`^${field}\\s*:`)) : yamlLine ? yamlLine + 1 : null);
      continue;
    }
    documents++;
    const meta = parsed.meta;
    const raw = matter(text).data as Record<string, unknown>;
    for (const field of ["title", "kind", "status", "source", "reviewed", "topics"]) {
      if (raw[field] === undefined || raw[field] === null || raw[field] === "") issue("error", `front matter field "${field}" is required`, 1);
    }
    if (meta.kind === "law") {
      for (const field of ["number", "issuer", "effective"] as const) if (!meta[field]) issue("error", `a law needs "${field}" in its front matter`, 1);
    } else if (meta.number) {
      issue("warning", `${meta.kind === "faq" ? "an FAQ" : "a guide"} should not claim the number ${meta.number}; list it in based_on`, lineOf(/^number\s*:/));
    }
    if (meta.status !== "in_force" && !meta.replaced_by) issue("error", `a ${meta.status} document must name what replaced it in replaced_by`, lineOf(/^status\s*:/));
    if (meta.reviewed) {
      const reviewed = new Date(`${meta.reviewed}T00:00:00Z`);
      const due = new Date(reviewed);
      due.setUTCMonth(due.getUTCMonth() + REVIEW_MONTHS);
      if (reviewed > today) issue("error", `reviewed ${meta.reviewed} is in the future`, lineOf(/^reviewed\s*:/));
      else if (due < today) issue("warning", `last reviewed ${meta.reviewed}, more than ${REVIEW_MONTHS} months ago: check it against its source`, lineOf(/^reviewed\s*:/));
    }
    for (const topic of meta.topics) {
      if (!opts.topics.has(topic)) issue("error", `unknown topic "${topic}" (knowledge/topics.json lists the topics)`, lineOf(/^topics\s*:/));
    }
    if (meta.kind === "faq") faqEntries += checkFaqEntries(text, (message, line, level = "error") => issue(level, message, line));
    for (const m of text.matchAll(GAP)) {
      issue("gap", m[1]!.replace(/\s+/g, " ").trim() || "a local fact to fill in", text.slice(0, m.index).split("\n").length);
    }
    facts.push({
      file,
      ...(meta.number ? { number: meta.number } : {}),
      ...(meta.replaced_by ? { replacedBy: meta.replaced_by } : {}),
      status: meta.status,
      lines: { ...(lineOf(/^number\s*:/) ? { number: lineOf(/^number\s*:/)! } : {}), ...(lineOf(/^replaced_by\s*:/) ? { replacedBy: lineOf(/^replaced_by\s*:/)! } : {}) },
    });
  }
  issues.push(...crossDocumentProblems(facts));
  const order = { error: 0, warning: 1, gap: 2 };
  issues.sort((a, b) => order[a.level] - order[b.level] || a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0));
  return { documents, faqEntries, issues };
}

/**
 * Rules across documents: a number belongs to one document (the second to claim it is refused),
 * and a replaced document's replacement must be in the base (`extraNumbers`: documents outside the
 * folder, such as uploads). Sync refuses to publish a document these name.
 */
export function crossDocumentProblems(facts: readonly FrontMatterFacts[], extraNumbers: Iterable<string> = []): CheckIssue[] {
  const issues: CheckIssue[] = [];
  const owner = new Map<string, string>();
  for (const f of [...facts].sort((a, b) => a.file.localeCompare(b.file))) {
    if (!f.number) continue;
    const first = owner.get(f.number);
    if (first) issues.push({ file: f.file, line: f.lines.number ?? null, level: "error", message: `number ${f.number} is already claimed by ${first}` });
    else owner.set(f.number, f.file);
  }
  const known = new Set([...owner.keys(), ...extraNumbers]);
  for (const f of facts) {
    if (!f.replacedBy || f.status === "in_force") continue;
    if (!known.has(f.replacedBy)) {
      issues.push({
        file: f.file,
        line: f.lines.replacedBy ?? null,
        level: "error",
        message: `replaced_by ${f.replacedBy} is not the number of a document in the base: add that document, or write its number exactly`,
      });
    }
  }
  return issues;
}

/** The front matter facts of a Markdown file, without parsing its body (for sync's checks). */
export function frontMatterFacts(file: string, text: string): FrontMatterFacts | null {
  let data: Record<string, unknown>;
  try {
    data = matter(text).data as Record<string, unknown>;
  } catch {
    return null;
  }
  const str = (v: unknown) => (typeof v === "string" || typeof v === "number" ? String(v).trim() || undefined : undefined);
  const lines = text.split("\n");
  const lineOf = (field: string) => {
    const at = lines.findIndex((l) => new RegExp(`^${field}\\s*:`).test(l));
    return at < 0 ? undefined : at + 1;
  };
  const number = str(data.number);
  const replacedBy = str(data.replaced_by);
  const status = str(data.status);
  const numberLine = lineOf("number");
  const replacedLine = lineOf("replaced_by");
  return {
    file,
    ...(number ? { number } : {}),
    ...(replacedBy ? { replacedBy } : {}),
    ...(status ? { status } : {}),
    lines: { ...(numberLine ? { number: numberLine } : {}), ...(replacedLine ? { replacedBy: replacedLine } : {}) },
  };
}

/** Checks each "## Hỏi:" entry has phrasings and a label; returns how many entries there are. */
function checkFaqEntries(text: string, report: (message: string, line: number, level?: CheckIssue["level"]) => void): number {
  const lines = text.split("\n");
  const starts = lines.flatMap((l, i) => (/^#{1,6}\s*(\*\*)?Hỏi\s*[:：]/u.test(l.trim()) ? [i] : []));
  starts.forEach((start, n) => {
    const end = starts[n + 1] ?? lines.length;
    const entry = lines.slice(start, end);
    const alt = entry.findIndex((l) => /^(\*\*)?Cách hỏi khác\s*[:：]/iu.test(l.trim()));
    const phrasings = alt < 0 ? 0 : entry.slice(alt + 1).filter((l) => /^[-*+•]\s+\S/u.test(l.trim())).length + (entry[alt]!.split(/[:：]/)[1]?.trim() ? 1 : 0);
    if (phrasings === 0) report("FAQ entry without other phrasings (\"Cách hỏi khác:\" and a list)", start + 1);
    if (!entry.some((l) => /^(\*\*)?Nhãn\s*[:：]\s*\S/u.test(l.trim()))) report("FAQ entry without a label (\"Nhãn:\"), needed for clarifying buttons", start + 1, "warning");
    if (!entry.some((l) => /^(\*\*)?(Đáp|Trả lời)\s*[:：]/u.test(l.trim()))) report("FAQ entry without an answer (\"Đáp:\")", start + 1);
  });
  return starts.length;
}
