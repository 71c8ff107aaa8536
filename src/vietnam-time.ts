// Vietnam time, in one place. The province works in Vietnam local time, UTC+7 all year (no daylight
// saving), whatever time zone the server runs in. This module owns the rule: converting instants to
// Vietnam calendar days (and hours, weekdays, years) and back, parsing days typed as dd/mm/yyyy or
// YYYY-MM-DD (optionally with a time) as Vietnam days, the start and end (23:59:59.999) of a Vietnam
// day, and formatting dates and date-times the way people read them ("07/12/2026", "13:05
// 07/12/2026"). Every other module calls it; none keeps its own offset or time-zone formatter
// (test/vietnam-time.test.ts checks). A Vietnam day travels as its "YYYY-MM-DD" string.
// The offset is fixed rather than read from the "Asia/Ho_Chi_Minh" zone data: the zone's history
// (UTC+8 in the south until 1975, local mean time before 1906) is not what the province means.
import { AppError } from "./errors.ts";

const OFFSET_MS = 7 * 3600_000;
const DAY_MS = 86_400_000;

/** The Vietnam wall clock at `at`, as a Date whose UTC fields read it. */
function wallClock(at: Date): Date {
  return new Date(at.getTime() + OFFSET_MS);
}

/** The instant at which the Vietnam wall clock reads `wall` (a Date whose UTC fields are that reading). */
function fromWallClock(wall: number): Date {
  return new Date(wall - OFFSET_MS);
}

const pad = (n: number) => String(n).padStart(2, "0");

/** Wall-clock milliseconds of 00:00 on a "YYYY-MM-DD" day (Date.parse reads a date-only ISO string as UTC). */
function wallMidnight(day: string): number {
  const ms = Date.parse(`${day}T00:00:00.000Z`);
  if (Number.isNaN(ms)) throw new RangeError(`not a YYYY-MM-DD day: ${day}`);
  return ms;
}

// ─── instants → Vietnam days and clock readings ────────────────────────────────────────────────

/** The Vietnam day of an instant: "2026-03-05" for any instant from 2026-03-04T17:00Z to 2026-03-05T16:59:59.999Z. */
export function vietnamDay(at: Date): string {
  return wallClock(at).toISOString().slice(0, 10);
}

/** The year in Vietnam at `at` (the first hours of 1 January in Vietnam are still 31 December in UTC). */
export function vietnamYear(at: Date): number {
  return wallClock(at).getUTCFullYear();
}

/** The hour (0–23) on a Vietnam clock at `at`. */
export function vietnamHour(at: Date): number {
  return wallClock(at).getUTCHours();
}

/** "2026-12-07T13:05": the Vietnam day and time at `at`, as an <input type="datetime-local"> wants it. */
export function vietnamDayAndTime(at: Date): string {
  return wallClock(at).toISOString().slice(0, 16);
}

// ─── Vietnam days → instants ───────────────────────────────────────────────────────────────────

/** 00:00:00.000 Vietnam time on `day` ("YYYY-MM-DD"): the first instant of that day. */
export function vietnamDayStart(day: string): Date {
  return fromWallClock(wallMidnight(day));
}

/** 23:59:59.999 Vietnam time on `day`: its last millisecond, so a deadline typed as a day includes all of it. */
export function vietnamDayEnd(day: string): Date {
  return fromWallClock(wallMidnight(day) + DAY_MS - 1);
}

/** hour:minute Vietnam time on `day`: "Monday 08:00", "07:00 when quiet hours end". */
export function vietnamTimeOn(day: string, hour: number, minute = 0): Date {
  return fromWallClock(wallMidnight(day) + hour * 3600_000 + minute * 60_000);
}

/** The day `n` days after `day` (before it when negative). */
export function addVietnamDays(day: string, n: number): string {
  return new Date(wallMidnight(day) + n * DAY_MS).toISOString().slice(0, 10);
}

