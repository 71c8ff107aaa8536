// The failure streaks behind the console's sign-in delays, on a fake clock: a few failures are
// free, then each further attempt waits twice as long up to the cap; attempts in progress count
// (a burst of parallel guesses does not slip through); a success ends an account's streak but not
// an address's; quiet streaks are forgotten, and memory stays bounded.
import { describe, expect, it } from "vitest";
import { fixedClock } from "../../src/clock.ts";
import { ADDRESS_RULE, FailureStreaks, SignInDelays } from "../../src/console/auth/sign-in-delays.ts";

const clock = () => fixedClock("2026-11-30T08:00:00Z");

/** One admitted attempt that fails, as the sign-in use case runs it. */
function failOnce(streaks: FailureStreaks, key: string) {
  expect(streaks.waitMs(key)).toBe(0);
  streaks.begin(key);
  return streaks.fail(key);
}

describe("failed sign-ins per address", () => {
  it("lets ten failures through, then makes each further attempt wait 1 s, 2 s, 4 s … up to 60 s", () => {
    const c = clock();
    const address = new FailureStreaks(ADDRESS_RULE, c);
    for (let i = 0; i < 9; i++) expect(failOnce(address, "203.0.113.5").waitMs).toBe(0);
    const waits: number[] = [];
    for (let i = 0; i < 9; i++) {
      const { waitMs } = failOnce(address, "203.0.113.5");
      waits.push(waitMs);
      expect(address.waitMs("203.0.113.5")).toBe(waitMs);
      c.advance(waitMs);
    }
    expect(waits).toEqual([1000, 2000, 4000, 8000, 16_000, 32_000, 60_000, 60_000, 60_000]);
    // Another address is not affected.
    expect(address.waitMs("198.51.100.1")).toBe(0);
  });

  it("reports the first delay of a streak once, and forgets a streak after a quiet hour", () => {
    const c = clock();
    const address = new FailureStreaks(ADDRESS_RULE, c);
    const firsts: boolean[] = [];
    for (let i = 0; i < 14; i++) {
      const r = failOnce(address, "203.0.113.5");
      firsts.push(r.firstDelay);
      c.advance(r.waitMs);
    }
    expect(firsts.filter(Boolean)).toHaveLength(1);
    expect(firsts.indexOf(true)).toBe(9); // the tenth failure imposes the first wait
    c.advance(60 * 60_000);
    expect(address.waitMs("203.0.113.5")).toBe(0);
    expect(address.size).toBe(0);
    // A new streak: free failures again, and its first delay is reported again.
    for (let i = 0; i < 9; i++) expect(failOnce(address, "203.0.113.5").firstDelay).toBe(false);
    expect(failOnce(address, "203.0.113.5").firstDelay).toBe(true);
  });

  it("counts attempts in progress, so a burst of parallel guesses waits like a sequence", () => {
    const c = clock();
    const delays = new SignInDelays({ clock: c });
    let admitted = 0;
    for (let i = 0; i < 50; i++) if (delays.admit(`nguoi.${i}@tinhdoan.gov.vn`, "203.0.113.9").ok) admitted++;
    expect(admitted).toBe(ADDRESS_RULE.freeFailures);
  });

  it("keeps an address's failures when someone there signs in, and an account's streak ends on success", () => {
    const c = clock();
    const delays = new SignInDelays({ clock: c });
    for (let i = 0; i < 10; i++) {
      expect(delays.admit(`nguoi.${i}@tinhdoan.gov.vn`, "203.0.113.9").ok).toBe(true);
      delays.failed(`nguoi.${i}@tinhdoan.gov.vn`, "203.0.113.9");
    }
    expect(delays.admit("that.su@tinhdoan.gov.vn", "203.0.113.9")).toEqual({ ok: false, waitMs: 1000, scope: "address" });
    c.advance(1000);
    expect(delays.admit("that.su@tinhdoan.gov.vn", "203.0.113.9").ok).toBe(true);
    delays.succeeded("that.su@tinhdoan.gov.vn", "203.0.113.9");
    // The address still waits after its next failure; the success did not wipe its run.
    expect(delays.admit("nguoi.99@tinhdoan.gov.vn", "203.0.113.9").ok).toBe(true);
    expect(delays.failed("nguoi.99@tinhdoan.gov.vn", "203.0.113.9").waitMs).toBe(2000);
  });

  it("keeps at most maxEntries streaks, dropping the least recently used", () => {
    const c = clock();
    const address = new FailureStreaks({ ...ADDRESS_RULE, maxEntries: 100 }, c);
    for (let i = 0; i < 1000; i++) failOnce(address, `10.0.${i >> 8}.${i & 255}`);
    expect(address.size).toBe(100);
  });
});
