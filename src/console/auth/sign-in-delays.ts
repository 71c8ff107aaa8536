// Progressive delays on staff sign-in, in place of locking accounts. Failures are counted per
// account (the email typed, known or not, so the answer does not reveal which accounts exist) and
// per client address. After a few failures in a row every further attempt must wait: 1 s, 2 s,
// 4 s … up to a cap, and an attempt during the wait is refused without checking the password, so
// guessing stays slow. The account's cap is short (a stranger failing on purpose delays the real
// coordinator by seconds, never locks them out); the address's cap is long, which is what slows
// an attacker down. A success ends the account's streak; an address's streak ends only after a
// quiet spell, so signing in to one's own account does not reset a guessing run.
//
// Attempts still in progress count as failures until they end, so firing many requests at once
// does not get around the wait. Kept in memory, per instance, bounded (least recently used
// streaks are dropped past a size limit; quiet ones expire): a restart forgets, which only helps
// someone who can restart the service.
import { systemClock, type Clock } from "../../clock.ts";

export interface DelayRule {
  /** Failures in a row that cost nothing; the next one imposes the first delay. */
  freeFailures: number;
  firstDelayMs: number;
  maxDelayMs: number;
  /** A streak without failures for this long is forgotten. */
  forgetAfterMs: number;
  /** Streaks kept at most (the least recently used go first). */
  maxEntries: number;
}

/** Short cap: strangers must not be able to keep a named account out. */
export const ACCOUNT_RULE: DelayRule = { freeFailures: 5, firstDelayMs: 1000, maxDelayMs: 30_000, forgetAfterMs: 15 * 60_000, maxEntries: 10_000 };
/** Generous start for an office behind one address mistyping on a Monday morning, long cap. */
export const ADDRESS_RULE: DelayRule = { freeFailures: 10, firstDelayMs: 1000, maxDelayMs: 60_000, forgetAfterMs: 60 * 60_000, maxEntries: 50_000 };

export type DelayScope = "account" | "address";

interface Streak {
  failures: number;
  /** Attempts let through and not yet finished. */
  pending: number;
  lastFailureAt: number;
  /** No attempt before this time. */
  waitUntil: number;
  /** Whether this streak's first delay has been reported (the audit row is written once). */
  reported: boolean;
}

/** Failure streaks for one kind of key, with the delay that follows each. */
export class FailureStreaks {
  private readonly streaks = new Map<string, Streak>();

  constructor(
    private readonly rule: DelayRule,
    private readonly clock: Clock = systemClock,
  ) {}

  private now(): number {
    return this.clock.now().getTime();
  }

  /** Milliseconds `key` must still wait before trying (0: it may try now). */
  waitMs(key: string): number {
    const streak = this.live(key);
    return streak ? Math.max(0, streak.waitUntil - this.now()) : 0;
  }

  /** An attempt let through: until it ends it counts as a failure for anyone trying alongside. */
  begin(key: string): void {
    const streak = this.live(key) ?? { failures: 0, pending: 0, lastFailureAt: 0, waitUntil: 0, reported: false };
    streak.pending += 1;
    streak.waitUntil = Math.max(streak.waitUntil, this.now() + this.delayAfter(streak.failures + streak.pending));
    this.keep(key, streak);
  }

  /** The attempt failed. Returns the wait it imposes and whether it is this streak's first. */
  fail(key: string): { waitMs: number; firstDelay: boolean } {
    const now = this.now();
    const streak = this.live(key) ?? { failures: 0, pending: 1, lastFailureAt: 0, waitUntil: 0, reported: false };
    streak.pending = Math.max(0, streak.pending - 1);
    streak.failures += 1;
    streak.lastFailureAt = now;
    const delay = this.delayAfter(streak.failures);
    streak.waitUntil = Math.max(streak.waitUntil, now + delay);
    const firstDelay = delay > 0 && !streak.reported;
    if (firstDelay) streak.reported = true;
    this.keep(key, streak);
    return { waitMs: Math.max(0, streak.waitUntil - now), firstDelay };
  }

