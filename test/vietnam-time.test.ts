// One rule for Vietnam time (src/vietnam-time.ts): the Vietnam day of an instant turns at 17:00 UTC,
// days typed as dd/mm/yyyy or YYYY-MM-DD start at 00:00 and end at 23:59:59.999 Vietnam time, a
// day the calendar does not have is refused with a sentence saying why, and dates read the way
// people write them. The modules that decide by Vietnam days (quiet hours, the weekly digest, the
// data request deadline, one-day events, duplicate opportunities) are checked at the same
// boundaries. And the architecture guard: no other file in src/ keeps its own offset or time zone.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { duplicateKeyOf } from "../src/announcements/opportunity-input.ts";
import { endOf } from "../src/announcements/opportunity-status.ts";
import { inQuietHours, sendableAt } from "../src/announcements/quiet-hours.ts";
import { digestTimeOfWeek } from "../src/announcements/weekly-digest.ts";
import { dateRange } from "../src/console/forms.ts";
import { formats } from "../src/console/render.ts";
import { isAppError } from "../src/errors.ts";
import { responseDueAt } from "../src/privacy/data-request.ts";
import {
  addVietnamDays,
  formatVietnamDate,
  formatVietnamDateTime,
  isIsoDay,
  parseVietnamTime,
  tryParseVietnamTime,
  vietnamDay,
  vietnamDayAndTime,
  vietnamDayEnd,
  vietnamDayStart,
  vietnamHour,
  vietnamTimeOn,
  vietnamYear,
  weekdayOf,
} from "../src/vietnam-time.ts";

const at = (iso: string) => new Date(iso);
const iso = (d: Date | null) => d?.toISOString() ?? null;

/** The AppError parseVietnamTime throws for `text`, as the caller would catch it. */
function refusal(text: string): { code: string; message: string; reason: unknown } {
  try {
    parseVietnamTime(text, "start");
  } catch (err) {
    if (isAppError(err)) return { code: err.code, message: err.message, reason: (err.detail as { reason?: unknown } | undefined)?.reason };
    throw err;
  }
  throw new Error(`"${text}" was accepted`);
}

describe("instants → Vietnam days", () => {
  it("turns the day at 17:00 UTC (midnight in Vietnam), not at UTC midnight", () => {
    expect(vietnamDay(at("2026-12-06T16:59:59.999Z"))).toBe("2026-12-06");
    expect(vietnamDay(at("2026-12-06T17:00:00.000Z"))).toBe("2026-12-07");
    // UTC midnight is 07:00 in Vietnam: still the same Vietnam day as the evening before it in UTC.
    expect(vietnamDay(at("2026-12-07T00:00:00.000Z"))).toBe("2026-12-07");
    expect(vietnamHour(at("2026-12-06T16:59:59.999Z"))).toBe(23);
    expect(vietnamHour(at("2026-12-06T17:00:00.000Z"))).toBe(0);
  });

  it("turns the year at 17:00 UTC on 31 December", () => {
    expect(vietnamYear(at("2026-12-31T16:59:59.999Z"))).toBe(2026);
    expect(vietnamYear(at("2026-12-31T17:00:00.000Z"))).toBe(2027);
    expect(vietnamDay(at("2026-12-31T17:00:00.000Z"))).toBe("2027-01-01");
    expect(formatVietnamDate(at("2026-12-31T17:30:00.000Z"))).toBe("01/01/2027");
    expect(addVietnamDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addVietnamDays("2027-01-01", -1)).toBe("2026-12-31");
    expect(addVietnamDays("2028-02-28", 1)).toBe("2028-02-29"); // a leap year
  });

  it("knows the weekday of a day (0 Sunday … 6 Saturday)", () => {
    expect(weekdayOf("2026-12-07")).toBe(1);
    expect(weekdayOf("2027-03-05")).toBe(5);
    expect(weekdayOf("2027-03-07")).toBe(0);
  });
});

describe("Vietnam days → instants", () => {
  it("a day starts at 00:00 and ends at 23:59:59.999 Vietnam time", () => {
    expect(iso(vietnamDayStart("2026-12-07"))).toBe("2026-12-06T17:00:00.000Z");
    expect(iso(vietnamDayEnd("2026-12-07"))).toBe("2026-12-07T16:59:59.999Z");
    // The end is the last instant of the day: one millisecond later is the next day.
    expect(vietnamDay(vietnamDayEnd("2026-12-07"))).toBe("2026-12-07");
    expect(vietnamDay(new Date(vietnamDayEnd("2026-12-07").getTime() + 1))).toBe("2026-12-08");
    expect(iso(vietnamTimeOn("2027-03-08", 8))).toBe("2027-03-08T01:00:00.000Z");
    expect(iso(vietnamTimeOn("2027-01-01", 0, 30))).toBe("2026-12-31T17:30:00.000Z");
  });
});

