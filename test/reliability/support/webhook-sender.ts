// Delivers updates to a webhook the way Telegram does: several connections at once across chats,
// but one update at a time per chat and in order; an update whose POST did not get 200 (connection
// refused while the service is down, a 5xx, a timeout) is sent again later, with growing delays,
// until it is acknowledged. A 4xx other than 429 is recorded and not retried (the update is bad).
export interface SenderOptions<U> {
  /** Posts one update; resolves with the HTTP status, rejects on a network error. */
  post(update: U): Promise<number>;
  /** Updates in flight at once, across chats (Telegram's default max_connections is 40). */
  concurrency: number;
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** Stop retrying an update after this long (a real platform gives up too). */
  giveUpAfterMs?: number;
  /** Called after every acknowledged update with the running total. */
  onAcknowledged?(total: number): void;
}

export interface SenderStats {
  updates: number;
  acknowledged: number;
  /** POSTs made, first attempts included. */
  attempts: number;
  /** Updates that needed more than one POST. */
  redelivered: number;
  networkErrors: number;
  /** Non-200 answers by status. */
  statuses: Record<number, number>;
  /** Updates refused with a 4xx (not retried) and updates given up. */
  rejected: number;
  givenUp: number;
}

export class WebhookSender<U> {
  readonly stats: SenderStats = { updates: 0, acknowledged: 0, attempts: 0, redelivered: 0, networkErrors: 0, statuses: {}, rejected: 0, givenUp: 0 };
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly opts: SenderOptions<U>) {}

  /** Delivers every chat's updates (each inner array is one chat, in order); resolves when all are done. */
  async deliver(chats: U[][]): Promise<SenderStats> {
    this.stats.updates += chats.reduce((n, c) => n + c.length, 0);
    await Promise.all(chats.map((updates) => this.deliverChat(updates)));
    return this.stats;
  }

  private async deliverChat(updates: U[]): Promise<void> {
    for (const update of updates) await this.deliverOne(update);
  }

  private async deliverOne(update: U): Promise<void> {
    const base = this.opts.retryBaseMs ?? 100;
    const max = this.opts.retryMaxMs ?? 2000;
    const started = Date.now();
    for (let attempt = 1; ; attempt++) {
      await this.acquire();
      let status: number | "network";
      try {
        this.stats.attempts++;
        status = await this.opts.post(update).catch(() => "network" as const);
      } finally {
        this.release();
      }
      if (status === 200) {
        this.stats.acknowledged++;
        if (attempt > 1) this.stats.redelivered++;
        this.opts.onAcknowledged?.(this.stats.acknowledged);
        return;
      }
      if (status === "network") this.stats.networkErrors++;
      else this.stats.statuses[status] = (this.stats.statuses[status] ?? 0) + 1;
      if (typeof status === "number" && status >= 400 && status < 500 && status !== 429) {
        this.stats.rejected++;
        return;
      }
      if (Date.now() - started > (this.opts.giveUpAfterMs ?? 120_000)) {
        this.stats.givenUp++;
        return;
      }
      await new Promise((r) => setTimeout(r, Math.min(max, base * 2 ** (attempt - 1))));
    }
  }

  private async acquire(): Promise<void> {
    if (this.active < this.opts.concurrency) {
      this.active++;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next(); // the slot passes straight to the next waiter
    else this.active--;
  }
}
