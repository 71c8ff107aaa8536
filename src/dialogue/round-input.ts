// The round form, as the console and any other caller send it: zod-validated, with dates typed as
// a day ("2027-03-01") or a day and a time ("2027-05-20T08:00") in Vietnam time. A day alone means
// the start of that day for "from" dates and the meeting, and the end of that day (23:59:59.999) for
// "until" dates and the answers' deadline, so "collect from 1/3 until 31/3" includes the whole 31st,
// its last minute too (src/vietnam-time.ts reads them, dd/mm/yyyy too). The dates must
// follow one another: collecting, then voting, then the meeting, then the written answers.
import { z } from "zod";
import { AppError } from "../errors.ts";
import { tryParseVietnamTime } from "../vietnam-time.ts";
import { ROUND_KINDS } from "./round-status.ts";

const when = (label: string, endOfDay: boolean) =>
  z
    .string({ error: `${label}: required` })
    .trim()
    .min(1, { error: `${label}: required` })
    .transform((text, ctx) => {
      const at = tryParseVietnamTime(text, endOfDay ? "end" : "start");
      if (!at) {
        ctx.addIssue({ code: "custom", message: `${label}: not a date (use YYYY-MM-DD or YYYY-MM-DDTHH:MM)`, params: { reason: "date" } });
        return z.NEVER;
      }
      return at;
    });

/** What a coordinator fills in to open or edit a round. */
export const RoundInput = z
  .object({
    title: z.string().trim().min(5, { error: "title: at least 5 characters" }).max(200, { error: "title: at most 200 characters" }),
    kind: z.enum(ROUND_KINDS, { error: 'kind: "dialogue" or "forum"' }),
    topics: z.string().max(2000, { error: "topics: at most 2000 characters" }).default(""),
    /** The organising department of a forum (its id); ignored for a dialogue conference. */
    departmentId: z.string().trim().max(100).optional(),
    collectFrom: when("collectFrom", false),
    collectUntil: when("collectUntil", true),
    voteFrom: when("voteFrom", false),
    voteUntil: when("voteUntil", true),
    meetingAt: when("meetingAt", false),
    answersDue: when("answersDue", true),
  })
  .superRefine((r, ctx) => {
    const order: [keyof typeof r, keyof typeof r, string][] = [
      ["collectFrom", "collectUntil", "collecting must end after it starts"],
      ["collectUntil", "voteFrom", "voting must start after collecting ends"],
      ["voteFrom", "voteUntil", "voting must end after it starts"],
      ["voteUntil", "meetingAt", "the meeting must come after voting ends"],
      ["meetingAt", "answersDue", "the deadline for written answers must come after the meeting"],
    ];
    for (const [a, b, message] of order) {
      const from = r[a] as Date;
      const to = r[b] as Date;
      const strict = a === "collectFrom" || a === "voteFrom" || a === "meetingAt";
      if (strict ? to <= from : to < from) ctx.addIssue({ code: "custom", path: [b], message: `${String(b)}: ${message}`, params: { reason: "order" } });
    }
    if (r.kind === "forum" && !r.departmentId) ctx.addIssue({ code: "custom", path: ["departmentId"], message: "departmentId: a forum needs its organising department", params: { reason: "required" } });
  });
export type RoundInput = z.input<typeof RoundInput>;
export type RoundFields = z.output<typeof RoundInput>;

/**
 * Parses the form or throws bad_request naming the first bad field (detail.field) and why
 * (detail.reason: "date", "order", "required", or zod's code), so the console can say it in Vietnamese.
 */
export function parseRoundInput(input: unknown): RoundFields {
  const parsed = RoundInput.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = String(issue.path[0] ?? "title");
    const message = issue.message.includes(":") ? issue.message : `${field}: ${issue.message}`;
    const params = (issue as { params?: { reason?: string } }).params;
    const reason = params?.reason ?? (issue.code === "too_small" && field !== "title" ? "required" : issue.code === "invalid_value" ? "invalid" : issue.code);
    throw new AppError("bad_request", { message, detail: { field, reason } });
  }
  return parsed.data;
}

/** The topics as a list: one per line (or separated by ";"), blank ones dropped. */
export function topicList(topics: string): string[] {
  return topics
    .split(/[\n;]/)
    .map((t) => t.trim())
    .filter(Boolean);
}
