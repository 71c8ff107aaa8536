// The shape of a knowledge document on its way into the index: the front-matter schema the
// knowledge team writes (and uploads are given by default), the parsed text, the chunk drafts
// the chunker produces, and how every parsing failure is reported (documentRefused).

import { z } from "zod";
import { AppError } from "../errors.ts";

export const DocumentKind = z.enum(["law", "faq", "guide"]);
export type DocumentKind = z.infer<typeof DocumentKind>;

export const DocumentStatus = z.enum(["in_force", "expired", "replaced"]);
export type DocumentStatus = z.infer<typeof DocumentStatus>;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

// YAML turns an unquoted 2020-06-16 into a Date at UTC midnight; authors should not have to
// quote dates, so both spellings end up as the same YYYY-MM-DD string.
const isoDate = z.preprocess(
  (value) => {
    if (value instanceof Date && !Number.isNaN(value.getTime())) return value.toISOString().slice(0, 10);
    return typeof value === "string" ? value.trim() : value;
  },
  z.string().refine(isRealDate, { message: "expected a date written as YYYY-MM-DD" }),
);

function isRealDate(s: string): boolean {
  const m = ISO_DATE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === s;
}

// A law number such as 57/2020/QH14 is text, but a bare `number: 57` reaches us as a number. An
// empty value (`replaced_by: ""` in a template) means "not given", as if the line were absent.
const cleanText = (value: unknown) => {
  const s = typeof value === "number" ? String(value) : typeof value === "string" ? value.trim() : value;
  return s === "" ? undefined : s;
};
const text = z.preprocess(cleanText, z.string({ error: "is required" }).min(1, { message: "must not be empty" }));
const optionalText = z.preprocess(cleanText, z.string().min(1).optional());

// Authors write lists either as YAML lists or as "a, b, c"; both become trimmed, non-empty items.
const stringList = z.preprocess(
  (value) => {
    if (value === null || value === undefined) return [];
    if (typeof value === "string") return value.split(/[,;]/);
    return value;
  },
  z.array(z.union([z.string(), z.number()]).transform((item) => String(item).trim())).transform((items) =>
    items.filter((item) => item.length > 0),
  ),
);

export const DocumentMeta = z.object({
  title: text,
  short_title: optionalText,
  kind: DocumentKind.default("guide"),
  number: optionalText,
  issuer: optionalText,
  issued: isoDate.optional(),
  effective: isoDate.optional(),
  status: DocumentStatus.default("in_force"),
  /** The number of the document that replaced this one (a document of the base), or a description. */
  replaced_by: optionalText,
  source: optionalText,
  /** When an editor last checked the document against its source (kb check warns after 12 months). */
  reviewed: isoDate.optional(),
  /** FAQ and guides: the numbers of the official documents their answers rest on. */
  based_on: stringList.default([]),
  topics: stringList.default([]),
  audience: stringList.default([]),
});
export type DocumentMeta = z.infer<typeof DocumentMeta>;

export interface ParsedDocument {
  meta: DocumentMeta;
  /** Markdown for .md files; plain text with blank lines between paragraphs for the others. */
  body: string;
}

export interface ChunkDraft {
  ordinal: number;
  citation: string;
  heading: string;
  text: string;
  phrasings: string[];
  /** A few words naming what the passage answers (an FAQ entry's "Nhãn:"), or "". */
  label: string;
}

/**
 * The AppError "document.refused": `reason` is written for the administrator ("unsupported file
 * type", "no text found"); `busy` when only the parse queue was full and the same file may pass later.
 */
export function documentRefused(fileName: string, reason: string, opts: { busy?: boolean } = {}): AppError<"document.refused"> {
  return new AppError("document.refused", { message: `${fileName}: ${reason}`, detail: { fileName, reason, ...(opts.busy ? { busy: true } : {}) } });
}