/** The weekday of a day: 0 Sunday, 1 Monday … 6 Saturday. */
export function weekdayOf(day: string): number {
  return new Date(wallMidnight(day)).getUTCDay();
}

// ─── reading days and times typed by people ────────────────────────────────────────────────────

/** "2027-03-01", "1/3/2027" or "01/03/2027", optionally followed by "T08:00" or " 08:00". */
const TYPED = /^(?:(\d{4})-(\d{2})-(\d{2})|(\d{1,2})\/(\d{1,2})\/(\d{4}))(?:[T ](\d{2}):(\d{2}))?$/;

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/** Which instant of a day typed without a time is meant: its first ("from" dates) or its last (deadlines). */
export type DayEdge = "start" | "end";

/**
 * A day or a day and time typed in Vietnam time → the instant. A day alone is its start (00:00) or,
 * for `edge` "end", its last millisecond (23:59:59.999). Throws bad_request (detail.reason "date")
 * saying what is wrong: not a date at all, or a day the calendar does not have (31/02/2027, month 13).
 * @example parseVietnamTime("31/03/2027", "end") // 2027-03-31T16:59:59.999Z
 */
export function parseVietnamTime(text: string, edge: DayEdge): Date {
  const typed = text.trim();
  const m = TYPED.exec(typed);
  if (!m) {
    throw new AppError("bad_request", {
      message: `not a date: "${typed.slice(0, 40)}" (write a day as dd/mm/yyyy or YYYY-MM-DD, a time as YYYY-MM-DDTHH:MM)`,
      detail: { reason: "date" },
    });
  }
  const [y, mo, d] = m[1] !== undefined ? [m[1], m[2]!, m[3]!] : [m[6]!, pad(Number(m[5])), pad(Number(m[4]))];
  const [h, mi] = [m[7], m[8]];
  const day = `${y}-${mo}-${d}`;
  const wall = Date.parse(`${day}T${h ?? "00"}:${mi ?? "00"}:00.000Z`);
  // Date.parse accepts 2027-02-30 (rolling over to 2 March): a day that rolled over is not the one typed.
  if (Number.isNaN(wall) || new Date(wall).toISOString().slice(0, 16) !== `${day}T${h ?? "00"}:${mi ?? "00"}`) {
    const month = MONTHS[Number(mo) - 1];
    const why = !month ? `there is no month ${Number(mo)}` : Number(h ?? 0) > 23 || Number(mi ?? 0) > 59 ? `there is no time ${h}:${mi}` : `${month} ${y} has no day ${Number(d)}`;
    throw new AppError("bad_request", { message: `not a date: "${typed}" (${why})`, detail: { reason: "date" } });
  }
  if (h !== undefined) return fromWallClock(wall);
  return edge === "end" ? vietnamDayEnd(day) : fromWallClock(wall);
}

/** parseVietnamTime, or null for anything that is not a real day (for callers that say why themselves). */
export function tryParseVietnamTime(text: string, edge: DayEdge): Date | null {
  try {
    return parseVietnamTime(text, edge);
  } catch {
    return null;
  }
}

/** Whether `text` is a real day written YYYY-MM-DD (2027-02-30 is not). */
export function isIsoDay(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(text) && tryParseVietnamTime(text, "start") !== null;
}

// ─── formatting for people ─────────────────────────────────────────────────────────────────────

/** "07/12/2026": the Vietnam day of `at` as people write it, in Vietnamese and English alike. */
export function formatVietnamDate(at: Date): string {
  const v = wallClock(at);
  return `${pad(v.getUTCDate())}/${pad(v.getUTCMonth() + 1)}/${v.getUTCFullYear()}`;
}

/** "13:05 07/12/2026": the Vietnam time, then the day, as every message and page of the service writes it. */
export function formatVietnamDateTime(at: Date): string {
  const v = wallClock(at);
  return `${pad(v.getUTCHours())}:${pad(v.getUTCMinutes())} ${formatVietnamDate(at)}`;
}
