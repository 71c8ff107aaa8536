// Use case: a coordinator changes a round's plan (title, kind, topics, dates). The public address
// stays, so links already shared keep working; a concluded round keeps its record and is refused,
// and so is a plan that would collect or vote while another round of its kind does.
import { recordAudit } from "../db/audit-log.ts";
import type { Db } from "../db/client.ts";
import { AppError } from "../errors.ts";
import { actorLabel, type StaffVia } from "../staff/api-token.ts";
import { assertCan, type StaffActor } from "../staff/staff-scope.ts";
import { assertNoOverlap } from "./find-rounds.ts";
import { parseRoundInput } from "./round-input.ts";
import { updateRoundPlan } from "./round-store.ts";

export async function editRound(opts: { db: Db; actor: StaffActor; via?: StaffVia; slug: string; input: unknown; now: Date }): Promise<void> {
  assertCan(opts.actor, "triage");
  const fields = parseRoundInput(opts.input);
  await opts.db.prisma.$transaction(async (tx) => {
    const round = await tx.dialogueRound.findUnique({ where: { slug: opts.slug } });
    if (!round) throw new AppError("not_found", { message: `round ${opts.slug} not found` });
    if (round.concludedAt) throw new AppError("conflict", { message: `round ${opts.slug} is concluded; its plan is part of the record` });
    if (fields.kind === "forum" && !(await tx.department.findUnique({ where: { id: fields.departmentId! }, select: { id: true } }))) {
      throw new AppError("bad_request", { message: "departmentId: no such department", detail: { field: "departmentId" } });
    }
    await assertNoOverlap(tx, fields, round.id);
    await updateRoundPlan(tx, round.id, fields, opts.now);
    await recordAudit(tx, { actor: actorLabel(opts.actor, opts.via), action: "round.edit", target: round.slug, detail: { title: fields.title } });
  });
}
