// Use case: a coordinator pauses a broadcast being sent, or resumes a paused one. Pausing stops the
// pump from queueing more recipients (the messages already in the outbox, at most one window, still
// go out); resuming lets it go on from the next recipient waiting. Each with its audit entry.
import { recordAudit } from "../db/audit-log.ts";
import type { Db } from "../db/client.ts";
import { AppError } from "../errors.ts";
import { actorLabel, type StaffVia } from "../staff/api-token.ts";
import { assertCan, type StaffActor } from "../staff/staff-scope.ts";
import { setBroadcastStatus } from "./broadcast-store.ts";

export async function pauseBroadcast(opts: { db: Db; actor: StaffActor; via?: StaffVia; id: string; pause: boolean; now: Date }): Promise<void> {
  assertCan(opts.actor, "triage");
  await opts.db.prisma.$transaction(async (tx) => {
    const b = await tx.broadcast.findUnique({ where: { id: opts.id }, select: { status: true, text: true } });
    if (!b) throw new AppError("not_found", { message: `broadcast ${opts.id} not found` });
    const from = opts.pause ? "sending" : "paused";
    if (b.status !== from) {
      throw new AppError("conflict", { message: `broadcast ${opts.id} is ${b.status}, not ${from}`, detail: { field: "status", reason: b.status } });
    }
    await setBroadcastStatus(tx, opts.id, opts.pause ? "paused" : "sending", opts.now);
    await recordAudit(tx, { actor: actorLabel(opts.actor, opts.via), action: opts.pause ? "broadcast.pause" : "broadcast.resume", target: opts.id, detail: { title: b.text.slice(0, 80) } });
  });
}
