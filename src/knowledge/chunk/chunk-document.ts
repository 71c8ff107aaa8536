// Turns a parsed document into the passages the index stores: picks the chunker for the
// document's kind (law articles, FAQ entries, guide sections) and gives every passage its
// citation, heading path, NFC text and its position in the document.

import type { ChunkDraft, DocumentMeta, ParsedDocument } from "../document.ts";
import { chunkFaq } from "./chunk-faq.ts";
import { chunkLaw } from "./chunk-law.ts";
import { chunkGuide, type ChunkPiece } from "./chunk-text.ts";

/** The name a passage is cited under: "Điều 5 – <this>". */
export function citationTitle(meta: DocumentMeta): string {
  return meta.short_title ?? meta.title;
}

/**
 * Bumped whenever chunking changes what it produces; it is part of every document's content hash,
 * so the next sync re-chunks documents that are otherwise unchanged.
 */
export const CHUNKER_VERSION = 3;

export function chunkDocument(doc: ParsedDocument): ChunkDraft[] {
  const title = citationTitle(doc.meta);
  const docTitles = [doc.meta.title, ...(doc.meta.short_title ? [doc.meta.short_title] : [])];
  const body = doc.body.normalize("NFC").replace(/\r\n?/g, "\n");
  let pieces: ChunkPiece[];
  switch (doc.meta.kind) {
    case "law":
      pieces = chunkLaw(body, title, docTitles);
      break;
    case "faq":
      pieces = chunkFaq(body, title, docTitles);
      break;
    case "guide":
      pieces = chunkGuide(body, title, docTitles);
      break;
  }
  return pieces
    .map((piece) => ({
      citation: piece.citation.normalize("NFC").trim(),
      heading: piece.heading.normalize("NFC").trim(),
      text: piece.text.normalize("NFC").trim(),
      phrasings: piece.phrasings.map((p) => p.normalize("NFC").trim()).filter((p) => p.length > 0),
      label: piece.label.normalize("NFC").trim(),
    }))
    .filter((piece) => piece.text.length > 0)
    .map((piece, ordinal) => ({ ordinal, ...piece }));
}
