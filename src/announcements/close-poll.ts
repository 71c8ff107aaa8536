// Use case: a coordinator closes a poll. From then on an answer is refused with "the poll has ended"
// (answer-poll.ts reads closedAt); the answers given stay and the results are final. Sending is not
// touched: whoever has not been sent the poll yet still gets it, and their answer is refused. The
// close and its audit entry are one transaction.
import { recordAudit } from "../db/audit-log.ts";
import type { Db } from "../db/client.ts";
import { AppError } from "../errors.ts";
import { actorLabel, type StaffVia } from "../staff/api-token.ts";
import { assertCan, type StaffActor } from "../staff/staff-scope.ts";
import { closePoll as storeClose } from "./broadcast-store.ts";

export async function closePoll(opts: { db: Db; actor: StaffActor; via?: StaffVia; id: string; now: Date }): Promise<void> {
  assertCan(opts.actor, "triage");
  await opts.db.prisma.$transaction(async (tx) => {
    const b = await tx.broadcast.findUnique({ where: { id: opts.id }, select: { kind: true, text: true, closedAt: true } });
    if (!b) throw new AppError("not_found", { message: `broadcast ${opts.id} not found` });
    if (b.kind !== "poll") throw new AppError("conflict", { message: `broadcast ${opts.id} is not a poll`, detail: { field: "kind", reason: "notPoll" } });
    if (b.closedAt && b.closedAt <= opts.now) throw new AppError("conflict", { message: `poll ${opts.id} is already closed`, detail: { field: "closedAt", reason: "closed" } });
    await storeClose(tx, opts.id, opts.now);
    await recordAudit(tx, { actor: actorLabel(opts.actor, opts.via), action: "broadcast.close", target: opts.id, detail: { title: b.text.slice(0, 80) } });
  });
}
