// The vocabulary of an opportunity: its kinds, where it came from, and the status it is in at an
// instant, derived from its dates. "Expires by itself": `expiresAt` is the earliest of the deadline
// and the end (an event without an end ends with its start day), and nothing at or past it is ever
// shown. One place, so the chat, the console, the public page and the API agree at the same instant.
import { vietnamDay, vietnamDayEnd } from "../vietnam-time.ts";

export const OPPORTUNITY_KINDS = ["job", "job_fair", "course", "startup_call", "volunteering", "event"] as const;
export type OpportunityKind = (typeof OPPORTUNITY_KINDS)[number];

export const OPPORTUNITY_SOURCES = ["manual", "csv", "feed"] as const;
export type OpportunitySource = (typeof OPPORTUNITY_SOURCES)[number];

export const OPPORTUNITY_STATUSES = ["upcoming", "open", "closed", "expired"] as const;
export type OpportunityStatus = (typeof OPPORTUNITY_STATUSES)[number];

/** The place of an opportunity that happens on the internet. */
export const ONLINE = "online";

export interface OpportunityDates {
  startsAt: Date | null;
  endsAt: Date | null;
  deadline: Date | null;
}

/**
 * When it stops being current: the end when it has one, else the end of the start day (23:59:59.999
 * of its Vietnam day, the same instant "until" days end at).
 */
export function endOf(dates: OpportunityDates): Date | null {
  return dates.endsAt ?? (dates.startsAt ? vietnamDayEnd(vietnamDay(dates.startsAt)) : null);
}

/** The earliest of the deadline and the end; null only when there is no date at all (refused on input). */
export function expiresAtOf(dates: OpportunityDates): Date | null {
  const times = [dates.deadline, endOf(dates)].filter((d): d is Date => d !== null).map((d) => d.getTime());
  return times.length ? new Date(Math.min(...times)) : null;
}

/**
 * upcoming (registration open, not started) → open (started, or no start date, and not past the
 * deadline or end) → closed (the deadline passed but the event has not ended: no longer shown) →
 * expired (ended). `from` is inclusive, the deadline and the end exclusive.
 */
export function opportunityStatus(o: OpportunityDates & { expiresAt: Date }, now: Date): OpportunityStatus {
  const t = now.getTime();
  if (t >= o.expiresAt.getTime()) {
    const end = endOf(o);
    return end && t < end.getTime() ? "closed" : "expired";
  }
  return o.startsAt && t < o.startsAt.getTime() ? "upcoming" : "open";
}

/** Whether the public (chat, page, API) may see it at `now`. */
export function isCurrent(o: { expiresAt: Date; withdrawnAt: Date | null }, now: Date): boolean {
  return !o.withdrawnAt && now.getTime() < o.expiresAt.getTime();
}
