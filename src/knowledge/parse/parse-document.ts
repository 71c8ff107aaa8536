// Entry point from uploaded bytes to a ParsedDocument: checks type (by extension and by content),
// size and text limits, dispatches to the format's extractor, reads or guesses the metadata, and
// reports every refusal as an AppError "document.refused" whose reason an admin can act on.

import matter from "gray-matter";
import { isAppError, type AppError } from "../../errors.ts";
import { documentRefused, DocumentMeta, type ParsedDocument } from "../document.ts";
import { docxToText } from "./parse-docx.ts";
import { declaredCharset, htmlTitle, htmlToText } from "./parse-html.ts";
import { pdfToText } from "./parse-pdf.ts";
import {
  decodeText,
  inferKind,
  legalNumberFromText,
  normalizeMarkdown,
  normalizePlainText,
  titleFromFileName,
  titleFromText,
} from "./parse-text.ts";
import { isZip } from "./parse-zip.ts";

export const SUPPORTED_EXTENSIONS: readonly string[] = [".md", ".txt", ".html", ".htm", ".pdf", ".docx"];

export interface ParseLimits {
  maxBytes: number;
  maxPages: number;
  maxChars: number;
}

export const DEFAULT_PARSE_LIMITS: Readonly<ParseLimits> = {
  maxBytes: 10 * 1024 * 1024,
  maxPages: 300,
  maxChars: 2_000_000,
};

export async function parseDocument(input: {
  fileName: string;
  bytes: Uint8Array;
  limits?: Partial<ParseLimits>;
}): Promise<ParsedDocument> {
  const { fileName, bytes } = input;
  const limits = { ...DEFAULT_PARSE_LIMITS };
  for (const key of ["maxBytes", "maxPages", "maxChars"] as const) {
    const value = input.limits?.[key];
    if (value !== undefined) limits[key] = value;
  }
  const fail = (reason: string) => documentRefused(fileName, reason);
  const extension = /\.[^./\\]+$/.exec(fileName)?.[0]?.toLowerCase() ?? "";

  if (!SUPPORTED_EXTENSIONS.includes(extension)) {
    const hint = extension === ".doc" ? " (save old .doc files as .docx)" : "";
    throw fail(`unsupported file type "${extension || "no extension"}"${hint}; supported: ${SUPPORTED_EXTENSIONS.join(", ")}`);
  }
  if (bytes.length > limits.maxBytes) {
    throw fail(`file is ${formatBytes(bytes.length)}, the limit is ${formatBytes(limits.maxBytes)}`);
  }
  if (bytes.length === 0) throw fail("no text found (the file is empty)");

  const pdfHeader = hasPdfHeader(bytes);
  if (extension === ".pdf" && !pdfHeader) throw fail(`the file is named .pdf but is not a PDF: ${describeContent(bytes)}`);
  if (extension !== ".pdf" && extension !== ".docx" && (pdfHeader || isZip(bytes))) {
    throw fail(`the file is named ${extension} but is not text: ${describeContent(bytes)}`);
  }

  const checkChars = (text: string) => {
    if (text.length > limits.maxChars) {
      throw fail(`the text is ${text.length.toLocaleString("en-US")} characters long, the limit is ${limits.maxChars.toLocaleString("en-US")}`);
    }
  };
  const decode = (fallbackCharset?: string): string => {
    const decoded = decodeText(bytes, fallbackCharset);
    if (!decoded.ok) throw fail(decoded.reason);
    checkChars(decoded.text);
    return decoded.text;
  };

  let body: string;
  let title: string | undefined;
  switch (extension) {
    case ".md": {
      const doc = parseMarkdown(decode(), fileName, fail);
      requireText(doc.body, fail);
      return doc;
    }
    case ".txt":
      body = normalizePlainText(decode());
      break;
    case ".html":
    case ".htm": {
      const html = decode(declaredCharset(bytes));
      title = htmlTitle(html)?.normalize("NFC");
      body = normalizePlainText(htmlToText(html));
      title ??= /^# (.+)$/m.exec(body)?.[1];
      break;
    }
    case ".pdf":
      body = normalizePlainText(await extract(() => pdfToText(bytes, limits), fail));
      break;
    default:
      body = normalizePlainText(await extract(() => docxToText(bytes), fail));
      break;
  }
  checkChars(body);
  requireText(body, fail, extension === ".pdf" ? " (a scanned PDF needs OCR before it can be uploaded)" : "");

  const kind = inferKind(body);
  const number = kind === "law" ? legalNumberFromText(body) : undefined;
  const meta = DocumentMeta.parse({ title: title ?? titleFromText(body, fileName), kind, number });
  return { meta, body };
}

