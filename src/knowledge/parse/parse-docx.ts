// Word (.docx) text extraction: the archive is vetted first (a real .docx, no zip bomb, honest
// sizes for every entry), then mammoth turns it into HTML, which keeps Word's heading styles as
// headings, and the shared HTML converter makes that text. Images are never decoded.

import mammoth from "mammoth";
import { AppError, isAppError } from "../../errors.ts";
import { htmlToText } from "./parse-html.ts";
import { checkZipBudget, isZip, readZipDirectory, verifyEntrySize, zipProblem } from "./parse-zip.ts";

const MB = 1024 * 1024;
const BUDGET = { maxEntryBytes: 50 * MB, maxTotalBytes: 200 * MB, maxRatio: 100, ratioFloorBytes: 1 * MB };
const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0];

/** A reason the Word file cannot be read, worded for the person who uploaded it (AppError "parse.docx"). */
const docxProblem = (message: string, cause?: unknown) => new AppError("parse.docx", { message, cause });

export async function docxToText(bytes: Uint8Array): Promise<string> {
  if (OLE_MAGIC.every((byte, i) => bytes[i] === byte)) {
    // Word 97-2003 files and password-protected .docx files share this container.
    throw docxProblem("this is an old-format Word file (.doc) or a password-protected one; save it as an unprotected .docx");
  }
  if (!isZip(bytes)) throw docxProblem("the file is not a Word document (.docx files are ZIP archives)");
  try {
    const entries = readZipDirectory(bytes);
    if (!entries.some((entry) => entry.name === "word/document.xml")) {
      throw zipProblem("the file is a ZIP archive but not a Word document (word/document.xml is missing)");
    }
    checkZipBudget(entries, BUDGET);
    // Every entry is inflated (capped at its declared size) before mammoth sees the archive. Which
    // entries mammoth reads is decided by the relationships, not by the folder: a .rels file can
    // name "word/media/x.xml" as the main document or the styles, so no folder may be skipped.
    for (const entry of entries) {
      if (!entry.name.endsWith("/")) verifyEntrySize(bytes, entry);
    }
  } catch (error) {
    if (isAppError(error, "parse.zip")) throw docxProblem(error.message, error);
    throw error;
  }

  let html: string;
  try {
    const result = await mammoth.convertToHtml(
      { buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) },
      {
        externalFileAccess: false,
        ignoreEmptyParagraphs: true,
        convertImage: mammoth.images.imgElement(async () => ({ src: "" })),
      },
    );
    html = result.value;
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw docxProblem(`the Word document could not be read (${detail})`, error);
  }
  return htmlToText(html);
}
