// Use case: a coordinator corrects an opportunity, with the same checks as adding one: an edit that
// would make it a duplicate of another, or put it in the past, is refused. Where it came from stays.
import { recordAudit } from "../db/audit-log.ts";
import type { Db } from "../db/client.ts";
import { AppError } from "../errors.ts";
import { actorLabel, type StaffVia } from "../staff/api-token.ts";
import { assertCan, type StaffActor } from "../staff/staff-scope.ts";
import { duplicateError, findDuplicate } from "./create-opportunity.ts";
import { parseOpportunityInput } from "./opportunity-input.ts";
import { updateOpportunity } from "./opportunity-store.ts";

export async function editOpportunity(opts: {
  db: Db;
  actor: StaffActor;
  via?: StaffVia;
  id: string;
  input: unknown;
  topics: ReadonlySet<string>;
  now: Date;
}): Promise<void> {
  assertCan(opts.actor, "triage");
  const fields = parseOpportunityInput(opts.input, { topics: opts.topics, now: opts.now });
  await opts.db.prisma.$transaction(async (tx) => {
    const row = await tx.opportunity.findUnique({ where: { id: opts.id }, select: { id: true, withdrawnAt: true } });
    if (!row) throw new AppError("not_found", { message: `opportunity ${opts.id} not found` });
    if (row.withdrawnAt) throw new AppError("conflict", { message: `opportunity ${opts.id} was withdrawn`, detail: { reason: "withdrawn" } });
    const existing = await findDuplicate(tx, fields, row.id);
    if (existing) throw duplicateError(existing);
    await updateOpportunity(tx, row.id, fields, opts.now);
    await recordAudit(tx, { actor: actorLabel(opts.actor, opts.via), action: "opportunity.edit", target: row.id, detail: { title: fields.title } });
  });
}