type Fail = (reason: string) => AppError<"document.refused">;

function parseMarkdown(source: string, fileName: string, fail: Fail): ParsedDocument {
  const text = normalizeMarkdown(source);
  // gray-matter evaluates "---js" front matter as JavaScript; only data languages are allowed.
  const language = /^---[ \t]*([^\s-][^\n]*?)?[ \t]*\n/.exec(text)?.[1]?.toLowerCase();
  if (language && !["yaml", "yml", "json"].includes(language)) {
    throw fail(`front matter written in "${language}" is not supported; use YAML`);
  }
  const refuse = () => {
    throw new Error("front matter code is not allowed");
  };
  let data: unknown;
  let content: string;
  let rawMatter: string;
  try {
    const parsed = matter(text, { engines: { javascript: refuse, js: refuse } });
    data = parsed.data;
    content = parsed.content;
    rawMatter = parsed.matter;
  } catch (error) {
    const detail = error instanceof Error ? (error.message.split("\n")[0] ?? "") : String(error);
    throw fail(`the front matter is not valid YAML: ${detail}`);
  }
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    throw fail("the front matter must be a list of \"field: value\" lines");
  }
  const fields: Record<string, unknown> = { ...data };
  // YAML turns 2020-02-30 into 1 March and shifts "2020-06-16T01:00+07:00" to the 15th in UTC;
  // the date as written is what the author meant, so that is what gets validated.
  for (const key of ["issued", "effective", "reviewed"]) {
    if (!(fields[key] instanceof Date)) continue;
    const written = new RegExp(`^${key}[ \\t]*:[ \\t]*["']?(\\d{4}-\\d{1,2}-\\d{1,2})`, "m").exec(rawMatter)?.[1];
    if (written) fields[key] = written;
  }
  // "<!-- cần bổ sung: … -->" marks a local fact the editors still have to fill in (kb check lists
  // them); comments are notes for editors, never text for users.
  const body = normalizeMarkdown(content.replace(/<!--[\s\S]*?-->/g, ""));
  if (fields.title === undefined || fields.title === null || fields.title === "") {
    fields.title = /^#[ \t]+(.+?)[ \t#]*$/m.exec(body)?.[1] ?? titleFromFileName(fileName);
  }
  fields.kind ??= inferKind(body);

  const result = DocumentMeta.safeParse(fields);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const field = issue.path.map(String).join(".") || "front matter";
      const given = issue.path[0] !== undefined ? fields[String(issue.path[0])] : undefined;
      const shown = given === undefined ? "" : ` (got ${JSON.stringify(given)?.slice(0, 60) ?? String(given)})`;
      return `front matter field "${field}": ${lowerFirst(issue.message)}${shown}`;
    });
    throw fail(problems.join("; "));
  }
  return { meta: result.data, body };
}

async function extract(run: () => Promise<string>, fail: Fail): Promise<string> {
  try {
    return await run();
  } catch (error) {
    if (isAppError(error, "parse.pdf", "parse.docx")) throw fail(error.message);
    throw error;
  }
}

function requireText(body: string, fail: Fail, hint = ""): void {
  if (!/[\p{L}\p{N}]/u.test(body)) throw fail(`no text found${hint}`);
}

function hasPdfHeader(bytes: Uint8Array): boolean {
  // Readers accept the header anywhere in the first kilobyte, after stray bytes some tools add.
  const head = new TextDecoder("latin1").decode(bytes.subarray(0, 1024));
  return head.includes("%PDF-");
}

function describeContent(bytes: Uint8Array): string {
  if (hasPdfHeader(bytes)) return "it is a PDF";
  if (isZip(bytes)) return "it is a ZIP archive (perhaps a Word or Excel file)";
  if (bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0) return "it is an old-format Office file";
  if ((bytes[0] === 0xff && bytes[1] === 0xd8) || (bytes[0] === 0x89 && bytes[1] === 0x50)) return "it is an image";
  return decodeText(bytes).ok ? "it contains plain text" : "its content is not recognised";
}

export function formatBytes(bytes: number): string {
  const units: [number, string][] = [
    [1024 * 1024, "MB"],
    [1024, "KB"],
  ];
  for (const [size, unit] of units) {
    if (bytes >= size) return `${Number((bytes / size).toFixed(1))} ${unit}`;
  }
  return `${bytes} bytes`;
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}
