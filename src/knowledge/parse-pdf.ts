// PDF text extraction with unpdf (PDF.js): the page count is checked before any page is read,
// pages come back as lines, and PDF.js failures become reasons a person can act on.

import { extractText, getDocumentProxy } from "unpdf";

export class PdfProblem extends Error {}

export async function pdfToText(bytes: Uint8Array, maxPages: number): Promise<string> {
  let pdf: Awaited<ReturnType<typeof getDocumentProxy>>;
  try {
    // A plain copy: PDF.js refuses Node Buffers and may detach the buffer it is given.
    pdf = await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0, stopAtErrors: false });
  } catch (error) {
    throw new PdfProblem(describe(error));
  }
  try {
    if (pdf.numPages > maxPages) {
      throw new PdfProblem(`the PDF has ${pdf.numPages} pages, the limit is ${maxPages}`);
    }
    const { text } = await extractText(pdf, { mergePages: false });
    return text.map(unwrapLines).join("\n\n");
  } catch (error) {
    throw error instanceof PdfProblem ? error : new PdfProblem(describe(error));
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
