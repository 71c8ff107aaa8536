// The inside of the parse sandbox: runs in a worker thread started by parse-sandbox.ts, parses the
// one file it was given with the ordinary in-process parser, posts the outcome back and ends. It
// owns nothing else; limits on memory and time are set and enforced from outside.

import { parentPort } from "node:worker_threads";
import { isAppError } from "../../errors.ts";
import type { ParsedDocument } from "../document.ts";
import { parseDocument, type ParseLimits } from "./parse-document.ts";

export interface ParseJob {
  fileName: string;
  bytes: Uint8Array;
  limits?: Partial<ParseLimits>;
}

export type ParseOutcome =
  | { ok: true; document: ParsedDocument }
  /** An AppError "document.refused": the file was read and refused, with a reason for the admin. */
  | { ok: false; refused: string }
  /** A bug or a library failure that is not about the file's content. */
  | { ok: false; failed: string };

async function run(job: ParseJob): Promise<ParseOutcome> {
  try {
    return { ok: true, document: await parseDocument(job) };
  } catch (error) {
    if (isAppError(error, "document.refused")) return { ok: false, refused: error.detail.reason };
    return { ok: false, failed: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
}

// "ready" once the parser's modules are loaded, so the sandbox can keep a warm worker waiting and
// start the clock only when reading starts; then exactly one job, then the sandbox ends the thread.
const port = parentPort;
if (port) {
  port.once("message", (job: ParseJob) => {
    void run(job).then((outcome) => port.postMessage(outcome));
  });
  port.postMessage("ready");
}
