// The per-address count of failed sign-ins: an address is blocked at the limit and may try again
// once its oldest failure has left the window; other addresses are not affected.
import { describe, expect, it } from "vitest";
import { FailedLoginsByAddress } from "../../src/console/auth/failed-logins-by-address.ts";

describe("failed sign-ins per address", () => {
  it("blocks at the limit and lets the address in again as failures leave the window", () => {
    const t0 = Date.UTC(2026, 10, 30, 8, 0);
    const counter = new FailedLoginsByAddress(3, 60_000);
    expect(counter.recordFailure("10.0.0.1", t0)).toBe(false);
    expect(counter.recordFailure("10.0.0.1", t0 + 10_000)).toBe(false);
    expect(counter.blockedUntil("10.0.0.1", t0 + 20_000)).toBeNull();
    expect(counter.recordFailure("10.0.0.1", t0 + 20_000)).toBe(true);
    expect(counter.blockedUntil("10.0.0.1", t0 + 30_000)).toEqual(new Date(t0 + 60_000));
    expect(counter.blockedUntil("10.0.0.2", t0 + 30_000)).toBeNull();
    // The first failure has left the window: two remain, below the limit.
    expect(counter.blockedUntil("10.0.0.1", t0 + 60_000)).toBeNull();
  });
});
