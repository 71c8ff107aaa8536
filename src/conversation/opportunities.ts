// The chat side of opportunities (src/announcements/): "có việc làm nào ở Rạch Giá không",
// "khóa học nghề miễn phí cho bộ đội xuất ngũ", "có cuộc thi khởi nghiệp nào không" or /cohoi list
// the current ones, at most five, one short line each, filtered by the kind the words name and by a
// place the current opportunities name or a commune registered in the console; "Xem thêm" pages on
// with the same filter. Nothing matching: say so, with the public page to look at and the offer to
// subscribe (/dangky) to new ones. A place named ("ở Hà Tiên") is never dropped to list everywhere
// else: with nothing there the reply says so, and a place we do not know (announcements/known-places.ts)
// is named back as such, with the close names we know, the whole province's list and /dangky as choices.
// Who the asker is ("cho bộ đội xuất ngũ", "em 17 tuổi": announcements/audience-words.ts) narrows the
// list too: those meant for them first, then those open to everyone; the reply always names that
// filter, and when it leaves nothing of what the kind and place match, says so and offers that list.
import { AGE_MAX, AGE_MIN, AUDIENCE_GROUPS, AUDIENCE_TOPIC, audienceIn, namesAudience, type AudienceGroup } from "../announcements/audience-words.ts";
import { kindsIn } from "../announcements/kind-words.ts";
import { countCurrentOpportunities, listCurrentOpportunities, type OpportunityFilter } from "../announcements/find-opportunities.ts";
import { barePlaceKey, loadKnownPlaces, resolvePlace, type KnownPlaces } from "../announcements/known-places.ts";
import { placeKeyOf, withoutLevel } from "../announcements/opportunity-input.ts";
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
/** Words after "ở"/"tại" that end the place: "ở Rạch Giá không". */
const PLACE_END = new Set(["khong", "ko", "k", "nao", "a", "nhe", "nha", "ha", "vay", "z", "khong a", "ad", "ban", "voi", "cho", "de", "ma", "thi"]);

export interface OpportunityAsk {
  kinds: OpportunityKind[];
  placeKey?: string;
  /** A place named after "ở"/"tại" that no current opportunity has, as the person wrote it. */
  unknownPlace?: string;
  /** The asker's age ("em 17 tuổi"). */
  age?: number;
  /** Who they are or ask for ("cho bộ đội xuất ngũ"). */
  group?: AudienceGroup;
}

/** What a "Xem thêm" or place choice carries back (intent.ts reads it from the choice id). */
export interface OpportunityMore {
  offset: number;
  kinds: string[];
  placeKey: string;
  age?: number | undefined;
  group?: string | undefined;
}

/** Telegram's limit for a button's callback data, in bytes. */
const CHOICE_ID_BYTES = 64;

/**
 * "opp:5:job:phuong rach gia:17.veteran": the offset and the filter a choice carries, at most 64
 * bytes. A long place is cut to fit (the offset, kinds and audience never are); listOpportunities
 * takes a cut place back as the place it begins.
 */
export function opportunityChoiceId(offset: number, ask: { kinds: readonly string[]; placeKey?: string | undefined; age?: number | undefined; group?: string | undefined }): string {
  const audience = ask.age !== undefined || ask.group ? `:${ask.age ?? ""}.${ask.group ?? ""}` : "";
  const head = `opp:${offset}:${ask.kinds.join(",")}:`;
  const room = Math.max(0, Math.min(40, CHOICE_ID_BYTES - head.length - audience.length));
  return `${head}${(ask.placeKey ?? "").slice(0, room).trimEnd()}${audience}`;
}

