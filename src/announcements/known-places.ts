// Which places the service knows, and what a typed place name resolves to. Since 1/7/2025 the
// district level is gone: communes, wards and special zones (xã, phường, đặc khu) are the local
// level. We do not hold the province's official list and never make one up: the places known are
// the communes and wards administrators registered in the console (departments of kind "commune",
// named "UBND phường Rạch Giá") plus the places current opportunities name. Until a commune is
// registered, any well-formed place name is accepted as it was typed (`anyPlace`), since a refusal
// would then rest on nothing. Subscriptions (subscribe.ts), broadcast segments (send-broadcast.ts)
// and the chat's "có việc làm nào ở …" (conversation/opportunities.ts) all ask here.
import type { Prisma, PrismaClient } from "../db/client.ts";
import { AppError } from "../errors.ts";
import { placeKeyOf, withoutLevel } from "./opportunity-input.ts";
import { ONLINE } from "./opportunity-status.ts";

/** A place we know: its name as shown and stored, its folded key (placeKeyOf), and that key without "xã"/"phường". */
export interface KnownPlace {
  name: string;
  key: string;
  bare: string;
  /** Registered as a commune or ward in the console (not only named by an opportunity). */
  registered: boolean;
}

export interface KnownPlaces {
  /** Whether any commune or ward is registered; when none is, any well-formed name is accepted. */
  registered: boolean;
  places: KnownPlace[];
  /** The places of current opportunities as stored (their own keys, online included): what the chat filters by. */
  opportunityPlaces: { place: string; placeKey: string }[];
}

/**
 * What a typed place is: a known place; an unknown one, with up to three close names; or, with no
 * commune registered, anything goes (the close names of current opportunities still come along,
 * for a reply that wants them).
 */
export type PlaceResolution = { place: string; key: string } | { unknown: string; suggestions: string[] } | { anyPlace: true; suggestions: string[] };

/** At most this many names are offered for a place we do not know: enough to choose from on a phone. */
export const MAX_SUGGESTIONS = 3;

// Department.kind of a commune or ward committee (proposals/save-department.ts DEPARTMENT_KINDS);
// spelled out, since Announcements reads the Department table but does not depend on Proposals.
const COMMUNE_KIND = "commune";
const COMMITTEE = /^(ubnd|uy ban nhan dan) /;
/** Words around a place typed in a sentence: "em ở phường Rạch Giá ạ". */
const LEADING = /^((em|minh|toi|to) )?(song )?(o|tai|khu vuc|dia ban) /;
const TRAILING = / (a|nhe|nha|nhen|oi|ah|ha)$/;

/** Short enough, with a letter, not a sentence: worth looking up ("Phường 1" may be a registered ward). */
export function looksLikePlace(text: string): boolean {
  const t = text.trim();
  return t.length >= 2 && t.length <= 60 && /\p{L}/u.test(t) && t.split(/\s+/).length <= 6 && !/[?!@/:]/.test(t);
}

/** "Phường Rạch Giá", "xã Hòn Đất": a place name, not a sentence or a number; what is accepted unlooked-up. */
export function isPlaceName(text: string): boolean {
  return looksLikePlace(text) && !/\d/.test(text);
}

/** "phuong rach gia" → "rach gia", "ubnd xa tan lap" → "tan lap": a folded place without its level. */
export function barePlaceKey(key: string): string {
  return withoutLevel(key.replace(COMMITTEE, ""));
}

/** "UBND phường Rạch Giá" → "Phường Rạch Giá": the place a commune's committee serves, as written. */
function communeName(departmentName: string): string {
  const words = departmentName.trim().split(/\s+/);
  const folded = words.map((w) => placeKeyOf(w));
  const skip = folded[0] === "ubnd" ? 1 : folded.slice(0, 4).join(" ") === "uy ban nhan dan" ? 4 : 0;
  const name = words.slice(skip).join(" ") || departmentName.trim();
  return name.charAt(0).toLocaleUpperCase("vi") + name.slice(1);
}

/** The places we know at `now`: the registered communes and wards first, then the places of current opportunities. */
export async function loadKnownPlaces(
  prisma: Prisma.TransactionClient | PrismaClient,
  now: Date,
  opts: { subscriberAreas?: boolean } = {},
): Promise<KnownPlaces> {
  const [communes, named, chosen] = await Promise.all([
    prisma.department.findMany({ where: { kind: COMMUNE_KIND }, select: { name: true }, orderBy: { name: "asc" } }),
    // The places of current opportunities, as find-opportunities.ts currentPlaces reads them for a Db.
    prisma.opportunity.findMany({ where: { withdrawnAt: null, expiresAt: { gt: now } }, distinct: ["placeKey"], select: { place: true, placeKey: true }, orderBy: { placeKey: "asc" } }),
    // For a broadcast: the areas subscribers chose, some before any commune was registered, so a
    // segment can still reach the people who chose "Hòn Đất" while anything was accepted.
    opts.subscriberAreas
      ? prisma.subscription.findMany({ where: { area: { not: "" } }, distinct: ["areaKey"], select: { area: true }, orderBy: { areaKey: "asc" } })
      : Promise.resolve([] as { area: string }[]),
  ]);
  const places: KnownPlace[] = [];
  const seen = new Set<string>();
  const add = (name: string, registered: boolean) => {
    const key = placeKeyOf(name);
    const bare = barePlaceKey(key);
    // "Rạch Giá" on an opportunity and the registered "Phường Rạch Giá" are one place: the registered name wins.
    if (!bare || key === ONLINE || seen.has(key) || (!registered && places.some((p) => p.bare === bare))) return;
    seen.add(key);
    places.push({ name, key, bare, registered });
  };
  for (const c of communes) add(communeName(c.name), true);
  for (const p of named) add(p.place.trim(), false);
  for (const c of chosen) add(c.area.trim(), false);
  return { registered: communes.length > 0, places, opportunityPlaces: named };
}