  /** The attempt ended without a failure: only the failures before it still count. */
  release(key: string): void {
    const streak = this.streaks.get(key);
    if (!streak) return;
    streak.pending = Math.max(0, streak.pending - 1);
    streak.waitUntil = streak.failures > 0 ? streak.lastFailureAt + this.delayAfter(streak.failures) : 0;
    if (streak.failures === 0 && streak.pending === 0) this.streaks.delete(key);
  }

  /** Ends the streak (a successful sign-in to the account). */
  reset(key: string): void {
    this.streaks.delete(key);
  }

  get size(): number {
    return this.streaks.size;
  }

  /** The wait after `failures` failures in a row: none up to the free ones, then doubling to the cap. */
  private delayAfter(failures: number): number {
    const over = failures - this.rule.freeFailures;
    if (over < 0) return 0;
    return Math.min(this.rule.maxDelayMs, this.rule.firstDelayMs * 2 ** Math.min(over, 30));
  }

  private live(key: string): Streak | undefined {
    const streak = this.streaks.get(key);
    if (!streak) return undefined;
    const quietSince = Math.max(streak.lastFailureAt, streak.waitUntil);
    if (streak.pending === 0 && this.now() - quietSince >= this.rule.forgetAfterMs) {
      this.streaks.delete(key);
      return undefined;
    }
    return streak;
  }

  /** Stores the streak as the most recently used, dropping the least recently used past the limit. */
  private keep(key: string, streak: Streak): void {
    this.streaks.delete(key);
    this.streaks.set(key, streak);
    while (this.streaks.size > this.rule.maxEntries) {
      const oldest = this.streaks.keys().next().value as string;
      this.streaks.delete(oldest);
    }
  }
}

export type Admission = { ok: true } | { ok: false; waitMs: number; scope: DelayScope };

/** Both counters of the console's sign-in; one instance per running service. */
export class SignInDelays {
  readonly accounts: FailureStreaks;
  readonly addresses: FailureStreaks;

  constructor(opts: { clock?: Clock; account?: DelayRule; address?: DelayRule } = {}) {
    this.accounts = new FailureStreaks(opts.account ?? ACCOUNT_RULE, opts.clock);
    this.addresses = new FailureStreaks(opts.address ?? ADDRESS_RULE, opts.clock);
  }

  /** Lets the attempt through (and counts it as in progress), or says how long to wait. */
  admit(account: string, address: string): Admission {
    const byAccount = this.accounts.waitMs(account);
    const byAddress = this.addresses.waitMs(address);
    if (byAccount > 0 || byAddress > 0) {
      return byAddress >= byAccount ? { ok: false, waitMs: byAddress, scope: "address" } : { ok: false, waitMs: byAccount, scope: "account" };
    }
    this.accounts.begin(account);
    this.addresses.begin(address);
    return { ok: true };
  }

  /** The admitted attempt failed: the wait now in force, and which streaks just got their first delay. */
  failed(account: string, address: string): { waitMs: number; firstDelays: DelayScope[] } {
    const a = this.accounts.fail(account);
    const b = this.addresses.fail(address);
    const firstDelays: DelayScope[] = [];
    if (a.firstDelay) firstDelays.push("account");
    if (b.firstDelay) firstDelays.push("address");
    return { waitMs: Math.max(a.waitMs, b.waitMs), firstDelays };
  }

  /** The admitted attempt signed in: the account starts afresh; the address keeps its failures. */
  succeeded(account: string, address: string): void {
    this.accounts.reset(account);
    this.addresses.release(address);
  }

  /** The admitted attempt ended without an answer (an error): it counts neither way. */
  abandoned(account: string, address: string): void {
    this.accounts.release(account);
    this.addresses.release(address);
  }
}
