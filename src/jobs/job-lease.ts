// Leases on scheduled jobs (the JobLease table), so that when several instances run, one of them
// runs each job per period. Claiming is one conditional updateMany (the lease has run out), which
// exactly one instance wins on SQLite and PostgreSQL alike; even the holder waits for the lease to
// run out, so a job runs at most once per lease period.
import type { PrismaClient } from "../db/client.ts";

export async function claimLease(prisma: PrismaClient, opts: { name: string; owner: string; ttlMs: number; now: Date }): Promise<boolean> {
  const exists = await prisma.jobLease.findUnique({ where: { name: opts.name }, select: { name: true } });
  if (!exists) {
    // An expired lease nobody holds; two instances creating it at once is harmless (one insert fails).
    await prisma.jobLease.create({ data: { name: opts.name, owner: "", until: new Date(0) } }).catch(() => undefined);
  }
  const { count } = await prisma.jobLease.updateMany({
    where: { name: opts.name, until: { lt: opts.now } },
    data: { owner: opts.owner, until: new Date(opts.now.getTime() + opts.ttlMs), lastRunAt: opts.now },
  });
  return count === 1;
}
