// Parsing of files that come from outside (console and API uploads), away from the main thread:
// each file is read in its own worker thread with a heap cap and a wall-clock limit, one file at a
// time per instance, with a short FIFO queue behind it. A file that would exhaust memory or time
// kills only its worker, the admin gets the reason (AppError "document.refused"), and chat messages keep
// being answered meanwhile. The format-level limits (pages, characters, unpacked bytes) are
// enforced inside the parser itself; this is the backstop for whatever they do not foresee.
//
// The trusted knowledge/ folder (start-up sync, `kb ingest`, `kb check`) is still parsed in-process:
// it is written by the knowledge team, goes through review, and a bulk sync of hundreds of files
// would pay a worker start (about a second of module loading) per file.

import { Worker } from "node:worker_threads";
import { documentRefused, type ParsedDocument } from "../document.ts";
import type { ParseJob, ParseOutcome } from "./parse-worker.ts";

export interface SandboxLimits {
  /** V8 heap cap of the worker, in MB (what a file may need to be read). */
  maxHeapMb: number;
  /** Wall-clock limit for reading one file, from the moment the worker starts on it. */
  timeoutMs: number;
  /** Files that may wait while another is being read; more are refused at once. */
  maxQueue: number;
}

export const DEFAULT_SANDBOX_LIMITS: Readonly<SandboxLimits> = { maxHeapMb: 256, timeoutMs: 30_000, maxQueue: 8 };

const WORKER_URL = new URL("./parse-worker.mjs", import.meta.url);

interface Spare {
  worker: Worker;
  ready: Promise<void>;
}

export class ParseSandbox {
  #limits: SandboxLimits;
  #busy = false;
  #waiting: (() => void)[] = [];
  /** A worker that has loaded the parser and waits for a file, so an upload does not wait for that. */
  #spare: Spare | undefined;

  constructor(limits: SandboxLimits = DEFAULT_SANDBOX_LIMITS) {
    this.#limits = { ...limits };
  }

  configure(limits: SandboxLimits): void {
    this.#limits = { ...limits };
    // The spare was started with the old heap cap.
    void this.#spare?.worker.terminate();
    this.#spare = undefined;
  }

  /**
   * parseDocument's contract (same input, same ParsedDocument, same refusal reasons), plus
   * refusals for a file that needs too much memory or time, and for a full queue (detail.busy:
   * not the file's fault, the same file may succeed later).
   * @example const doc = await sandbox.parse({ fileName: "quy-che.pdf", bytes });
   */
  async parse(job: ParseJob): Promise<ParsedDocument> {
    if (this.#busy) {
      if (this.#waiting.length >= this.#limits.maxQueue) {
        throw documentRefused(
          job.fileName,
          `the server is busy reading other files (${this.#waiting.length} waiting, the limit is ${this.#limits.maxQueue}); try again in a minute`,
          { busy: true },
        );
      }
      await new Promise<void>((resolve) => this.#waiting.push(resolve));
    }
    this.#busy = true;
    try {
      return await this.#read(job);
    } finally {
      // Hand the turn straight to the next file in line (FIFO), or mark the sandbox idle.
      const next = this.#waiting.shift();
      if (next) next();
      else this.#busy = false;
    }
  }

  /** Stops the spare worker (a running one is ended by its own limits). */
  async close(): Promise<void> {
    const spare = this.#spare;
    this.#spare = undefined;
    await spare?.worker.terminate();
  }

  async #read(job: ParseJob): Promise<ParsedDocument> {
    const { worker, ready } = this.#spare ?? this.#spawn();
    this.#spare = undefined;
    const limits = this.#limits;
    worker.ref();
    try {
      await ready;
      return await new Promise<ParsedDocument>((resolve, reject) => {
        const timer = setTimeout(() => {
          reject(documentRefused(job.fileName, `reading the file took longer than ${formatSeconds(limits.timeoutMs)}`));
        }, limits.timeoutMs);
        const settle = () => clearTimeout(timer);
        worker.on("message", (outcome: ParseOutcome) => {
          settle();
          if (outcome.ok) resolve(outcome.document);
          else if ("refused" in outcome) reject(documentRefused(job.fileName, outcome.refused));
          else reject(new Error(`parsing an upload failed in the sandbox: ${outcome.failed}`));
        });
        worker.on("error", (error: Error & { code?: string }) => {
          settle();
          reject(
            error.code === "ERR_WORKER_OUT_OF_MEMORY"
              ? documentRefused(job.fileName, `the file needs more than ${limits.maxHeapMb} MB of memory to read`)
              : new Error(`the parse sandbox failed: ${error.message}`, { cause: error }),
          );
        });
        worker.on("exit", (code) => {
          settle();
          reject(new Error(`the parse sandbox stopped (exit code ${code}) without an answer`));
        });
        // A tight copy goes over (a Buffer may be a view into a larger pool); the caller keeps its own.
        const bytes = new Uint8Array(job.bytes);
        worker.postMessage({ ...job, bytes } satisfies ParseJob, [bytes.buffer]);
      });
    } finally {
      // Every file gets a fresh worker: whatever one file allocated is given back to the system.
      await worker.terminate();
      this.#spare ??= this.#spawn();
    }
  }

  #spawn(): Spare {
    const worker = new Worker(WORKER_URL, {
      resourceLimits: { maxOldGenerationSizeMb: this.#limits.maxHeapMb, stackSizeMb: 4 },
    });
    // A waiting spare must not keep a finished process (a test run, a shutdown) alive.
    worker.unref();
    const ready = new Promise<void>((resolve, reject) => {
      worker.once("message", (message: unknown) =>
        message === "ready" ? resolve() : reject(new Error("the parse sandbox started wrongly")),
      );
      worker.once("error", (error) => reject(new Error(`the parse sandbox could not start: ${error.message}`, { cause: error })));
      worker.once("exit", (code) => reject(new Error(`the parse sandbox exited while starting (exit code ${code})`)));
    });
    ready.catch(() => undefined); // a spare that dies unused is simply replaced
    worker.once("exit", () => {
      if (this.#spare?.worker === worker) this.#spare = undefined;
    });
    return { worker, ready };
  }
}

function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(1))} s`;
}

const shared = new ParseSandbox();

/** Sets the limits of this instance's sandbox (called once by main.ts from the configuration). */
export function configureParseSandbox(limits: SandboxLimits): void {
  shared.configure(limits);
}

/** parseDocument for files from outside, run in this instance's sandbox (one at a time). */
export function parseInSandbox(job: ParseJob): Promise<ParsedDocument> {
  return shared.parse(job);
}
