// Runs scheduled jobs every JOBS_INTERVAL_MS on each instance; a lease per job (job-lease.ts)
// makes sure only one instance runs a job per period. A failing run is logged and retried at the
// next tick; stop() waits for a run in progress so shutdown never cuts a transaction short.
import { randomUUID } from "node:crypto";
import type { Logger } from "pino";
import { systemClock, type Clock } from "../clock.ts";
import type { Db } from "../db/client.ts";
import { claimLease } from "./job-lease.ts";

export interface ScheduledJob {
  name: string;
  run(now: Date): Promise<void>;
}

export interface RunningJobs {
  /** Runs every job once now (if this instance wins its lease); used by tests and at start. */
  tick(): Promise<void>;
  stop(): Promise<void>;
}

export function startScheduledJobs(opts: {
  db: Db;
  log: Logger;
  intervalMs: number;
  jobs: ScheduledJob[];
  /** The first run, a little after start so start-up is not slowed. */
  firstRunMs?: number;
  /** Each run reads it once; the job is handed that instant. */
  clock?: Clock;
}): RunningJobs {
  const owner = `${process.pid}-${randomUUID().slice(0, 8)}`;
  const clock = opts.clock ?? systemClock;
  // Slightly shorter than the period, so the instance that ran last time can run again on time.
  const ttlMs = Math.max(500, Math.floor(opts.intervalMs * 0.9));
  let running: Promise<void> | undefined;
  let stopped = false;

  const runAll = async () => {
    for (const job of opts.jobs) {
      if (stopped) return;
      const now = clock.now();
      try {
        if (!(await claimLease(opts.db.prisma, { name: job.name, owner, ttlMs, now }))) continue;
        await job.run(now);
      } catch (err) {
        opts.log.error({ err, job: job.name }, "scheduled job failed");
      }
    }
  };
  const tick = () => (running ??= runAll().finally(() => (running = undefined)));

  const first = setTimeout(() => void tick(), opts.firstRunMs ?? Math.min(opts.intervalMs, 10_000));
  const timer = setInterval(() => void tick(), opts.intervalMs);
  first.unref();
  timer.unref();
  return {
    tick,
    async stop() {
      stopped = true;
      clearTimeout(first);
      clearInterval(timer);
      await running;
    },
  };
}
