// Quiet hours: from 21:00 to 07:00 Vietnam time the service sends nothing a person did not ask for
// (opportunity notices, weekly digests, broadcasts). A notice that falls due then waits until 07:00;
// replies to the person's own messages are never held back. The clock read is Vietnam's (src/vietnam-time.ts).
import { addVietnamDays, vietnamDay, vietnamHour, vietnamTimeOn } from "../vietnam-time.ts";

export const QUIET_FROM_HOUR = 21;
export const QUIET_UNTIL_HOUR = 7;

/** Whether `at` falls in the quiet hours (21:00 inclusive to 07:00 exclusive, Vietnam time). */
export function inQuietHours(at: Date): boolean {
  const hour = vietnamHour(at);
  return hour >= QUIET_FROM_HOUR || hour < QUIET_UNTIL_HOUR;
}

/**
 * When a notice due at `at` may go out: `at` itself outside quiet hours, else the next 07:00
 * Vietnam time.
 * @example sendableAt(new Date("2027-03-10T15:00:00Z")) // 22:00 in Vietnam → 2027-03-11T00:00:00Z (07:00)
 */
export function sendableAt(at: Date): Date {
  if (!inQuietHours(at)) return at;
  // In the evening the quiet hours end tomorrow morning; after midnight, this morning.
  const day = vietnamHour(at) >= QUIET_FROM_HOUR ? addVietnamDays(vietnamDay(at), 1) : vietnamDay(at);
  return vietnamTimeOn(day, QUIET_UNTIL_HOUR);
}
