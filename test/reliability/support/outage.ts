// One platform outage, end to end and in process: a fault is switched on at the fake platform,
// users keep writing (their webhooks are acknowledged: the outbox decouples receiving from
// sending), the fault lasts `faultMs`, then the outbox must deliver every reply exactly once.
import type { RunningApp } from "../../support/app.ts";
import { auditReplies, planBurst, type AuditResult } from "./burst.ts";
import type { Platform } from "./platforms.ts";
import { waitForDrain } from "./platforms.ts";
import { sleep } from "./service-process.ts";
import { WebhookSender, type SenderStats } from "./webhook-sender.ts";

export interface OutageReport {
  updates: number;
  sender: SenderStats;
  /** Replies that reached the platform while the fault was on (should be 0 for a total outage). */
  deliveredDuringFault: number;
  /** Outbox rows waiting when the fault ended. */
  heldAtFaultEnd: number;
  /** Failed send attempts the platform saw (by status; 0 = connection reset, 499 = we gave up first). */
  failedAttempts: Record<number, number>;
  /** When the fault ended (ms since epoch). */
  faultEndedAt: number;
  /** From the end of the fault until the outbox was empty. */
  drainMs: number;
  audit: AuditResult;
}

export async function runOutage(opts: {
  platform: Platform;
  app: RunningApp;
  secret: string;
  users: number;
  perUser: number;
  firstChatId: number;
  /** Switches the fault on; it must end by itself after `faultMs` (failFor) or be ended by `endFault`. */
  startFault(): void;
  endFault?(): void;
  faultMs: number;
  sendMethod?: string;
}): Promise<OutageReport> {
  const { platform, app } = opts;
  const plans = planBurst({ users: opts.users, perUser: opts.perUser, proposerEvery: 3, firstChatId: opts.firstChatId, runTag: `out${opts.firstChatId}` });
  const chats = new Set(plans.map((p) => String(p.chatId)));
  const mine = () => platform.sent().filter((m) => chats.has(m.chatId));
  const method = opts.sendMethod ?? "sendMessage";
  const callsBefore = platform.fake.calls.length;
  const faultStarted = Date.now();
  opts.startFault();
  const sender = new WebhookSender<unknown>({
    post: (update) => platform.post(`${app.url}/webhooks/${platform.name}`, update, opts.secret),
    concurrency: 10,
  });
  const stats = await sender.deliver(platform.updates(plans));
  await sleep(Math.max(0, faultStarted + opts.faultMs - Date.now() - 100));
  const deliveredDuringFault = mine().length;
  const heldAtFaultEnd = await app.db.prisma.outboxMessage.count({ where: { chatId: { in: [...chats] }, status: { in: ["pending", "sending"] } } });
  await sleep(Math.max(0, faultStarted + opts.faultMs - Date.now()));
  opts.endFault?.();
  const faultEndedAt = Date.now();
  const drainMs = await waitForDrain(app.db, 60_000);
  await sleep(500); // a reply sent twice would arrive now
  const failedAttempts: Record<number, number> = {};
  for (const call of platform.fake.calls.slice(callsBefore)) {
    if (call.method !== method || call.status === 200 || call.status === undefined) continue;
    failedAttempts[call.status] = (failedAttempts[call.status] ?? 0) + 1;
  }
  return {
    updates: stats.updates,
    sender: stats,
    deliveredDuringFault,
    heldAtFaultEnd,
    failedAttempts,
    faultEndedAt,
    drainMs,
    audit: auditReplies(plans, mine()),
  };
}

/** One line for the test output (figures quoted in docs/operations.md come from these lines). */
export function describeOutage(what: string, r: OutageReport): string {
  return (
    `${what}: ${r.updates} updates acknowledged ${r.sender.acknowledged}, ${r.heldAtFaultEnd} replies held at the end of the fault, ` +
    `failed attempts ${JSON.stringify(r.failedAttempts)}, drained ${r.drainMs} ms after it; ` +
    `${r.audit.exactlyOnce}/${r.audit.updates} updates answered exactly once, ${r.audit.lost} lost, ${r.audit.duplicates} duplicated`
  );
}
