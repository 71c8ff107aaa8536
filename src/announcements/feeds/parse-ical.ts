// Reads an iCalendar file (RFC 5545) into feed items: each VEVENT's UID, SUMMARY, DTSTART, DTEND
// (or DURATION), LOCATION, URL, DESCRIPTION, ORGANIZER and CATEGORIES, after unfolding continued
// lines and unescaping text. Dates: a day alone (VALUE=DATE) is a Vietnam day and an all-day
// DTEND is exclusive (the event ends the day before, at its last millisecond); "…Z" is UTC; a local
// time with TZID=Asia/Ho_Chi_Minh (or another UTC+7 name), or with no zone at all, is Vietnam time;
// another TZID is read from the file's VTIMEZONE when it has one fixed offset. A recurring event is
// read as its first occurrence; a cancelled one (STATUS:CANCELLED) is left out.
import { addVietnamDays, tryParseVietnamTime } from "../../vietnam-time.ts";
import { deadlineIn, MAX_FEED_ITEMS, type FeedItem, type ParsedFeed } from "./feed-item.ts";

interface Property {
  name: string;
  params: Record<string, string>;
  value: string;
}

/** Zone names that mean Vietnam's UTC+7 (Outlook writes Windows names). */
const UTC_PLUS_7 = new Set(["asia/ho_chi_minh", "asia/saigon", "asia/bangkok", "asia/jakarta", "asia/phnom_penh", "asia/vientiane", "etc/gmt-7", "se asia standard time"]);
const UTC_NAMES = new Set(["utc", "etc/utc", "gmt", "etc/gmt", "z", "zulu"]);

/** Continued lines (CRLF or LF then a space or tab) joined back. */
function unfold(text: string): string[] {
  return text.replace(/\r\n?/g, "\n").replace(/\n[ \t]/g, "").split("\n");
}

