// The opportunity form, as the console, a CSV row and the API send it: every field a string (a
// CSV cell, a form field) or its typed value, zod-validated. Dates are a day ("2027-03-01") or a
// day and a time ("2027-03-01T08:00") in Vietnam time: a start means the start of that day, an end
// and a deadline the end of it, so "hạn nộp 31/3" includes the 31st. At least one date is needed
// (otherwise it could never expire by itself), the dates must follow one another, and what is
// already over at `now` is refused: nothing is saved that nobody would ever be shown.
import { z } from "zod";
import { AppError } from "../errors.ts";
import { foldedText } from "../knowledge/text.ts";
import { tryParseVietnamTime, vietnamDay } from "../vietnam-time.ts";
import { expiresAtOf, ONLINE, OPPORTUNITY_KINDS, type OpportunityKind } from "./opportunity-status.ts";

/** Why a field was refused; the console and the import report say it in Vietnamese. */
export type RefusalReason = "required" | "date" | "order" | "past" | "invalid" | "https" | "topic" | "age" | "long" | "noDate";

/** A bad field: which one and why. */
export interface Refusal {
  field: string;
  reason: RefusalReason;
}

const blank = (v: unknown) => (v === null || (typeof v === "string" && v.trim() === "") ? undefined : v);
const REASONS: readonly string[] = ["required", "date", "order", "past", "invalid", "https", "topic", "age", "long", "noDate"] satisfies RefusalReason[];
/** zod's message for a refused field is the reason itself, read back in parseOpportunityInput. */
const refuse = (reason: RefusalReason) => ({ error: reason });

const text = (max: number, min = 1) =>
  z
    .string({ error: "required" })
    .trim()
    .min(min, refuse(min > 1 ? "invalid" : "required"))
    .max(max, refuse("long"));

const when = (endOfDay: boolean) =>
  z.preprocess(
    blank,
    z
      .union([z.date(), z.string().trim()])
      .transform((value, ctx) => {
        // "31/03/2027", as Vietnamese spreadsheets write a day, reads like "2027-03-31".
        const at = value instanceof Date ? value : tryParseVietnamTime(value, endOfDay ? "end" : "start");
        if (!at || Number.isNaN(at.getTime())) {
          ctx.addIssue({ code: "custom", message: "date" });
          return z.NEVER;
        }
        return at;
      })
      .optional(),
  );

const age = z.preprocess(blank, z.coerce.number(refuse("age")).int(refuse("age")).min(0, refuse("age")).max(120, refuse("age")).optional());

/** What a coordinator fills in to add or edit an opportunity. */
export const OpportunityInput = z.object({
  kind: z.enum(OPPORTUNITY_KINDS, refuse("invalid")),
  title: text(200, 5),
  organiser: text(200, 2),
  /** A commune or ward name, or "online". */
  place: text(100),
  startsAt: when(false),
  endsAt: when(true),
  deadline: when(true),
  ageMin: age,
  ageMax: age,
  /** Topic codes from knowledge/topics.json, separated by commas, semicolons or new lines. */
  topics: z
    .preprocess((v) => (Array.isArray(v) ? v.join(",") : (blank(v) ?? "")), z.string().max(500, refuse("long")))
    .transform((s) => [...new Set(s.split(/[,;\n]/).map((t) => t.trim()).filter(Boolean))]),
  link: z.preprocess(
    blank,
    z
      .string()
      .trim()
      .max(500, refuse("long"))
      .refine((s) => {
        try {
          return new URL(s).protocol === "https:";
        } catch {
          return false;
        }
      }, refuse("https"))
      .optional(),
  ),
  contact: z.preprocess(blank, z.string().trim().max(300, refuse("long")).optional()),
  /** The id the source gave it (a CSV column, a feed's GUID). */
  sourceId: z.preprocess(blank, z.string().trim().max(200, refuse("long")).optional()),
});
export type OpportunityInput = z.input<typeof OpportunityInput>;

/** A validated opportunity, with what is derived from it: the folded place, the expiry, the duplicate key. */
export interface OpportunityFields {
  kind: OpportunityKind;
  title: string;
  organiser: string;
  place: string;
  placeKey: string;
  startsAt: Date | null;
  endsAt: Date | null;
  deadline: Date | null;
  expiresAt: Date;
  ageMin: number | null;
  ageMax: number | null;
  topics: string[];
  link: string | null;
  contact: string | null;
  sourceId: string | null;
  duplicateKey: string;
}