describe("days and times typed by people", () => {
  it("reads dd/mm/yyyy and YYYY-MM-DD as the same Vietnam day, its start or its end", () => {
    for (const typed of ["07/12/2026", "7/12/2026", "2026-12-07", "  07/12/2026 "]) {
      expect(iso(parseVietnamTime(typed, "start")), typed).toBe("2026-12-06T17:00:00.000Z");
      expect(iso(parseVietnamTime(typed, "end")), typed).toBe("2026-12-07T16:59:59.999Z");
    }
  });

  it("reads a day and a time as that minute in Vietnam, whichever edge was asked for", () => {
    for (const typed of ["2026-12-07T13:05", "2026-12-07 13:05", "07/12/2026 13:05", "07/12/2026T13:05"]) {
      expect(iso(parseVietnamTime(typed, "start")), typed).toBe("2026-12-07T06:05:00.000Z");
      expect(iso(parseVietnamTime(typed, "end")), typed).toBe("2026-12-07T06:05:00.000Z");
    }
  });

  it("reads the last day of the year and the first of the next across the UTC boundary", () => {
    expect(iso(parseVietnamTime("31/12/2026", "end"))).toBe("2026-12-31T16:59:59.999Z");
    expect(iso(parseVietnamTime("01/01/2027", "start"))).toBe("2026-12-31T17:00:00.000Z");
    expect(iso(parseVietnamTime("29/02/2028", "start"))).toBe("2028-02-28T17:00:00.000Z");
  });

  it("refuses a day the calendar does not have, saying why", () => {
    expect(refusal("31/02/2027")).toEqual({ code: "bad_request", reason: "date", message: 'not a date: "31/02/2027" (February 2027 has no day 31)' });
    expect(refusal("2027-13-01")).toEqual({ code: "bad_request", reason: "date", message: 'not a date: "2027-13-01" (there is no month 13)' });
    expect(refusal("29/02/2027").message).toContain("February 2027 has no day 29");
    expect(refusal("2027-02-30").message).toContain("February 2027 has no day 30");
    expect(refusal("2027-05-20T24:00").message).toContain("there is no time 24:00");
    expect(refusal("2027-04-31 08:00").message).toContain("April 2027 has no day 31");
  });

  it("refuses what is not written as a day at all, saying how to write one", () => {
    for (const typed of ["ngày mai", "", "2027-3-1", "20277-01-01", "12/2027", "2027-02-28x", "mùng 5 tết"]) {
      const r = refusal(typed);
      expect(r.code, typed).toBe("bad_request");
      expect(r.message, typed).toContain("dd/mm/yyyy or YYYY-MM-DD");
    }
    expect(tryParseVietnamTime("31/02/2027", "end")).toBeNull();
    expect(tryParseVietnamTime("ngày mai", "start")).toBeNull();
  });

  it("tells a real YYYY-MM-DD day from one that would roll over (the console's date filters)", () => {
    expect(isIsoDay("2027-02-28")).toBe(true);
    expect(isIsoDay("2027-02-30")).toBe(false);
    expect(isIsoDay("28/02/2027")).toBe(false);
    expect(isIsoDay("2027-02-28T08:00")).toBe(false);
  });
});

describe("formatting for people", () => {
  it("writes a date as dd/mm/yyyy and a date-time as HH:MM dd/mm/yyyy, Vietnam time", () => {
    expect(formatVietnamDate(at("2026-12-07T06:05:00Z"))).toBe("07/12/2026");
    expect(formatVietnamDateTime(at("2026-12-07T06:05:00Z"))).toBe("13:05 07/12/2026");
    expect(formatVietnamDate(at("2026-12-06T16:59:59.999Z"))).toBe("06/12/2026");
    expect(formatVietnamDateTime(at("2026-12-06T17:00:00Z"))).toBe("00:00 07/12/2026");
    expect(formatVietnamDateTime(at("2026-12-31T16:59:59Z"))).toBe("23:59 31/12/2026");
    expect(vietnamDayAndTime(at("2026-12-07T06:05:00Z"))).toBe("2026-12-07T13:05");
  });

  it("is what the console shows", () => {
    expect(formats.date(at("2026-12-06T17:00:00Z"))).toBe("07/12/2026");
    expect(formats.dateTime(at("2026-12-07T06:05:00Z"))).toBe("13:05 07/12/2026");
    expect(formats.isoDay(at("2026-12-06T17:00:00Z"))).toBe("2026-12-07");
    expect(formats.date(null)).toBe("—");
  });
});

