// PDF text extraction with PDF.js (through unpdf): the page count is checked before any page is
// read, then pages are read ONE AT A TIME with a running character count, so a small file whose
// pages all share one huge content stream is refused after a page or two instead of after all of
// them (unpdf's extractText reads every page at once). PDF.js failures become reasons a person
// can act on.

import { getDocumentProxy } from "unpdf";
import { AppError, isAppError } from "../../errors.ts";

/** A reason the PDF cannot be read, worded for the person who uploaded it (AppError "parse.pdf"). */
const pdfProblem = (message: string, cause?: unknown) => new AppError("parse.pdf", { message, cause });

export interface PdfLimits {
  maxPages: number;
  /** Characters of extracted text, counted while each page's text arrives. */
  maxChars: number;
}

type TextChunk = { items: { str?: string; hasEOL?: boolean }[] };

export async function pdfToText(bytes: Uint8Array, limits: PdfLimits): Promise<string> {
  let pdf: Awaited<ReturnType<typeof getDocumentProxy>>;
  try {
    // A plain copy: PDF.js refuses Node Buffers and may detach the buffer it is given.
    pdf = await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0, stopAtErrors: false });
  } catch (error) {
    throw pdfProblem(describe(error), error);
  }
  try {
    if (pdf.numPages > limits.maxPages) {
      throw pdfProblem(`the PDF has ${pdf.numPages} pages, the limit is ${limits.maxPages}`);
    }
    const pages: string[] = [];
    let total = 0;
    for (let number = 1; number <= pdf.numPages; number++) {
      const page = await pdf.getPage(number);
      const parts: string[] = [];
      // streamTextContent hands the page's text over in pieces: one page that paints a form
      // thousands of times is stopped mid-page, not after its whole text sits in memory.
      const reader = (page.streamTextContent() as ReadableStream<TextChunk>).getReader();
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          for (const item of value.items) {
            if (item.str == null) continue;
            const piece = item.str + (item.hasEOL ? "\n" : "");
            total += piece.length;
            if (total > limits.maxChars) {
              throw pdfProblem(
                `the text is longer than the limit of ${limits.maxChars.toLocaleString("en-US")} characters (reached on page ${number} of ${pdf.numPages})`,
              );
            }
            parts.push(piece);
          }
        }
      } finally {
        // Not reader.cancel(): PDF.js then closes the stream twice and throws an uncaught error.
        // Leaving it unread is safe, pdf.destroy() below tears the document's streams down.
        reader.releaseLock();
        page.cleanup();
      }
      pages.push(unwrapLines(parts.join("")));
    }
    return pages.join("\n\n");
  } catch (error) {
    throw isAppError(error, "parse.pdf") ? error : pdfProblem(describe(error), error);
  } finally {
    await pdf.destroy();
  }
}

// PDF lines are the page's visual lines. A line that starts in lower case continues the previous
// sentence, unless it is a legal point ("a) ...") or a list item, so it is joined back.
function unwrapLines(page: string): string {
  return page.replace(/([^\s.:;!?])[ \t]*\n[ \t]*(?=\p{Ll})(?![a-zđ]\)\s)/gu, "$1 ");
}

function describe(error: unknown): string {
  const name = error instanceof Error ? error.name : "";
  if (name === "PasswordException") return "the PDF is password-protected; upload an unprotected copy";
  if (name === "InvalidPDFException") return "the PDF is damaged and cannot be read";
  const detail = error instanceof Error ? error.message : String(error);
  return `the PDF could not be read (${detail})`;
}
