// Use case: one proposal in the API's shape with its status history. An item outside the staff
// member's scope is reported exactly like an unknown code (404), so codes cannot be probed.
// Returning someone's contact details is audit-logged, as viewing them in the console is.
import { recordAudit } from "../db/audit-log.ts";
import type { Db } from "../db/client.ts";
import { AppError } from "../errors.ts";
import { apiActorLabel } from "./api-token.ts";
import { apiProposalSelect, toApiProposal, type ApiProposal } from "./proposal-api-view.ts";
import { assertInScope, type StaffActor } from "./staff-scope.ts";

export interface ApiProposalEvent {
  from: string | null;
  to: string;
  actor: string;
  note: string | null;
  at: Date;
}

export async function getProposalForApi(opts: { db: Db; actor: StaffActor; code: string; now?: Date }): Promise<ApiProposal & { history: ApiProposalEvent[] }> {
  const row = await opts.db.prisma.proposal.findUnique({
    where: { code: opts.code.trim().toUpperCase() },
    select: {
      ...apiProposalSelect,
      departmentId: true,
      events: { orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: { fromStatus: true, toStatus: true, actor: true, note: true, createdAt: true } },
    },
  });
  if (!row) throw new AppError("not_found", { message: `proposal ${opts.code} not found` });
  assertInScope(opts.actor, row);
  const item = toApiProposal(row, opts.now ?? new Date());
  if (item.contact !== undefined) {
    await recordAudit(opts.db.prisma, { actor: apiActorLabel(opts.actor), action: "personal_data.view", target: item.code, detail: { field: "contact" } });
  }
  return {
    ...item,
    history: row.events.map((e) => ({ from: e.fromStatus, to: e.toStatus, actor: e.actor, note: e.note, at: e.createdAt })),
  };
}