/** What the words ask for: the kinds they name and the place, among the places current opportunities name. */
export function readOpportunityAsk(text: string, places: readonly { placeKey: string }[]): OpportunityAsk {
  const folded = foldForIntent(text);
  const base: OpportunityAsk = { kinds: kindsIn(folded), ...audienceIn(folded) };
  const padded = ` ${folded} `;
  if (/ (online|truc tuyen) /.test(padded)) return { ...base, placeKey: ONLINE };
  // A place without its level ("Rạch Giá" for "Phường Rạch Giá") counts anywhere in the message only
  // when it is two words or more and no number: "Phường 3" alone is "3" in "khóa học 3 tháng", and
  // "Xã Hòa" alone is in "Hòa Bình". Such a short name counts after "ở"/"tại" or with its level.
  const candidates = places
    .filter((p) => p.placeKey !== ONLINE)
    .flatMap((p) => {
      const bare = withoutLevel(p.placeKey);
      const distinctive = bare.split(" ").length >= 2 && !/\d/.test(bare);
      return [p.placeKey, ...(distinctive ? [bare] : [`o ${bare}`, `tai ${bare}`])].map((key) => ({ key, placeKey: p.placeKey }));
    })
    .sort((a, b) => b.key.length - a.key.length);
  // A short name after "ở" must end there ("ở Hòa không", not "ở Hòa Bình").
  const endsThere = (key: string) => {
    const at = padded.indexOf(` ${key} `);
    if (at < 0) return false;
    if (!/^(o|tai) /.test(key)) return true;
    const next = padded.slice(at + key.length + 2).trim().split(" ")[0] ?? "";
    return next === "" || PLACE_END.has(next);
  };
  const hit = candidates.find((c) => c.key.trim() && endsThere(c.key));
  if (hit) return { ...base, placeKey: hit.placeKey };
  // "ở Hà Tiên" with no opportunity there: say so rather than list everywhere else.
  const tokens = text.trim().split(/\s+/);
  const foldedTokens = tokens.map((w) => foldForIntent(w));
  const at = foldedTokens.findIndex((w) => w === "o" || w === "tai");
  if (at >= 0) {
    const words: string[] = [];
    // A place's first word may look like a particle ("Hà Tiên"); only "đâu", "không", "nào" end it there.
    const ends = (w: string, first: boolean) => (first ? /^(dau|khong|ko|k|nao|)$/.test(w) : PLACE_END.has(w));
    for (let i = at + 1; i < tokens.length && words.length < 4 && !ends(foldedTokens[i]!, words.length === 0); i++) words.push(tokens[i]!.replace(/[?!.,;:]+$/, ""));
    // "ở nông thôn", "làm việc ở nước ngoài": who the asker is, not a place.
    if (words.length && !namesAudience(foldForIntent(`o ${words.join(" ")}`))) return { ...base, unknownPlace: words.join(" ") };
  }
  return base;
}

const pageLink = (deps: OpportunityChatDeps, filter: OpportunityFilter) => {
  const params = new URLSearchParams();
  if (filter.kinds?.length === 1) params.set("kind", filter.kinds[0]!);
  if (filter.placeKey) params.set("place", filter.placeKey);
  if (filter.age !== undefined) params.set("age", String(filter.age));
  if (filter.audience) params.set("audience", filter.audience);
  const query = params.toString();
  return `${(deps.publicBaseUrl ?? "").replace(/\/+$/, "")}/co-hoi${query ? `?${query}` : ""}`;
};

/**
 * "việc làm, khóa học ở Phường Rạch Giá, cho bộ đội xuất ngũ, phù hợp tuổi 17": what was looked for,
 * for the reply's first line; an audience filter is always named, never applied silently.
 */
function filterWords(turn: Turn, kinds: readonly string[], place: string | undefined, audience: { age?: number | undefined; group?: AudienceGroup | undefined } = {}): string {
  const kindText = kinds.map((k) => turn.t(`opportunities.kinds.${k}`)).join(", ");
  const what = [kindText, place ? turn.t("opportunities.at", { place }) : ""].filter(Boolean).join(" ");
  return [what, ...audienceWords(turn, audience)].filter(Boolean).join(", ");
}

