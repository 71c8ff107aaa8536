// What the feed readers (parse-feed.ts for RSS and Atom, parse-ical.ts for iCalendar) make of one
// item, before it is checked as an opportunity: its id, texts and dates as the feed gave them. The
// helpers here read what both need: a date written in ISO 8601, a deadline named in the text
// ("Hạn nộp hồ sơ: 31/03/2027"), and HTML descriptions as plain text.
import { foldedText } from "../../knowledge/text.ts";
import { tryParseVietnamTime } from "../../vietnam-time.ts";
import { decodeEntities } from "./read-xml.ts";

/** More items than any feed of opportunities carries; the rest of a bigger file is not read. */
export const MAX_FEED_ITEMS = 1000;

export interface FeedItem {
  /** The GUID (RSS), id (Atom) or UID (iCal); the link when an RSS item has no GUID; null when neither. */
  guid: string | null;
  title: string;
  link: string | null;
  /** Plain text (tags removed). */
  description: string;
  /** The author or organiser the item names, if any. */
  organiser: string | null;
  /** LOCATION (iCal); RSS and Atom items name none. */
  place: string | null;
  startsAt: Date | null;
  endsAt: Date | null;
  deadline: Date | null;
  /** Categories the item gives (RSS category, Atom term, iCal CATEGORIES): one may name the kind. */
  categories: string[];
  /** A date the feed gave but that could not be read: the item is refused for it. */
  badDate?: "startsAt" | "endsAt";
}

export interface ParsedFeed {
  format: "rss" | "atom" | "ical";
  /** The channel's, feed's or calendar's name: the organiser of items that name none. */
  title: string | null;
  items: FeedItem[];
}

/** HTML (a description, an Atom summary) as one line of plain text. */
export function plainText(html: string): string {
  return decodeEntities(html.replace(/<[^>]*>/g, " "))
    .replace(/\s+/g, " ")
    .trim();
}

/**
 * An ISO 8601 date (RSS event module, Atom): with "Z" or an offset it is that instant; a day alone
 * or a time without an offset is Vietnam time (the day's start, or for `edge` "end" its last
 * millisecond). Null when it is not a date.
 */
export function isoInstant(text: string, edge: "start" | "end"): Date | null {
  const t = text.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(t)) return tryParseVietnamTime(t, edge);
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/i.exec(t);
  if (!m) return null;
  if (!m[5]) return tryParseVietnamTime(`${m[1]}T${m[2]}`, edge);
  const at = new Date(t.replace(" ", "T").replace(/([+-]\d{2})(\d{2})$/, "$1:$2"));
  return Number.isNaN(at.getTime()) ? null : at;
}

const DAY = String.raw`(\d{1,2}/\d{1,2}/\d{4}|\d{4}-\d{2}-\d{2})`;
/** "hạn nộp hồ sơ: 31/03/2027", "hạn đăng ký đến 15/4/2027", "deadline 2027-04-15", folded. */
const DEADLINE_PHRASE = new RegExp(String.raw`(?:han (?:chot|cuoi)?\s*(?:nop|dang ky|ung tuyen|nhan)|han dang ky|deadline|apply by|closing date)[^0-9]{0,40}?(?:ngay\s*)?${DAY}`);

/** The registration deadline the text names ("Hạn nộp hồ sơ: 31/03/2027"), at the end of that Vietnam day. */
export function deadlineIn(text: string): Date | null {
  const m = DEADLINE_PHRASE.exec(foldedText(text));
  return m ? tryParseVietnamTime(m[1]!, "end") : null;
}