describe("the modules that decide by Vietnam days use the same boundaries", () => {
  it("quiet hours run from 21:00 to 07:00 Vietnam time", () => {
    expect(inQuietHours(at("2027-03-10T13:59:59.999Z"))).toBe(false); // 20:59:59
    expect(inQuietHours(at("2027-03-10T14:00:00Z"))).toBe(true); // 21:00
    expect(inQuietHours(at("2027-03-10T23:59:59.999Z"))).toBe(true); // 06:59:59 the next day
    expect(inQuietHours(at("2027-03-11T00:00:00Z"))).toBe(false); // 07:00
    expect(iso(sendableAt(at("2027-03-10T16:59:59.999Z")))).toBe("2027-03-11T00:00:00.000Z"); // 23:59 → 07:00 tomorrow
    expect(iso(sendableAt(at("2027-03-10T17:00:00Z")))).toBe("2027-03-11T00:00:00.000Z"); // 00:00 → 07:00 today
    expect(iso(sendableAt(at("2026-12-31T15:00:00Z")))).toBe("2027-01-01T00:00:00.000Z"); // New Year's Eve 22:00 → 07:00 on 1 January
  });

  it("the weekly digest is due from Monday 08:00 Vietnam time", () => {
    // Monday 8 March 2027, 08:00 in Vietnam = 01:00 UTC.
    expect(iso(digestTimeOfWeek(at("2027-03-08T01:00:00Z")))).toBe("2027-03-08T01:00:00.000Z");
    expect(iso(digestTimeOfWeek(at("2027-03-08T00:59:59.999Z")))).toBe("2027-03-01T01:00:00.000Z");
    // Sunday 23:30 UTC is already Monday 06:30 in Vietnam: the digest of the week before.
    expect(iso(digestTimeOfWeek(at("2027-03-07T23:30:00Z")))).toBe("2027-03-01T01:00:00.000Z");
    // Sunday 14 March 23:59:59 in Vietnam is still the week of Monday 8 March; from 08:00 on the 15th, the next.
    expect(iso(digestTimeOfWeek(at("2027-03-14T16:59:59Z")))).toBe("2027-03-08T01:00:00.000Z");
    expect(iso(digestTimeOfWeek(at("2027-03-15T01:00:00Z")))).toBe("2027-03-15T01:00:00.000Z");
  });

  it("a data request received on a Friday evening in Vietnam is due at the end of Tuesday", () => {
    // Friday 5 March 2027 23:30 in Vietnam (16:30 UTC, still Friday in UTC too).
    expect(iso(responseDueAt(at("2027-03-05T16:30:00Z")))).toBe("2027-03-09T16:59:59.999Z");
    // Saturday 00:30 in Vietnam is Friday 17:30 UTC: counted from Saturday, due the same Tuesday.
    expect(iso(responseDueAt(at("2027-03-05T17:30:00Z")))).toBe("2027-03-09T16:59:59.999Z");
    // Thursday 23:59 in Vietnam: Friday and Monday.
    expect(iso(responseDueAt(at("2027-03-04T16:59:00Z")))).toBe("2027-03-08T16:59:59.999Z");
  });

  it("a one-day event ends with its Vietnam day, and two entries of it on that day are one", () => {
    const start = at("2027-03-20T01:00:00Z"); // 08:00 on 20 March
    expect(iso(endOf({ startsAt: start, endsAt: null, deadline: null }))).toBe("2027-03-20T16:59:59.999Z");
    expect(iso(endOf({ startsAt: at("2027-03-19T17:00:00Z"), endsAt: null, deadline: null }))).toBe("2027-03-20T16:59:59.999Z");
    const key = (startsAt: Date) => duplicateKeyOf({ title: "Ngày hội việc làm", organiser: "Tỉnh đoàn", startsAt });
    expect(key(at("2027-03-19T17:00:00Z"))).toBe(key(at("2027-03-20T16:59:59Z")));
    expect(key(at("2027-03-19T16:59:59Z"))).not.toBe(key(at("2027-03-19T17:00:00Z")));
  });

  it("the console's default range is the last days up to today in Vietnam", () => {
    // 06:00 UTC on 7 December is 13:00 in Vietnam; 18:00 UTC is already 8 December there.
    expect(dateRange({}, at("2026-12-07T06:00:00Z"), 7)).toMatchObject({ fromDay: "2026-12-01", toDay: "2026-12-07" });
    const range = dateRange({}, at("2026-12-07T18:00:00Z"), 7);
    expect(range).toMatchObject({ fromDay: "2026-12-02", toDay: "2026-12-08" });
    expect(iso(range.from)).toBe("2026-12-01T17:00:00.000Z");
    expect(iso(range.to)).toBe("2026-12-08T17:00:00.000Z"); // the start of the day after: "to" is inclusive
    // A filter day that does not exist is dropped, as any other filter that does not parse.
    expect(dateRange({ from: "2026-02-30", to: "2026-03-05" }, at("2026-12-07T06:00:00Z"), 7)).toMatchObject({ fromDay: "2026-02-27", toDay: "2026-03-05" });
  });
});