/** Optimal string alignment distance: a typo, a missing or doubled letter, two letters swapped each count one. */
function typoDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/** How many typos a name of this length may carry and still be offered: 1 up to 4 letters, 2 up to 8, then 3. */
const typoAllowance = (length: number) => (length <= 4 ? 1 : length <= 8 ? 2 : 3);

/** The known names closest to a folded bare key: a few typos away, or sharing all the words of one or the other. */
function suggestionsFor(places: readonly KnownPlace[], bare: string): string[] {
  const typed = bare.split(" ");
  return places
    .map((p) => {
      const words = p.bare.split(" ");
      const distance = typoDistance(bare, p.bare);
      const close = distance <= typoAllowance(Math.max(bare.length, p.bare.length));
      // "Rạch" → "Rạch Giá"; "Rạch Giá mới" → "Rạch Giá".
      const shared = typed.every((w) => words.includes(w)) || words.every((w) => typed.includes(w));
      return { name: p.name, distance, ok: close || shared };
    })
    .filter((s) => s.ok)
    .sort((a, b) => a.distance - b.distance || a.name.localeCompare(b.name, "vi"))
    .slice(0, MAX_SUGGESTIONS)
    .map((s) => s.name);
}

/**
 * What a typed place is among the places we know. "rach gia", "P. Rạch Giá" and "phường Rạch Giá"
 * are the known "Phường Rạch Giá"; a typo ("xa Tan Lapp") is unknown with the close names; with
 * no commune registered anything is accepted, except that a name we know still comes back as known.
 * Whether an unknown name is well formed (isPlaceName) is the caller's to check.
 * @example resolvePlace(known, "Rach Gia") // { place: "Phường Rạch Giá", key: "phuong rach gia" }
 */
export function resolvePlace(known: KnownPlaces, text: string): PlaceResolution {
  const typed = text.trim();
  const folded = placeKeyOf(typed).replace(/^p /, "phuong ").replace(/^x /, "xa ");
  // As typed first ("Ô Môn" is a ward), then without the words before it ("ở xã Thanh Hà"), then
  // without the tone words after it too ("ở Ô Môn ạ"): "Hà" and "A" end real place names.
  let key = folded;
  let same = known.places.filter((p) => p.bare === barePlaceKey(folded));
  const tries = [folded.replace(LEADING, "")];
  // One tone word at a time: "thanh ha a" → "thanh ha" (Thanh Hà) before "thanh".
  while (TRAILING.test(tries.at(-1)!)) tries.push(tries.at(-1)!.replace(TRAILING, ""));
  for (const stripped of tries) {
    if (same.length > 0 || stripped === key || !stripped) continue;
    key = stripped;
    same = known.places.filter((p) => p.bare === barePlaceKey(stripped));
  }
  const bare = barePlaceKey(key);
  // "xã Tân Lập" and "phường Tân Lập" both registered: the level typed decides; without one, ask.
  const exact = same.length > 1 ? same.filter((p) => p.key === key) : same;
  if (bare && exact.length === 1) return { place: exact[0]!.name, key: exact[0]!.key };
  const suggestions = same.length > 1 ? same.slice(0, MAX_SUGGESTIONS).map((p) => p.name) : bare ? suggestionsFor(known.places, bare) : [];
  return known.registered ? { unknown: typed, suggestions } : { anyPlace: true, suggestions };
}

/**
 * An area as stored: empty (the whole province), a known place's name, or, while no commune is
 * registered, the name as typed. Throws bad_request naming `field` — reason "invalid" for what is
 * not a place name, "unknownPlace" with `suggestions` for a place we do not know — before anything
 * is written. Subscriptions check "area", broadcasts "segment.area".
 */
export async function knownArea(
  prisma: Prisma.TransactionClient | PrismaClient,
  opts: { area: string; now: Date; field: string; subscriberAreas?: boolean },
): Promise<string> {
  const area = opts.area.trim();
  if (!area) return "";
  const detail = { field: opts.field.split(".")[0]!, path: opts.field };
  const invalid = () => new AppError("bad_request", { message: `${opts.field}: not a place name`, detail: { ...detail, reason: "invalid" } });
  if (!looksLikePlace(area)) throw invalid();
  const resolved = resolvePlace(await loadKnownPlaces(prisma, opts.now, { subscriberAreas: opts.subscriberAreas ?? false }), area);
  if ("place" in resolved) return resolved.place;
  if (!isPlaceName(area)) throw invalid();
  if ("anyPlace" in resolved) return area;
  throw new AppError("bad_request", {
    message: `${opts.field}: "${area.slice(0, 60)}" is not a known commune or ward`,
    detail: { ...detail, reason: "unknownPlace", suggestions: resolved.suggestions },
  });
}