function audienceWords(turn: Turn, audience: { age?: number | undefined; group?: AudienceGroup | undefined }): string[] {
  return [
    audience.group ? turn.t("opportunities.forGroup", { group: turn.t(`opportunities.audiences.${audience.group}`) }) : "",
    audience.age !== undefined ? turn.t("opportunities.forAge", { age: audience.age }) : "",
  ].filter(Boolean);
}

/** The key to filter by for a known place: an opportunity's own key when one names it ("Rạch Giá" for "Phường Rạch Giá"). */
function filterKeyOf(places: readonly { placeKey: string }[], name: string): string {
  const key = placeKeyOf(name);
  return places.find((p) => p.placeKey === key)?.placeKey ?? places.find((p) => barePlaceKey(p.placeKey) === barePlaceKey(key))?.placeKey ?? key;
}

/** "Có việc làm nào ở …" with nothing there: say so and offer the close names we know, the whole province and /dangky. */
function nothingThere(
  deps: OpportunityChatDeps,
  turn: Turn,
  opts: { kinds: readonly string[]; looked: string; age?: number | undefined; group?: AudienceGroup | undefined; unknown?: { place: string; known: KnownPlaces; suggestions: { name: string; key: string }[] } },
): Outcome {
  const { unknown } = opts;
  const lines = unknown?.known.registered
    ? [turn.t("opportunities.unknownPlace", { place: unknown.place.slice(0, 60) })]
    : [turn.t("opportunities.none", { what: opts.looked ? ` (${opts.looked})` : "", link: pageLink(deps, {}) })];
  if (unknown?.suggestions.length) lines.push(turn.t("opportunities.didYouMean"));
  lines.push(turn.t(unknown?.known.registered ? "opportunities.elsewhere" : "subscribe.offer"));
  // Another place or the whole province keeps who the person is: the audience goes with the choice.
  const ask = { kinds: opts.kinds, age: opts.age, group: opts.group };
  const choices: Choice[] = [
    ...(unknown?.suggestions ?? []).map((s) => ({ id: opportunityChoiceId(0, { ...ask, placeKey: s.key }), label: s.name })),
    { id: opportunityChoiceId(0, ask), label: turn.t("opportunities.wholeProvince") },
    { id: "subscribe", label: turn.t("subscribe.offerChoice") },
  ];
  return { kind: "opportunities", replies: [{ text: lines.join("\n"), choices }], next: idleKeeping(turn.state) };
}

