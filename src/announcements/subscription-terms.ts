// What a subscription is made of and how it matches an opportunity: the kinds (empty: every kind),
// the area (a commune or ward folded like Opportunity.placeKey; empty: the whole province) and the
// cadence. "Rạch Giá" matches "Phường Rạch Giá" (the administrative prefix is not needed), and an
// online opportunity reaches every area.
import { withoutLevel } from "./opportunity-input.ts";
import { ONLINE, OPPORTUNITY_KINDS, type OpportunityKind } from "./opportunity-status.ts";

export const CADENCES = ["immediate", "weekly"] as const;
export type Cadence = (typeof CADENCES)[number];

/** The consent a person gives to receive messages they did not ask for (Consent.purpose). */
export const MESSAGES_CONSENT = "messages";
/** The version of the subscription's consent wording (prompts: subscribe.confirm), kept with the consent. */
export const MESSAGES_CONSENT_VERSION = "messages-1";


export interface SubscriptionTerms {
  kinds: OpportunityKind[];
  areaKey: string;
}

export function readKinds(stored: string): OpportunityKind[] {
  return stored
    .split(",")
    .filter((k): k is OpportunityKind => (OPPORTUNITY_KINDS as readonly string[]).includes(k));
}

/** Whether an area (folded; empty: the whole province) covers an opportunity's place. */
export function areaCovers(areaKey: string, placeKey: string): boolean {
  return !areaKey || placeKey === ONLINE || withoutLevel(areaKey) === withoutLevel(placeKey);
}

export function subscriptionMatches(terms: SubscriptionTerms, o: { kind: string; placeKey: string }): boolean {
  return (terms.kinds.length === 0 || (terms.kinds as string[]).includes(o.kind)) && areaCovers(terms.areaKey, o.placeKey);
}
