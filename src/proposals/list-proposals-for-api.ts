// Use case: one page of the proposals a staff member may see (department staff: their department
// only), newest first, filtered by status, kind and department, in the API's shape. The filter is
// the console queue's (proposalFilterWhere), so both show the same items for the same question.
// Returning someone's contact details is audit-logged, as viewing them in the console is.
import { recordAudit } from "../db/audit-log.ts";
import type { Db } from "../db/client.ts";
import { apiActorLabel } from "./api-token.ts";
import { findDepartment } from "./create-staff.ts";
import { proposalFilterWhere } from "./list-proposals.ts";
import { apiProposalSelect, toApiProposal, type ApiProposal } from "./proposal-api-view.ts";
import type { ProposalKind, ProposalStatus } from "./proposal-status.ts";
import type { StaffActor } from "./staff-scope.ts";

export interface ProposalPage {
  items: ApiProposal[];
  page: number;
  pageSize: number;
  total: number;
}

export async function listProposalsForApi(opts: {
  db: Db;
  actor: StaffActor;
  status?: ProposalStatus | undefined;
  kind?: ProposalKind | undefined;
  /** A department id or slug. */
  department?: string | undefined;
  page: number;
  pageSize: number;
  now?: Date;
}): Promise<ProposalPage> {
  const now = opts.now ?? new Date();
  const departmentId = opts.department ? (await findDepartment(opts.db, opts.department)).id : undefined;
  const where = proposalFilterWhere(opts.actor, { status: opts.status, kind: opts.kind, departmentId }, now);
  const [rows, total] = await Promise.all([
    opts.db.prisma.proposal.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { code: "desc" }],
      skip: (opts.page - 1) * opts.pageSize,
      take: opts.pageSize,
      select: apiProposalSelect,
    }),
    opts.db.prisma.proposal.count({ where }),
  ]);
  const items = rows.map((r) => toApiProposal(r, now));
  const withContact = items.filter((i) => i.contact !== undefined).map((i) => i.code);
  if (withContact.length > 0) {
    await recordAudit(opts.db.prisma, { actor: apiActorLabel(opts.actor), action: "personal_data.view", target: null, detail: { field: "contact", codes: withContact } });
  }
  return { items, page: opts.page, pageSize: opts.pageSize, total };
}
