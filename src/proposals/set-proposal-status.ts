// Use case: staff move an item they may see to "in progress", close it, reject it (a reason is
// required and reaches the author), or re-open it. The history and the author's notice come from
// changeProposalStatus; this adds the permission check and the audit entry.
import type { Db } from "../db/client.ts";
import { recordAudit } from "../db/audit-log.ts";
import { AppError } from "../errors.ts";
import type { Prompts } from "../prompts.ts";
import { changeProposalStatus } from "./change-proposal-status.ts";
import { findProposalInScope } from "./find-proposal-in-scope.ts";
import { assertCan, type StaffActor } from "./staff-scope.ts";

export const STAFF_STATUS_CHANGES = ["in_progress", "closed", "rejected"] as const;
export type StaffStatusChange = (typeof STAFF_STATUS_CHANGES)[number];

export async function setProposalStatus(opts: {
  db: Db;
  prompts: Prompts;
  actor: StaffActor;
  code: string;
  status: StaffStatusChange;
  note?: string | undefined;
}): Promise<void> {
  assertCan(opts.actor, opts.status === "in_progress" ? "answer" : "close");
  const note = opts.note?.trim() || undefined;
  if (opts.status === "rejected" && !note) {
    throw new AppError("bad_request", { message: "a rejection needs a reason", detail: { field: "note" } });
  }
  const p = await findProposalInScope(opts.db, opts.actor, opts.code);
  await changeProposalStatus({ db: opts.db, prompts: opts.prompts, code: p.code, status: opts.status, actor: opts.actor.email, ...(note ? { note } : {}) });
  await recordAudit(opts.db.prisma, {
    actor: opts.actor.email,
    action: "proposal.status",
    target: p.code,
    detail: { from: p.status, to: opts.status, ...(note ? { note } : {}) },
  });
}
