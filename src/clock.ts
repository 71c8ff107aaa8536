// The one source of "now". Whatever decides by time (deadlines, retention, reminders, expiry,
// sessions, sign-in delays, outbox retries) is given a Clock: src/main.ts and the CLI entry make
// one (systemClock) and hand it down through the deps objects; a use case, which runs at one
// instant, is handed that instant (`now: Date`) by its caller. Tests pass a fixedClock and move it,
// so a deadline or a retention period is checked without waiting or faking Date.
// This file is the only place in src/ that reads the system time (test/clock.test.ts checks);
// durations are measured with performance.now(), which is not "now".

export interface Clock {
  now(): Date;
}

/** The real time. */
export const systemClock: Clock = { now: () => new Date() };

/** A clock that stands still until it is set or moved: for tests, and for replaying a day. */
export interface SettableClock extends Clock {
  set(at: Date | string): void;
  /** Moves the clock forward by `ms` (backward when negative) and returns the new time. */
  advance(ms: number): Date;
}

/**
 * A clock stopped at `at`.
 * @example const clock = fixedClock("2026-03-10T02:00:00Z"); clock.advance(3 * 86_400_000);
 */
export function fixedClock(at: Date | string): SettableClock {
  let t = new Date(at).getTime();
  if (Number.isNaN(t)) throw new RangeError(`fixedClock: not a date: ${String(at)}`);
  return {
    now: () => new Date(t),
    set(next) {
      const ms = new Date(next).getTime();
      if (Number.isNaN(ms)) throw new RangeError(`fixedClock: not a date: ${String(next)}`);
      t = ms;
    },
    advance(ms) {
      t += ms;
      return new Date(t);
    },
  };
}
