// Use case: a coordinator withdraws an opportunity that was wrong or cancelled: it disappears from
// the chat, the public page and the API at once, and stays in the console's list as withdrawn.
import { recordAudit } from "../db/audit-log.ts";
import type { Db } from "../db/client.ts";
import { AppError } from "../errors.ts";
import { actorLabel, type StaffVia } from "../staff/api-token.ts";
import { assertCan, type StaffActor } from "../staff/staff-scope.ts";
import { markWithdrawn } from "./opportunity-store.ts";

export async function withdrawOpportunity(opts: { db: Db; actor: StaffActor; via?: StaffVia; id: string; now: Date }): Promise<void> {
  assertCan(opts.actor, "triage");
  await opts.db.prisma.$transaction(async (tx) => {
    const row = await tx.opportunity.findUnique({ where: { id: opts.id }, select: { id: true, title: true, withdrawnAt: true } });
    if (!row) throw new AppError("not_found", { message: `opportunity ${opts.id} not found` });
    if (row.withdrawnAt) return;
    await markWithdrawn(tx, row.id, opts.now);
    await recordAudit(tx, { actor: actorLabel(opts.actor, opts.via), action: "opportunity.withdraw", target: row.id, detail: { title: row.title } });
  });
}
