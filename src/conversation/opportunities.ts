// The chat side of opportunities (src/announcements/): "có việc làm nào ở Rạch Giá không",
// "khóa học nghề miễn phí cho bộ đội xuất ngũ", "có cuộc thi khởi nghiệp nào không" or /cohoi list
// the current ones, at most five, one short line each, filtered by the kind the words name and by a
// place the current opportunities name or a commune registered in the console; "Xem thêm" pages on
// with the same filter. Nothing matching: say so, with the public page to look at and the offer to
// subscribe (/dangky) to new ones. A place named ("ở Hà Tiên") is never dropped to list everywhere
// else: with nothing there the reply says so, and a place we do not know (announcements/known-places.ts)
// is named back as such, with the close names we know, the whole province's list and /dangky as choices.
import { kindsIn } from "../announcements/kind-words.ts";
import { currentPlaces, listCurrentOpportunities, type OpportunityFilter } from "../announcements/find-opportunities.ts";
import { barePlaceKey, loadKnownPlaces, resolvePlace, type KnownPlaces } from "../announcements/known-places.ts";
import { placeKeyOf } from "../announcements/opportunity-input.ts";
import { ONLINE, OPPORTUNITY_KINDS, type OpportunityKind } from "../announcements/opportunity-status.ts";
import type { Db } from "../db/client.ts";
import { formatVietnamDate } from "../vietnam-time.ts";
import { foldForIntent } from "./intent.ts";
import type { Choice } from "./messages.ts";
import { idleKeeping, type Outcome, type Turn } from "./turn.ts";

/** At most this many lines per reply: enough to choose from on a phone. */
export const OPPORTUNITIES_PER_REPLY = 5;

export interface OpportunityChatDeps {
  db: Db;
  /** PUBLIC_BASE_URL, so the link to /co-hoi opens outside the web chat. */
  publicBaseUrl?: string | undefined;
}

/** "Phường Rạch Giá" is also asked for as "Rạch Giá". */
const ADMIN_PREFIX = /^(phuong|xa|thi tran|dac khu|thanh pho|tp|huyen|quan|thi xa) /;
/** Words after "ở"/"tại" that end the place: "ở Rạch Giá không". */
const PLACE_END = new Set(["khong", "ko", "k", "nao", "a", "nhe", "nha", "ha", "vay", "z", "khong a", "ad", "ban", "voi", "cho", "de", "ma", "thi"]);

export interface OpportunityAsk {
  kinds: OpportunityKind[];
  placeKey?: string;
  /** A place named after "ở"/"tại" that no current opportunity has, as the person wrote it. */
  unknownPlace?: string;
}

/** What the words ask for: the kinds they name and the place, among the places current opportunities name. */
export function readOpportunityAsk(text: string, places: readonly { placeKey: string }[]): OpportunityAsk {
  const folded = foldForIntent(text);
  const kinds = kindsIn(folded);
  const padded = ` ${folded} `;
  if (/ (online|truc tuyen) /.test(padded)) return { kinds, placeKey: ONLINE };
  const candidates = places
    .filter((p) => p.placeKey !== ONLINE)
    .flatMap((p) => [p.placeKey, p.placeKey.replace(ADMIN_PREFIX, "")].map((key) => ({ key, placeKey: p.placeKey })))
    .sort((a, b) => b.key.length - a.key.length);
  const hit = candidates.find((c) => c.key && padded.includes(` ${c.key} `));
  if (hit) return { kinds, placeKey: hit.placeKey };
  // "ở Hà Tiên" with no opportunity there: say so rather than list everywhere else.
  const tokens = text.trim().split(/\s+/);
  const foldedTokens = tokens.map((w) => foldForIntent(w));
  const at = foldedTokens.findIndex((w) => w === "o" || w === "tai");
  if (at >= 0) {
    const words: string[] = [];
    // A place's first word may look like a particle ("Hà Tiên"); only "đâu", "không", "nào" end it there.
    const ends = (w: string, first: boolean) => (first ? /^(dau|khong|ko|k|nao|)$/.test(w) : PLACE_END.has(w));
    for (let i = at + 1; i < tokens.length && words.length < 4 && !ends(foldedTokens[i]!, words.length === 0); i++) words.push(tokens[i]!.replace(/[?!.,;:]+$/, ""));
    if (words.length) return { kinds, unknownPlace: words.join(" ") };
  }
  return { kinds };
}

const pageLink = (deps: OpportunityChatDeps, filter: OpportunityFilter) => {
  const params = new URLSearchParams();
  if (filter.kinds?.length === 1) params.set("kind", filter.kinds[0]!);
  if (filter.placeKey) params.set("place", filter.placeKey);
  const query = params.toString();
  return `${(deps.publicBaseUrl ?? "").replace(/\/+$/, "")}/co-hoi${query ? `?${query}` : ""}`;
};

/** "việc làm, khóa học ở Phường Rạch Giá": what was looked for, for the reply's first line. */
function filterWords(turn: Turn, kinds: readonly string[], place: string | undefined): string {
  const kindText = kinds.map((k) => turn.t(`opportunities.kinds.${k}`)).join(", ");
  return [kindText, place ? turn.t("opportunities.at", { place }) : ""].filter(Boolean).join(" ");
}

/** The key to filter by for a known place: an opportunity's own key when one names it ("Rạch Giá" for "Phường Rạch Giá"). */
function filterKeyOf(places: readonly { placeKey: string }[], name: string): string {
  const key = placeKeyOf(name);
  return places.find((p) => p.placeKey === key)?.placeKey ?? places.find((p) => barePlaceKey(p.placeKey) === barePlaceKey(key))?.placeKey ?? key;
}

