// Reads a downloaded feed: iCalendar (parse-ical.ts), RSS 2.0 (and RSS 1.0/RDF) or Atom, told
// apart by the content rather than the Content-Type, which servers often get wrong. Each item keeps
// what an opportunity needs: its id, title, link, organiser (author), plain-text description, and
// the dates the RSS event module gives (ev:startdate, ev:enddate, ev:location, ev:organizer) or a
// deadline its text names. A publication date is not an opportunity's date and is not used.
import { AppError } from "../../errors.ts";
import { deadlineIn, isoInstant, MAX_FEED_ITEMS, plainText, type FeedItem, type ParsedFeed } from "./feed-item.ts";
import { readIcal } from "./parse-ical.ts";
import { child, childrenNamed, childText, localName, readXml, textOf, type XmlElement } from "./read-xml.ts";

function formatError(message: string): AppError {
  return new AppError("feed.fetch", { message: `feed: ${message}`, detail: { reason: "format" } });
}

/** The bytes as text: UTF-8 unless a BOM or the XML declaration names another encoding. */
export function decodeFeed(bytes: Uint8Array): string {
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder("utf-16be").decode(bytes);
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder("utf-16le").decode(bytes);
  const head = new TextDecoder("latin1").decode(bytes.subarray(0, 200));
  const declared = /^\s*<\?xml[^>]*encoding\s*=\s*["']([\w.:-]+)["']/i.exec(head)?.[1];
  const decoder = (() => {
    try {
      return new TextDecoder(declared ?? "utf-8");
    } catch {
      return new TextDecoder("utf-8"); // an encoding this Node does not know: UTF-8 is the best guess
    }
  })();
  return decoder.decode(bytes).replace(/^\uFEFF/, "");
}

/** The elements directly under `e` whose local name is `name` ("entry", "atom:entry"). */
const childrenLocal = (e: XmlElement, name: string) => e.children.filter((c): c is XmlElement => typeof c !== "string" && localName(c.name) === name);
const childLocal = (e: XmlElement, name: string) => childrenLocal(e, name)[0];

/** "jobs@so.gov.vn (Sở Lao động)" → "Sở Lao động"; a name as it is. */
function authorName(text: string): string | null {
  const t = plainText(text);
  const inParens = /\(([^)]+)\)\s*$/.exec(t)?.[1];
  return (inParens ?? t) || null;
}

/** The RSS event module's dates and place, which RSS and Atom items may both carry. */
function eventFields(e: XmlElement, text: string): Pick<FeedItem, "startsAt" | "endsAt" | "deadline" | "place" | "badDate"> & { organiser: string | null } {
  const start = childText(e, "ev:startdate");
  const end = childText(e, "ev:enddate");
  const startsAt = start ? isoInstant(start, "start") : null;
  const endsAt = end ? isoInstant(end, "end") : null;
  const badDate = start && !startsAt ? "startsAt" : end && !endsAt ? "endsAt" : undefined;
  const deadline = deadlineIn(text);
  return {
    startsAt,
    endsAt,
    // A deadline the text names after the end would be refused; the end then says it all.
    deadline: deadline && endsAt && deadline > endsAt ? null : deadline,
    place: plainText(childText(e, "ev:location")) || null,
    organiser: plainText(childText(e, "ev:organizer")) || null,
    ...(badDate ? { badDate } : {}),
  };
}

function rssItem(item: XmlElement): FeedItem {
  const title = plainText(childText(item, "title"));
  const link = childText(item, "link") || null;
  const description = plainText(childText(item, "content:encoded", "description"));
  const { organiser, ...ev } = eventFields(item, `${title} ${description}`);
  return {
    guid: childText(item, "guid") || item.attributes["rdf:about"] || link,
    title,
    link,
    description,
    organiser: organiser ?? authorName(childText(item, "author", "dc:creator")),
    categories: [...childrenNamed(item, "category"), ...childrenNamed(item, "dc:subject")].map((c) => textOf(c)).filter(Boolean),
    ...ev,
  };
}

function atomText(e: XmlElement | undefined): string {
  if (!e) return "";
  // type="html": the markup arrived escaped, and is text now; type="xhtml": it is elements. Both lose their tags.
  return plainText(e.attributes.type === "html" ? textOf(e) : textOf(e).replace(/</g, "&lt;"));
}

function atomEntry(entry: XmlElement): FeedItem {
  const links = childrenLocal(entry, "link");
  const link = (links.find((l) => !l.attributes.rel || l.attributes.rel === "alternate") ?? links[0])?.attributes.href ?? null;
  const title = atomText(childLocal(entry, "title"));
  const description = atomText(childLocal(entry, "content") ?? childLocal(entry, "summary"));
  const { organiser, ...ev } = eventFields(entry, `${title} ${description}`);
  const author = childLocal(entry, "author");
  return {
    guid: textOf(childLocal(entry, "id")) || link,
    title,
    link,
    description,
    organiser: organiser ?? (author ? plainText(textOf(childLocal(author, "name"))) || null : null),
    categories: childrenLocal(entry, "category")
      .map((c) => c.attributes.label ?? c.attributes.term ?? "")
      .filter(Boolean),
    ...ev,
  };
}

/** Reads a feed's bytes; throws AppError "feed.fetch" (reason "format") when it is none of the three. */
export function parseFeed(bytes: Uint8Array): ParsedFeed {
  const text = decodeFeed(bytes);
  if (/^\s*BEGIN:VCALENDAR/i.test(text)) return readIcal(text);
  if (!/^\s*</.test(text)) throw formatError("neither XML (RSS, Atom) nor iCalendar");
  const root = readXml(text);
  if (!root) throw formatError("no root element");
  const rootName = localName(root.name);
  if (rootName === "rss") {
    const channel = child(root, "channel");
    if (!channel) throw formatError("an RSS file without a channel");
    return { format: "rss", title: plainText(childText(channel, "title")) || null, items: childrenNamed(channel, "item").slice(0, MAX_FEED_ITEMS).map(rssItem) };
  }
  if (root.name === "rdf:RDF") {
    const channel = child(root, "channel");
    return { format: "rss", title: channel ? plainText(childText(channel, "title")) || null : null, items: childrenNamed(root, "item").slice(0, MAX_FEED_ITEMS).map(rssItem) };
  }
  if (rootName === "feed") {
    return { format: "atom", title: atomText(childLocal(root, "title")) || null, items: childrenLocal(root, "entry").slice(0, MAX_FEED_ITEMS).map(atomEntry) };
  }
  throw formatError(`an XML file whose root is <${root.name}>, not <rss> or <feed>`);
}