/** "có việc làm nào ở Rạch Giá không", /cohoi, or "Xem thêm": the current matching opportunities. */
export async function listOpportunities(
  deps: OpportunityChatDeps,
  turn: Turn,
  text: string,
  more?: OpportunityMore,
): Promise<Outcome> {
  const idle = idleKeeping(turn.state);
  const known = await loadKnownPlaces(deps.db.prisma, turn.now);
  const places = known.opportunityPlaces;
  // Registered communes with no opportunity of their own name are recognised too, so that
  // "việc làm ở xã Tân Lập" says there is none there instead of listing the whole province.
  const communes = known.places.filter((k) => k.registered && !places.some((p) => barePlaceKey(p.placeKey) === k.bare)).map((k) => ({ placeKey: k.key }));
  let ask: OpportunityAsk = more ? askOfChoice(more, [...places, ...communes]) : readOpportunityAsk(text, [...places, ...communes]);
  const unknownPlace = ask.unknownPlace;
  const resolved = unknownPlace ? resolvePlace(known, unknownPlace) : undefined;
  // "ở P. Rạch Giá": not written as any place is, but a place we know.
  if (resolved && "place" in resolved) ask = { kinds: ask.kinds, placeKey: filterKeyOf(places, resolved.place), age: ask.age, group: ask.group };
  const offset = more?.offset ?? 0;
  const audience = { age: ask.age, group: ask.group };
  const filter: OpportunityFilter = { kinds: ask.kinds, placeKey: ask.placeKey, age: ask.age, audience: ask.group ? AUDIENCE_TOPIC[ask.group] : undefined };
  const placeName = ask.placeKey ? (places.find((p) => p.placeKey === ask.placeKey)?.place ?? known.places.find((p) => p.key === ask.placeKey)?.name ?? ask.placeKey) : ask.unknownPlace;
  const looked = filterWords(turn, ask.kinds, placeName, audience);
  if (ask.unknownPlace) {
    const suggestions = resolved && !("place" in resolved) ? resolved.suggestions.map((name) => ({ name, key: filterKeyOf(places, name) })) : [];
    return nothingThere(deps, turn, { kinds: ask.kinds, looked, ...audience, unknown: { place: ask.unknownPlace, known, suggestions } });
  }
  const { rows, total } = await listCurrentOpportunities(deps.db, turn.now, filter, { skip: offset, take: OPPORTUNITIES_PER_REPLY });
  const byAudience = filter.age !== undefined || filter.audience !== undefined;
  if (rows.length === 0 && offset === 0 && byAudience) {
    // Nothing for this person, though the kind and place match some: say so, and offer those.
    const others = await countCurrentOpportunities(deps.db, turn.now, { kinds: ask.kinds, placeKey: ask.placeKey });
    if (others > 0) return nothingForThem(turn, { ask, looked, others, unfiltered: filterWords(turn, ask.kinds, placeName) });
  }
  if (rows.length === 0 && ask.placeKey && ask.placeKey !== ONLINE) return nothingThere(deps, turn, { kinds: ask.kinds, looked, ...audience });
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
  const order = byAudience ? [turn.t("opportunities.audienceOrder")] : [];
  const choices: Choice[] = [];
  if (shownTo < total) choices.push({ id: opportunityChoiceId(shownTo, ask), label: turn.t("opportunities.more") });
  const tail = turn.t("opportunities.page", { link: pageLink(deps, filter) });
  return { kind: "opportunities", replies: [{ text: [head, ...order, ...lines, tail].join("\n"), ...(choices.length ? { choices } : {}) }], next: idle };
}

/** The filter a choice carried, checked again: an unknown kind or group, an age out of range is dropped. */
function askOfChoice(more: OpportunityMore, places: readonly { placeKey: string }[]): OpportunityAsk {
  const kinds = more.kinds.filter((k): k is OpportunityKind => (OPPORTUNITY_KINDS as readonly string[]).includes(k));
  // A place cut to fit the 64 bytes is the place whose key it begins.
  const placeKey = !more.placeKey || places.some((p) => p.placeKey === more.placeKey) ? more.placeKey : (places.find((p) => p.placeKey.startsWith(more.placeKey))?.placeKey ?? more.placeKey);
  const group = AUDIENCE_GROUPS.find((g) => g === more.group);
  const age = more.age !== undefined && more.age >= AGE_MIN && more.age <= AGE_MAX ? more.age : undefined;
  return { kinds, ...(placeKey ? { placeKey } : {}), ...(age !== undefined ? { age } : {}), ...(group ? { group } : {}) };
}

/** Nothing fits the person's age or group, though `others` fit the kind and place: say so and offer them, never show them unasked. */
function nothingForThem(turn: Turn, opts: { ask: OpportunityAsk; looked: string; others: number; unfiltered: string }): Outcome {
  const text = turn.t("opportunities.noneForThem", { what: ` (${opts.looked})`, count: opts.others, other: opts.unfiltered ? ` (${opts.unfiltered})` : "" });
  const choices: Choice[] = [
    { id: opportunityChoiceId(0, { kinds: opts.ask.kinds, placeKey: opts.ask.placeKey }), label: turn.t("opportunities.withoutAudience", { count: opts.others }) },
    { id: "subscribe", label: turn.t("subscribe.offerChoice") },
  ];
  return { kind: "opportunities", replies: [{ text: `${text}\n${turn.t("subscribe.offer")}`, choices }], next: idleKeeping(turn.state) };
}

