// Use case: turn a law's full text, given one article a line in the ALQAC JSONL format
// ({"id","title","text","law_id","article_id"}), into a knowledge document: front matter from a
// manifest (number, issuer, dates, status, what replaced it, source, review date) and one
// "### Điều N. <heading>" section per article, in article order, so the law chunker cites article
// and clause. The manifest (knowledge/_sources/*.yaml) is reviewed by a person: the status of a law
// is checked against its source before it is imported, never guessed.
import { readFile } from "node:fs/promises";
import { parse } from "yaml";
import { z } from "zod";
import { DocumentStatus } from "../document.ts";
import { CorpusLine, readJsonl } from "./evaluate.ts";

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "expected YYYY-MM-DD");

export const LawImport = z.strictObject({
  /** The corpus's law_id of the articles to take. */
  law_id: z.string().min(1),
  /** Written to knowledge/<file>. */
  file: z.string().regex(/^[a-z0-9][a-z0-9/-]*\.md$/, "a kebab-case .md path inside the knowledge folder"),
  title: z.string().min(1),
  short_title: z.string().min(1),
  number: z.string().min(1),
  issuer: z.string().min(1),
  issued: IsoDate,
  effective: IsoDate,
  status: DocumentStatus,
  /** The number of the document that replaced it (required when status is replaced or expired). */
  replaced_by: z.string().min(1).optional(),
  source: z.string().min(1),
  reviewed: IsoDate,
  topics: z.array(z.string().min(1)).min(1),
  /** Said before the articles: what this text is, amendments that apply, where to read the official one. */
  note: z.string().min(1),
});
export type LawImport = z.infer<typeof LawImport>;

export const LawManifest = z.strictObject({ laws: z.array(LawImport).min(1) }).superRefine((m, ctx) => {
  m.laws.forEach((law, i) => {
    if (law.status !== "in_force" && !law.replaced_by) {
      ctx.addIssue({ code: "custom", path: ["laws", i, "replaced_by"], message: `${law.file}: a ${law.status} law must name what replaced it` });
    }
  });
});
export type LawManifest = z.infer<typeof LawManifest>;

export async function readLawManifest(file: string): Promise<LawManifest> {
  const parsed = LawManifest.safeParse(parse(await readFile(file, "utf8")));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${file}: ${issue.path.join(".")}: ${issue.message}`);
  }
  return parsed.data;
}

/** The knowledge document for one law, or an error naming what is missing from the corpus. */
export function lawDocument(law: LawImport, corpus: readonly CorpusLine[]): string {
  const articles = corpus
    .filter((line) => line.law_id === law.law_id)
    .map((line) => ({ number: articleNumber(line), line }))
    .sort((a, b) => a.number - b.number);
  if (articles.length === 0) throw new Error(`no articles with law_id "${law.law_id}" in the corpus`);
  const yamlText = (s: string) => JSON.stringify(s);
  const front = [
    "---",
    `title: ${yamlText(law.title)}`,
    `short_title: ${yamlText(law.short_title)}`,
    "kind: law",
    `number: ${law.number}`,
    `issuer: ${yamlText(law.issuer)}`,
    `issued: ${law.issued}`,
    `effective: ${law.effective}`,
    `status: ${law.status}`,
    ...(law.replaced_by ? [`replaced_by: ${law.replaced_by}`] : []),
    `source: ${yamlText(law.source)}`,
    `reviewed: ${law.reviewed}`,
    `topics: [${law.topics.join(", ")}]`,
    "audience: [thanh-nien]",
    "---",
  ];
  const body = articles.map(({ number, line }) => {
    const [heading, ...rest] = articleText(line);
    return [`### Điều ${number}. ${heading}`, ...rest].join("\n");
  });
  return `${front.join("\n")}\n\n${law.note.trim()}\n\n${body.join("\n\n")}\n`;
}

function articleNumber(line: CorpusLine): number {
  const raw = typeof line.article_id === "string" || typeof line.article_id === "number" ? String(line.article_id) : (/Điều\s+(\d+)/.exec(line.title)?.[1] ?? "");
  const n = Number.parseInt(raw, 10);
  if (!Number.isFinite(n)) throw new Error(`${line.id}: no article number`);
  return n;
}

/**
 * The article's heading and its paragraphs, one a line. The corpus repeats the heading as the
 * text's first paragraph; a heading missing there is taken from the title ("…, Điều 5. Heading").
 */
function articleText(line: CorpusLine): string[] {
  const paragraphs = line.text
    .normalize("NFC")
    .split(/\n+/)
    .map((p) => p.replace(/\s+/g, " ").trim())
    .filter(Boolean);
  const fromTitle = /Điều\s+\d+\w*\.\s*(.+)$/u.exec(line.title)?.[1]?.trim();
  const heading = fromTitle ?? paragraphs[0] ?? "";
  if (paragraphs[0] === heading) paragraphs.shift();
  return [heading, ...paragraphs];
}

export async function readCorpus(file: string): Promise<CorpusLine[]> {
  return readJsonl(file, CorpusLine);
}
