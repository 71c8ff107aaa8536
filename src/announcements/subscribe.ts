// Use case: a person subscribes to news of opportunities (from the chat's /dangky), or changes
// what they chose: the kinds (none: every kind), the area (a commune or ward as written; empty:
// the whole province) and the cadence. Checks what the chat collected and saves it; the caller
// records the consent to receive messages and turns the stop switch off in the same transaction.
import type { Prisma } from "../db/client.ts";
import { AppError } from "../errors.ts";
import { placeKeyOf } from "./opportunity-input.ts";
import { OPPORTUNITY_KINDS } from "./opportunity-status.ts";
import { saveSubscription } from "./subscription-store.ts";
import { CADENCES, type Cadence } from "./subscription-terms.ts";

/** "Phường Rạch Giá", "xã Hòn Đất": a place name, not a sentence or a number. */
export function isPlaceName(text: string): boolean {
  const t = text.trim();
  return t.length >= 2 && t.length <= 60 && /\p{L}/u.test(t) && !/\d/.test(t) && t.split(/\s+/).length <= 6 && !/[?!@/:]/.test(t);
}

export async function subscribe(
  tx: Prisma.TransactionClient,
  s: { userId: string; kinds: readonly string[]; area: string; cadence: string; now: Date },
): Promise<void> {
  const kinds = [...new Set(s.kinds)];
  if (kinds.some((k) => !(OPPORTUNITY_KINDS as readonly string[]).includes(k))) {
    throw new AppError("bad_request", { message: `subscribe: unknown kind in ${kinds.join(",")}`, detail: { field: "kinds", reason: "invalid" } });
  }
  if (!(CADENCES as readonly string[]).includes(s.cadence)) {
    throw new AppError("bad_request", { message: `subscribe: unknown cadence ${s.cadence}`, detail: { field: "cadence", reason: "invalid" } });
  }
  const area = s.area.trim();
  if (area && !isPlaceName(area)) throw new AppError("bad_request", { message: "subscribe: the area is not a place name", detail: { field: "area", reason: "invalid" } });
  // Every kind chosen is the same as none: new kinds are included too.
  const stored = kinds.length === OPPORTUNITY_KINDS.length ? [] : kinds;
  await saveSubscription(tx, { userId: s.userId, kinds: stored, area, areaKey: area ? placeKeyOf(area) : "", cadence: s.cadence as Cadence, now: s.now });
}
