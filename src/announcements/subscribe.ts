// Use case: a person subscribes to news of opportunities (from the chat's /dangky), or changes
// what they chose: the kinds (none: every kind), the area (a commune or ward; empty: the whole
// province) and the cadence. Checks what the chat collected and saves it; the caller records the
// consent to receive messages and turns the stop switch off in the same transaction. The area must
// be a place we know (known-places.ts), stored under its known name; it is checked again here, in
// the transaction, because the chat's answer may be a day old.
import type { Prisma } from "../db/client.ts";
import { AppError } from "../errors.ts";
import { knownArea } from "./known-places.ts";
import { placeKeyOf } from "./opportunity-input.ts";
import { OPPORTUNITY_KINDS } from "./opportunity-status.ts";
import { saveSubscription } from "./subscription-store.ts";
import { CADENCES, type Cadence } from "./subscription-terms.ts";

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
  const area = await knownArea(tx, { area: s.area, now: s.now, field: "area" });
  // Every kind chosen is the same as none: new kinds are included too.
  const stored = kinds.length === OPPORTUNITY_KINDS.length ? [] : kinds;
  await saveSubscription(tx, { userId: s.userId, kinds: stored, area, areaKey: area ? placeKeyOf(area) : "", cadence: s.cadence as Cadence, now: s.now });
}
