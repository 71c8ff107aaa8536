// Use case: staff move an item they may see to another status, from the console or the API: "in
// progress", closed, rejected (a reason is required and reaches the author), re-opened, or
// "routed" to another department (reassigning needs the triage permission). One rule for both
// entry points: moving on needs "answer", closing or rejecting needs "close"; an answer has its own
// use case (send-staff-answer.ts); "routed" only ever means "sent to another department". The
// history, the author's notice and the audit entry are written in one transaction.
import type { Db } from "../db/client.ts";
import { AppError } from "../errors.ts";
import type { Prompts } from "../prompts.ts";
import { actorLabel, type StaffVia } from "../staff/api-token.ts";
import { findDepartment } from "../staff/find-department.ts";
import { assertCan, type StaffActor } from "../staff/staff-scope.ts";
import { changeProposalStatus } from "./change-proposal-status.ts";
import { findProposalInScope } from "./find-proposal-in-scope.ts";
import type { ProposalStatus } from "./proposal-status.ts";

/** The statuses the console's status buttons offer (reassigning has its own form). */
export const STAFF_STATUS_CHANGES = ["in_progress", "closed", "rejected"] as const;
export type StaffStatusChange = (typeof STAFF_STATUS_CHANGES)[number];

export async function setProposalStatus(opts: {
  db: Db;
  prompts: Prompts;
  actor: StaffActor;
  via?: StaffVia;
  code: string;
  status: ProposalStatus;
  note?: string | undefined;
  /** Send the item to this department (id, slug or name); needs the triage permission. */
  department?: string | undefined;
  /** Correct the topic with the move (a topic code, or null for none); needs the triage permission. */
  topic?: string | null | undefined;
}): Promise<{ code: string; status: ProposalStatus }> {
  if (opts.status === "answered") {
    throw new AppError("bad_request", { message: "an answer carries its text: use the answer action", detail: { field: "status" } });
  }
  assertCan(opts.actor, opts.status === "closed" || opts.status === "rejected" ? "close" : "answer");
  const note = opts.note?.trim() || undefined;
  if (opts.status === "rejected" && !note) {
    throw new AppError("bad_request", { message: "a rejection needs a reason", detail: { field: "note" } });
  }
  const p = await findProposalInScope(opts.db, opts.actor, opts.code);
  const target = opts.department ? await findDepartment(opts.db, opts.department) : null;
  const toDepartmentId = target !== null && target.id !== p.departmentId ? target.id : null;
  const topicChange = opts.topic !== undefined && opts.topic !== p.topic ? { topic: opts.topic } : {};
  if (toDepartmentId || "topic" in topicChange) assertCan(opts.actor, "triage");
  if (!toDepartmentId && opts.status === "routed") {
    // Routed to where it already is would only add a line to the history and a notice to the author.
    throw new AppError("conflict", { message: `${p.code} is already with its department; "routed" means sending it to another one` });
  }
  return changeProposalStatus({
    db: opts.db,
    prompts: opts.prompts,
    code: p.code,
    status: opts.status,
    actor: actorLabel(opts.actor, opts.via),
    ...(note ? { note } : {}),
    ...(toDepartmentId ? { departmentId: toDepartmentId } : {}),
    ...topicChange,
    audit: ({ from, fromDepartmentId, fromTopic }) => ({
      action: toDepartmentId ? "proposal.reassign" : "proposal.status",
      detail: {
        from,
        to: opts.status,
        ...(note ? { note } : {}),
        ...(toDepartmentId ? { fromDepartmentId, toDepartmentId } : {}),
        ...("topic" in topicChange ? { fromTopic, topic: topicChange.topic } : {}),
      },
    }),
  });
}