/** "Có việc làm nào ở …" with nothing there: say so and offer the close names we know, the whole province and /dangky. */
function nothingThere(deps: OpportunityChatDeps, turn: Turn, opts: { kinds: readonly string[]; looked: string; unknown?: { place: string; known: KnownPlaces; suggestions: { name: string; key: string }[] } }): Outcome {
  const { unknown } = opts;
  const lines = unknown?.known.registered
    ? [turn.t("opportunities.unknownPlace", { place: unknown.place.slice(0, 60) })]
    : [turn.t("opportunities.none", { what: opts.looked ? ` (${opts.looked})` : "", link: pageLink(deps, {}) })];
  if (unknown?.suggestions.length) lines.push(turn.t("opportunities.didYouMean"));
  lines.push(turn.t(unknown?.known.registered ? "opportunities.elsewhere" : "subscribe.offer"));
  const kinds = opts.kinds.join(",");
  const choices: Choice[] = [
    ...(unknown?.suggestions ?? []).map((s) => ({ id: `opp:0:${kinds}:${s.key.slice(0, 40)}`, label: s.name })),
    { id: `opp:0:${kinds}:`, label: turn.t("opportunities.wholeProvince") },
    { id: "subscribe", label: turn.t("subscribe.offerChoice") },
  ];
  return { kind: "opportunities", replies: [{ text: lines.join("\n"), choices }], next: idleKeeping(turn.state) };
}

/** "có việc làm nào ở Rạch Giá không", /cohoi, or "Xem thêm": the current matching opportunities. */
export async function listOpportunities(
  deps: OpportunityChatDeps,
  turn: Turn,
  text: string,
  more?: { offset: number; kinds: string[]; placeKey: string },
): Promise<Outcome> {
  const idle = idleKeeping(turn.state);
  const [places, known] = await Promise.all([currentPlaces(deps.db, turn.now), loadKnownPlaces(deps.db.prisma, turn.now)]);
  // Registered communes with no opportunity of their own name are recognised too, so that
  // "việc làm ở xã Tân Lập" says there is none there instead of listing the whole province.
  const communes = known.places.filter((k) => k.registered && !places.some((p) => barePlaceKey(p.placeKey) === k.bare)).map((k) => ({ placeKey: k.key }));
  let ask: OpportunityAsk = more
    ? { kinds: more.kinds.filter((k): k is OpportunityKind => (OPPORTUNITY_KINDS as readonly string[]).includes(k)), ...(more.placeKey ? { placeKey: more.placeKey } : {}) }
    : readOpportunityAsk(text, [...places, ...communes]);
  const unknownPlace = ask.unknownPlace;
  const resolved = unknownPlace ? resolvePlace(known, unknownPlace) : undefined;
  // "ở P. Rạch Giá": not written as any place is, but a place we know.
  if (resolved && "place" in resolved) ask = { kinds: ask.kinds, placeKey: filterKeyOf(places, resolved.place) };
  const offset = more?.offset ?? 0;
  const filter: OpportunityFilter = { kinds: ask.kinds, placeKey: ask.placeKey };
  const placeName = ask.placeKey ? (places.find((p) => p.placeKey === ask.placeKey)?.place ?? known.places.find((p) => p.key === ask.placeKey)?.name ?? ask.placeKey) : ask.unknownPlace;
  const looked = filterWords(turn, ask.kinds, placeName);
  if (ask.unknownPlace) {
    const suggestions = resolved && !("place" in resolved) ? resolved.suggestions.map((name) => ({ name, key: filterKeyOf(places, name) })) : [];
    return nothingThere(deps, turn, { kinds: ask.kinds, looked, unknown: { place: ask.unknownPlace, known, suggestions } });
  }
  const { rows, total } = await listCurrentOpportunities(deps.db, turn.now, filter, { skip: offset, take: OPPORTUNITIES_PER_REPLY });
  if (rows.length === 0 && ask.placeKey && ask.placeKey !== ONLINE) return nothingThere(deps, turn, { kinds: ask.kinds, looked });
  if (rows.length === 0) {
    const none = turn.t("opportunities.none", { what: looked ? ` (${looked})` : "", link: pageLink(deps, {}) });
    return {
      kind: "opportunities",
      replies: [{ text: `${none}\n${turn.t("subscribe.offer")}`, choices: [{ id: "subscribe", label: turn.t("subscribe.offerChoice") }] }],
      next: idle,
    };
  }
  const lines = rows.map((o, i) => {
    const when = o.deadline ? turn.t("opportunities.deadline", { date: formatVietnamDate(o.deadline) }) : o.startsAt ? turn.t("opportunities.startsAt", { date: formatVietnamDate(o.startsAt) }) : "";
    return turn.t("opportunities.item", { n: offset + i + 1, title: o.title, organiser: o.organiser, place: o.place, when, link: o.link ? ` ${o.link}` : "" });
  });
  const shownTo = offset + rows.length;
  const head = turn.t("opportunities.list", { what: looked ? ` (${looked})` : "", from: offset + 1, to: shownTo, total });
  const choices: Choice[] = [];
  if (shownTo < total) {
    const id = `opp:${shownTo}:${ask.kinds.join(",")}:${(ask.placeKey ?? "").slice(0, 40)}`;
    choices.push({ id, label: turn.t("opportunities.more") });
  }
  const tail = turn.t("opportunities.page", { link: pageLink(deps, filter) });
  return { kind: "opportunities", replies: [{ text: `${head}\n${lines.join("\n")}\n${tail}`, ...(choices.length ? { choices } : {}) }], next: idle };
}

