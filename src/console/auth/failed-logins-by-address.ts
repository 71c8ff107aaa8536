// Failed sign-ins counted per client address. The account lock-out (log-in.ts) stops guessing one
// account's password; it does nothing against one address trying a few common passwords on many
// accounts (password spraying), which this stops: past MAX_FAILURES in WINDOW_MS, the address may
// not try again until its oldest failure leaves the window. Kept in memory, per instance: a
// restart forgets, which only helps an attacker who can restart the service.

/** Generous enough for an office of staff behind one address mistyping on a Monday morning. */
export const MAX_FAILURES = 20;
export const WINDOW_MS = 15 * 60_000;
const MAX_ADDRESSES = 50_000;

export class FailedLoginsByAddress {
  private readonly failures = new Map<string, number[]>();

  constructor(private readonly max = MAX_FAILURES, private readonly windowMs = WINDOW_MS) {}

  /** When the address may try again, or null if it may now. */
  blockedUntil(address: string, now = Date.now()): Date | null {
    const times = this.recent(address, now);
    return times.length >= this.max ? new Date(times[0]! + this.windowMs) : null;
  }

  /** Counts a failure; true when it is the one that blocks the address. */
  recordFailure(address: string, now = Date.now()): boolean {
    const times = this.recent(address, now);
    times.push(now);
    this.failures.set(address, times);
    if (this.failures.size > MAX_ADDRESSES) this.prune(now);
    return times.length === this.max;
  }

  private recent(address: string, now: number): number[] {
    return (this.failures.get(address) ?? []).filter((t) => now - t < this.windowMs);
  }

  private prune(now: number): void {
    for (const [address, times] of this.failures) {
      if (times.every((t) => now - t >= this.windowMs)) this.failures.delete(address);
    }
  }
}