function parseLine(line: string): Property | null {
  // NAME;PARAM=value;PARAM="quoted: value":VALUE — the first colon outside quotes ends the name part.
  let quoted = false;
  let colon = -1;
  for (let i = 0; i < line.length; i++) {
    if (line[i] === '"') quoted = !quoted;
    else if (line[i] === ":" && !quoted) {
      colon = i;
      break;
    }
  }
  if (colon <= 0) return null;
  const [name = "", ...params] = line.slice(0, colon).split(/;(?=(?:[^"]*"[^"]*")*[^"]*$)/);
  const out: Property = { name: name.toUpperCase(), params: {}, value: line.slice(colon + 1) };
  for (const p of params) {
    const eq = p.indexOf("=");
    if (eq > 0) out.params[p.slice(0, eq).toUpperCase()] = p.slice(eq + 1).replace(/^"|"$/g, "");
  }
  return out;
}

/** TEXT values: "\n" a new line, "\," "\;" "\\" the character. */
function unescapeText(value: string): string {
  return value.replace(/\\([nN,;\\])/g, (_, c: string) => (c === "n" || c === "N" ? "\n" : c)).trim();
}

/** "+0700" → minutes east of UTC. */
function offsetMinutes(text: string): number | null {
  const m = /^([+-])(\d{2})(\d{2})$/.exec(text.trim());
  return m ? (m[1] === "-" ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : null;
}

type Zones = Map<string, number>;

/** The VTIMEZONEs with a single fixed offset (one STANDARD, no DAYLIGHT): TZID → minutes east of UTC. */
function fixedZones(lines: Property[]): Zones {
  const zones: Zones = new Map();
  let tzid: string | null = null;
  let offsets: number[] = [];
  let daylight = false;
  for (const p of lines) {
    if (p.name === "BEGIN" && p.value.toUpperCase() === "VTIMEZONE") [tzid, offsets, daylight] = [null, [], false];
    else if (p.name === "BEGIN" && p.value.toUpperCase() === "DAYLIGHT") daylight = true;
    else if (p.name === "TZID") tzid = p.value.trim();
    else if (p.name === "TZOFFSETTO") {
      const o = offsetMinutes(p.value);
      if (o !== null) offsets.push(o);
    } else if (p.name === "END" && p.value.toUpperCase() === "VTIMEZONE") {
      if (tzid && !daylight && offsets.length > 0 && offsets.every((o) => o === offsets[0])) zones.set(tzid.toLowerCase(), offsets[0]!);
    }
  }
  return zones;
}

type Read = { at: Date | null; allDay: boolean; day?: string };

/** DTSTART/DTEND → the instant (null when it cannot be read); `edge` "end" for a date-only end. */
function readDate(p: Property, zones: Zones): Read {
  const v = p.value.trim();
  const date = /^(\d{4})(\d{2})(\d{2})$/.exec(v);
  if (date || p.params.VALUE?.toUpperCase() === "DATE") {
    if (!date) return { at: null, allDay: true };
    const day = `${date[1]}-${date[2]}-${date[3]}`;
    return { at: tryParseVietnamTime(day, "start"), allDay: true, day };
  }
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(Z?)$/i.exec(v);
  if (!m) return { at: null, allDay: false };
  const [, y, mo, d, h, mi, s, z] = m;
  const wall = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  const valid = new Date(wall).toISOString().startsWith(`${y}-${mo}-${d}T${h}:${mi}:${s}`);
  if (!valid) return { at: null, allDay: false };
  const tzid = p.params.TZID?.replace(/^\//, "").trim().toLowerCase();
  if (z || (tzid && UTC_NAMES.has(tzid))) return { at: new Date(wall), allDay: false };
  if (!tzid || UTC_PLUS_7.has(tzid)) {
    // Vietnam time (a floating time too: the province's calendars mean local time); seconds kept.
    const at = tryParseVietnamTime(`${y}-${mo}-${d}T${h}:${mi}`, "start");
    return { at: at && new Date(at.getTime() + Number(s) * 1000), allDay: false };
  }
  const offset = zones.get(tzid);
  return { at: offset === undefined ? null : new Date(wall - offset * 60_000), allDay: false };
}

/** "P1D", "PT2H30M", "P1W": a DURATION in milliseconds, null when unreadable. */
function durationMs(text: string): number | null {
  const m = /^\+?P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/i.exec(text.trim());
  if (!m || text.trim().length <= 1) return null;
  const [w, d, h, mi, s] = m.slice(1).map((x) => Number(x ?? 0)) as [number, number, number, number, number];
  return ((((w * 7 + d) * 24 + h) * 60 + mi) * 60 + s) * 1000;
}

function eventItem(props: Property[], zones: Zones): FeedItem | null {
  const get = (name: string) => props.find((p) => p.name === name);
  const text = (name: string) => {
    const p = get(name);
    return p ? unescapeText(p.value) : "";
  };
  if (text("STATUS").toUpperCase() === "CANCELLED") return null;
  const title = text("SUMMARY");
  const description = text("DESCRIPTION");
  const startProp = get("DTSTART");
  const endProp = get("DTEND");
  const start = startProp ? readDate(startProp, zones) : { at: null, allDay: false };
  let endsAt: Date | null = null;
  let badEnd = false;
  if (endProp) {
    const end = readDate(endProp, zones);
    if (end.allDay && end.day) {
      // An all-day DTEND is the day after the last one; a one-day event (DTEND = DTSTART + 1) needs no end.
      const last = addVietnamDays(end.day, -1);
      endsAt = start.allDay && start.day && last <= start.day ? null : tryParseVietnamTime(last, "end");
    } else endsAt = end.at;
    badEnd = !end.at;
  } else if (get("DURATION") && start.at) {
    const ms = durationMs(text("DURATION"));
    // An all-day event of one day ("P1D") is its start day; longer ones end the day before start + duration.
    if (ms !== null && start.allDay && start.day) {
      const days = Math.round(ms / 86_400_000);
      endsAt = days > 1 ? tryParseVietnamTime(addVietnamDays(start.day, days - 1), "end") : null;
    } else if (ms !== null && ms > 0) endsAt = new Date(start.at.getTime() + ms);
    badEnd = ms === null;
  }
  const organiser = get("ORGANIZER");
  const deadline = deadlineIn(`${title} ${description}`);
  const badDate = startProp && !start.at ? "startsAt" : badEnd ? "endsAt" : undefined;
  return {
    guid: text("UID") || null,
    title,
    link: text("URL") || null,
    description,
    organiser: organiser ? organiser.params.CN?.trim() || null : null,
    place: text("LOCATION") || null,
    startsAt: start.at,
    endsAt,
    deadline: deadline && endsAt && deadline > endsAt ? null : deadline,
    categories: props
      .filter((p) => p.name === "CATEGORIES")
      .flatMap((p) => p.value.split(/(?<!\\),/))
      .map(unescapeText)
      .filter(Boolean),
    ...(badDate ? { badDate } : {}),
  };
}

export function readIcal(text: string): ParsedFeed {
  const lines = unfold(text)
    .map(parseLine)
    .filter((p): p is Property => p !== null);
  const zones = fixedZones(lines);
  const items: FeedItem[] = [];
  let calendarName: string | null = null;
  let event: Property[] | null = null;
  let nested = 0; // a VALARM inside the VEVENT: its properties are not the event's
  for (const p of lines) {
    const component = p.value.trim().toUpperCase();
    if (!event) {
      if (p.name === "BEGIN" && component === "VEVENT") [event, nested] = [[], 0];
      else if (p.name === "X-WR-CALNAME") calendarName = unescapeText(p.value) || null;
      continue;
    }
    if (p.name === "BEGIN") nested++;
    else if (p.name === "END" && nested > 0) nested--;
    else if (p.name === "END" && component === "VEVENT") {
      const item = eventItem(event, zones);
      if (item && items.length < MAX_FEED_ITEMS) items.push(item);
      event = null;
    } else if (nested === 0) event.push(p);
  }
  return { format: "ical", title: calendarName, items };
}