// ─── the architecture guard ───────────────────────────────────────────────────────────────────

const srcDir = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "src");

/** What only src/vietnam-time.ts may write: an offset, a time zone, or the server's own time zone. */
const OWN_VIETNAM_TIME: [RegExp, string][] = [
  [/\+07:?00\b/, "a +07:00 offset"],
  [/\b7\s*\*\s*3_?600/, "7 * 3600…"],
  [/\b7\s*\*\s*60\s*\*\s*60\b/, "7 * 60 * 60…"],
  [/\b25_?200_?000\b/, "25_200_000 (7 hours in ms)"],
  [/\b25_?200\b/, "25_200 (7 hours in s)"],
  [/Asia\/(Ho_Chi_Minh|Saigon|Bangkok|Jakarta)/, "a UTC+7 time zone name"],
  [/\btimeZone\s*:/, "an Intl time zone"],
  [/\.toLocale(Date|Time)String\(/, "a date formatted in the server's or a given time zone"],
  [/\.get(FullYear|Month|Date|Day|Hours|Minutes)\(\)/, "a reading of the server's own time zone"],
  [/\bgetTimezoneOffset\(/, "the server's time zone offset"],
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "generated" ? [] : sourceFiles(full);
    return /\.(ts|eta)$/.test(entry.name) ? [full] : [];
  });
}

/** The code of a line: comments may mention "+07:00" (how YAML reads a time, say); code may not. */
function codeOf(line: string): string {
  const trimmed = line.trim();
  if (trimmed.startsWith("//") || trimmed.startsWith("*") || trimmed.startsWith("/*")) return "";
  return line.replace(/\s\/\/ .*$/, "");
}

describe("one place for Vietnam time", () => {
  it("no file in src/ but src/vietnam-time.ts keeps its own offset, time zone or formatter", () => {
    const offenders = sourceFiles(srcDir)
      .filter((file) => path.relative(srcDir, file) !== "vietnam-time.ts")
      .flatMap((file) =>
        readFileSync(file, "utf8")
          .split("\n")
          .flatMap((line, i) => {
            const code = codeOf(line);
            return OWN_VIETNAM_TIME.filter(([pattern]) => pattern.test(code)).map(([, what]) => `src/${path.relative(srcDir, file)}:${i + 1}: ${what}: ${line.trim()}`);
          }),
      );
    // Fix: call src/vietnam-time.ts (vietnamDay, vietnamDayStart/End, parseVietnamTime,
    // formatVietnamDate, formatVietnamDateTime…), adding a small function there if one is missing.
    expect(offenders).toEqual([]);
  });

  it("the guard sees what it forbids", () => {
    const flagged = (line: string) => OWN_VIETNAM_TIME.some(([pattern]) => pattern.test(codeOf(line)));
    expect(flagged('  return new Date(`${day}T23:59:59.999+07:00`);')).toBe(true);
    expect(flagged("  const local = new Date(at.getTime() + 7 * 3600_000);")).toBe(true);
    expect(flagged("const OFFSET = 25_200_000;")).toBe(true);
    expect(flagged('d.toLocaleDateString("vi-VN", { timeZone: "Asia/Ho_Chi_Minh" })')).toBe(true);
    expect(flagged("  const year = now.getFullYear();")).toBe(true);
    expect(flagged('  // YAML shifts "2020-06-16T01:00+07:00" to the 15th in UTC')).toBe(false);
    expect(flagged("  const v = at.getUTCHours(); // 7 * 3600_000 ahead")).toBe(false);
  });
});
