// zod schemas for what the console's query strings and forms carry, and the conversion of their
// values (dates typed as YYYY-MM-DD mean Vietnam days, src/vietnam-time.ts). A filter value that does not parse is
// dropped rather than refused: a stale bookmark should still open the queue.
import { z } from "zod";
import type { ProposalFilter, QueueSort } from "../proposals/list-proposals.ts";
import { PROPOSAL_KINDS, PROPOSAL_STATUSES } from "../proposals/proposal-status.ts";
import { AppError } from "../errors.ts";
import { addVietnamDays, isIsoDay, vietnamDay, vietnamDayStart } from "../vietnam-time.ts";

const blank = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const loose = <T extends z.ZodType>(schema: T) => z.preprocess(blank, schema.optional()).catch(undefined);
const Day = z.string().refine(isIsoDay);

export const QueueQuery = z.object({
  status: loose(z.enum(["open", ...PROPOSAL_STATUSES])),
  department: loose(z.string().max(100)),
  topic: loose(z.string().max(60)),
  overdue: loose(z.enum(["1"])),
  channel: loose(z.enum(["web", "telegram", "zalo"])),
  kind: loose(z.enum(PROPOSAL_KINDS)),
  from: loose(Day),
  to: loose(Day),
  q: loose(z.string().trim().max(200)),
  sort: loose(z.enum(["due", "created"])),
  page: loose(z.coerce.number().int().min(1).max(1_000_000)),
});
export type QueueQuery = z.infer<typeof QueueQuery>;

/** The start of the day after, for "to" dates that staff read as inclusive. */
export function dayAfter(day: string): Date {
  return vietnamDayStart(addVietnamDays(day, 1));
}

export function queueFilter(q: QueueQuery): { filter: ProposalFilter; sort: QueueSort; page: number } {
  return {
    filter: {
      status: q.status,
      departmentId: q.department,
      topic: q.topic,
      overdue: q.overdue === "1",
      channel: q.channel,
      kind: q.kind,
      from: q.from ? vietnamDayStart(q.from) : undefined,
      to: q.to ? dayAfter(q.to) : undefined,
      q: q.q,
    },
    sort: q.sort ?? "due",
    page: q.page ?? 1,
  };
}

/** The query string that reproduces a filter (pagination and export links). */
export function queueQueryString(q: QueueQuery, override: Record<string, string | number | undefined> = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...q, ...override })) if (v !== undefined && v !== "") params.set(k, String(v));
  const s = params.toString();
  return s ? `?${s}` : "";
}

export const RangeQuery = z.object({ from: loose(Day), to: loose(Day) });

/** A date range from the query, by default the last `days` days up to today (Vietnam time). */
export function dateRange(query: unknown, now: Date, days = 30): { from: Date; to: Date; fromDay: string; toDay: string } {
  const q = RangeQuery.parse(query ?? {});
  const toDay = q.to ?? vietnamDay(now);
  const fromDay = q.from ?? addVietnamDays(toDay, -(days - 1));
  const from = vietnamDayStart(fromDay);
  const to = dayAfter(toDay);
  if (to <= from) throw new AppError("bad_request", { message: "the range ends before it starts", detail: { field: "to" } });
  if (to.getTime() - from.getTime() > 366 * 86_400_000) throw new AppError("bad_request", { message: "the range is longer than a year", detail: { field: "from" } });
  return { from, to, fromDay, toDay };
}

/** A form body as a record of strings (urlencoded forms give strings, or arrays for repeated names). */
export function formOf(body: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (typeof body !== "object" || body === null) return out;
  for (const [k, v] of Object.entries(body)) {
    if (typeof v === "string") out[k] = v;
    else if (Array.isArray(v) && typeof v[0] === "string") out[k] = v[0];
  }
  return out;
}

export const AuditQuery = z.object({
  actor: loose(z.string().trim().max(200)),
  action: loose(z.string().trim().max(100)),
  target: loose(z.string().trim().max(200)),
  from: loose(Day),
  to: loose(Day),
  page: loose(z.coerce.number().int().min(1).max(1_000_000)),
});
