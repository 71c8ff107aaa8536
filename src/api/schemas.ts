// What the API accepts, as zod schemas named for what they validate. Routes parse with them and the
// OpenAPI document is generated from them, so the two cannot disagree.
import { z } from "zod";
import { zodToAppError } from "../http/errors.ts";
import { SUPPORTED_EXTENSIONS } from "../knowledge/parse/parse-document.ts";
import { PROPOSAL_KINDS, PROPOSAL_STATUSES } from "../proposals/proposal-status.ts";
import { MAX_ANSWER_LENGTH, MIN_ANSWER_LENGTH } from "../proposals/send-staff-answer.ts";

/** Documented in the OpenAPI description; a code that does not look like this is simply not found (404). */
export const ProposalCode = z.string().regex(/^(KN|CH|YT|BC)-\d{4}-\d{5,}$/i, "must look like KN-2026-00042");

export const ProposalListQuery = z.object({
  status: z.enum(PROPOSAL_STATUSES).optional(),
  kind: z.enum(PROPOSAL_KINDS).optional(),
  department: z.string().trim().min(1).max(100).optional().describe("A department id or slug"),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

// The console's rule for an answer (send-staff-answer.ts), stated here so a short one is named as `text`.
export const AnswerInput = z.object({
  text: z.string().trim().min(MIN_ANSWER_LENGTH, `must be at least ${MIN_ANSWER_LENGTH} characters`).max(MAX_ANSWER_LENGTH),
});

// An answer has its own route (it carries the text and goes to the author), so "answered" is not a
// status one can set here.
const SettableStatus = z.enum(PROPOSAL_STATUSES).exclude(["answered"], {
  error: `must be one of ${PROPOSAL_STATUSES.filter((s) => s !== "answered").join(", ")} (to answer, POST /proposals/{code}/answer)`,
});

// A rejection reaches the author with its reason, as in the console, so the reason is required.
export const StatusInput = z
  .object({
    status: SettableStatus,
    note: z.string().trim().max(2000).optional().describe("Shown in the history; for a rejection, the reason sent to the author (required)"),
    department: z.string().trim().min(1).max(200).optional().describe("Reassign to this department (id or slug); coordinators and administrators only"),
  })
  .refine((s) => s.status !== "rejected" || !!s.note, { path: ["note"], error: "a rejection needs a reason" });

const extension = (name: string) => /\.[^./\\]+$/.exec(name)?.[0]?.toLowerCase() ?? "";

const FileName = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .refine((name) => SUPPORTED_EXTENSIONS.includes(extension(name)), `must end in one of ${SUPPORTED_EXTENSIONS.join(", ")}`);

/** Text (`content`) or any supported file as base64 (`contentBase64`): exactly one of the two. */
export const DocumentUploadInput = z
  .object({
    fileName: FileName,
    content: z.string().min(1, "must not be empty").optional().describe("The document as text (Markdown, plain text, HTML)"),
    contentBase64: z.base64("must be base64").min(1, "must not be empty").optional().describe("The file's bytes in base64 (PDF, DOCX or any supported type)"),
  })
  .strict()
  .refine((d) => (d.content === undefined) !== (d.contentBase64 === undefined), {
    path: ["content"],
    error: "give either content (text) or contentBase64 (a file), not both",
  });

export const DocumentId = z.string().trim().min(1).max(100);

/** Parses one part of a request (body, query) or throws a 400 that names the bad field. */
export function parseInput<T extends z.ZodType>(schema: T, value: unknown, what: string): z.output<T> {
  const parsed = schema.safeParse(value ?? {});
  if (!parsed.success) throw zodToAppError(parsed.error, what);
  return parsed.data;
}