/** "Hội chợ việc làm, Rạch Giá!" → "hoi cho viec lam rach gia": how titles, organisers and places are compared. */
export function foldKey(s: string): string {
  return foldedText(s)
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/** A place as matched: folded, with "trực tuyến" and "online" the same. */
export function placeKeyOf(place: string): string {
  const key = foldKey(place);
  return key === "truc tuyen" || key === "online" ? ONLINE : key;
}

// The administrative level before a place's name (folded): "phường", "xã", "đặc khu", and the
// levels abolished in 2025 that people still type ("huyện", "quận", "thị xã").
const LEVEL = /^(phuong|xa|thi tran|dac khu|thanh pho|tp|huyen|quan|thi xa) /;

/** A place key without its level: "phuong rach gia" → "rach gia", so "Rạch Giá" finds "Phường Rạch Giá". */
export function withoutLevel(key: string): string {
  return key.replace(LEVEL, "");
}

/** The same opportunity entered twice: same folded title and organiser, same start day (Vietnam time). */
export function duplicateKeyOf(o: { title: string; organiser: string; startsAt: Date | null }): string {
  const day = o.startsAt ? vietnamDay(o.startsAt) : "-";
  return `${foldKey(o.title)}|${foldKey(o.organiser)}|${day}`;
}

function fail(refusal: Refusal, message: string): never {
  throw new AppError("bad_request", { message: `${refusal.field}: ${message}`, detail: { ...refusal } });
}

/**
 * Parses and checks an opportunity or throws bad_request with detail { field, reason } naming the
 * first bad field. `topics`: the known topic codes (knowledge/topics.json); `now`: what is over is refused.
 */
export function parseOpportunityInput(input: unknown, opts: { topics: ReadonlySet<string>; now: Date }): OpportunityFields {
  const parsed = OpportunityInput.safeParse(input, { reportInput: true });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = String(issue.path[0] ?? "title");
    const empty = issue.input === undefined || issue.input === "";
    // An empty title or organiser fails their minimum length, but what is wrong is that it is missing.
    const reason = (empty && (issue.code === "invalid_type" || issue.code === "invalid_value" || issue.code === "too_small") ? "required" : REASONS.includes(issue.message) ? issue.message : "invalid") as RefusalReason;
    fail({ field, reason }, issue.message);
  }
  const o = parsed.data;
  const unknown = o.topics.find((t) => !opts.topics.has(t));
  if (unknown) fail({ field: "topics", reason: "topic" }, `unknown topic ${unknown}`);
  if (o.ageMin !== undefined && o.ageMax !== undefined && o.ageMax < o.ageMin) fail({ field: "ageMax", reason: "age" }, "ageMax below ageMin");
  const dates = { startsAt: o.startsAt ?? null, endsAt: o.endsAt ?? null, deadline: o.deadline ?? null };
  if (dates.startsAt && dates.endsAt && dates.endsAt <= dates.startsAt) fail({ field: "endsAt", reason: "order" }, "the end must come after the start");
  if (dates.deadline && dates.endsAt && dates.deadline > dates.endsAt) fail({ field: "deadline", reason: "order" }, "the deadline must not come after the end");
  const expiresAt = expiresAtOf(dates);
  if (!expiresAt) fail({ field: "deadline", reason: "noDate" }, "a start, an end or a deadline is needed so that it expires by itself");
  if (expiresAt <= opts.now) fail({ field: dates.deadline && dates.deadline.getTime() === expiresAt.getTime() ? "deadline" : "endsAt", reason: "past" }, "already over");
  return {
    kind: o.kind,
    title: o.title,
    organiser: o.organiser,
    place: o.place,
    placeKey: placeKeyOf(o.place),
    ...dates,
    expiresAt,
    ageMin: o.ageMin ?? null,
    ageMax: o.ageMax ?? null,
    topics: o.topics,
    link: o.link ?? null,
    contact: o.contact ?? null,
    sourceId: o.sourceId ?? null,
    duplicateKey: duplicateKeyOf({ title: o.title, organiser: o.organiser, startsAt: dates.startsAt }),
  };
}
