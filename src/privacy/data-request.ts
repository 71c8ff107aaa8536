// The vocabulary of a DataRequest (a person's request about their own data that needs staff) and
// its legal deadline: Decree 356/2025/NĐ-CP gives the controller 2 working days from receipt to
// respond. Working days skip Saturdays and Sundays; public holidays are NOT modelled (Tết and other
// holidays move the real deadline later, so the date shown is never later than the legal one).
import { addVietnamDays, vietnamDay, vietnamDayEnd, weekdayOf } from "../vietnam-time.ts";

export const DATA_REQUEST_KINDS = ["access", "rectify", "withdraw", "restrict", "object", "erase", "other"] as const;
export type DataRequestKind = (typeof DATA_REQUEST_KINDS)[number];
export const DATA_REQUEST_STATUSES = ["open", "closed"] as const;
export type DataRequestStatus = (typeof DATA_REQUEST_STATUSES)[number];

/** Working days allowed to respond (Decree 356/2025/NĐ-CP, as recorded in the knowledge base). */
export const RESPONSE_WORKING_DAYS = 2;
export const MIN_REQUEST_TEXT = 5;
export const MAX_REQUEST_TEXT = 2000;

/**
 * The end (23:59:59.999, Vietnam time) of the `days`-th working day after the day of receipt:
 * received on a Friday (or over the weekend) → due at the end of Tuesday.
 */
export function responseDueAt(receivedAt: Date, days = RESPONSE_WORKING_DAYS): Date {
  let day = vietnamDay(receivedAt);
  let counted = 0;
  while (counted < days) {
    day = addVietnamDays(day, 1);
    const weekday = weekdayOf(day);
    if (weekday !== 0 && weekday !== 6) counted++;
  }
  return vietnamDayEnd(day);
}

export function isOverdue(request: { status: string; dueAt: Date }, now: Date): boolean {
  return request.status === "open" && request.dueAt.getTime() < now.getTime();
}

