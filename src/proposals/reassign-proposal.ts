// Use case: a coordinator or administrator sends an item to another department, correcting its
// topic on the way if routing got that wrong too (the console's reassign form). A move is
// setProposalStatus with "routed", a department and the topic, the same move the API makes with a
// department in its status call: status, department, topic, history, notice and audit entry in
// one transaction. With the department unchanged, only the topic is corrected (no status change,
// no notice to the author: nothing changed for them), with its audit entry in the same
// transaction. Department staff may not do either, since they would move work out of sight of the
// department responsible.
import { z } from "zod";
import type { Db } from "../db/client.ts";
import { recordAudit } from "../db/audit-log.ts";
import { AppError } from "../errors.ts";
import type { Prompts } from "../prompts.ts";
import { actorLabel } from "../staff/api-token.ts";
import { assertCan, type StaffActor } from "../staff/staff-scope.ts";
import { findProposalInScope } from "./find-proposal-in-scope.ts";
import { setProposalStatus } from "./set-proposal-status.ts";

/** The reassign form: a department by id, and a topic code ("" for none; absent to keep it). */
export const ReassignInput = z.object({
  departmentId: z.string().trim().min(1, { error: "choose a department" }).max(100),
  topic: z
    .string()
    .trim()
    .max(60)
    .regex(/^[a-z0-9-]*$/, { error: "a topic code is lower-case words joined by hyphens" })
    .transform((t) => t || null)
    .optional(),
  note: z.string().max(500).optional(),
});
export type ReassignInput = z.input<typeof ReassignInput>;

export async function reassignProposal(opts: {
  db: Db;
  prompts: Prompts;
  actor: StaffActor;
  code: string;
  input: ReassignInput;
  /** The topics there are (knowledge/topics.json): an unknown code is refused. */
  topics?: { has(code: string): boolean };
}): Promise<"moved" | "topicCorrected"> {
  assertCan(opts.actor, "triage");
  const parsed = ReassignInput.safeParse(opts.input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new AppError("bad_request", { message: `${issue.path.join(".")}: ${issue.message}`, detail: { field: String(issue.path[0] ?? "departmentId") } });
  }
  const { departmentId, topic, note } = parsed.data;
  if (topic && opts.topics && !opts.topics.has(topic)) {
    throw new AppError("bad_request", { message: `unknown topic ${topic}`, detail: { field: "topic" } });
  }
  const p = await findProposalInScope(opts.db, opts.actor, opts.code);
  const dept = await opts.db.prisma.department.findUnique({ where: { id: departmentId }, select: { id: true, name: true } });
  if (!dept) throw new AppError("bad_request", { message: `department ${departmentId} not found`, detail: { field: "departmentId" } });
  const topicChanged = topic !== undefined && topic !== p.topic;
  if (dept.id !== p.departmentId) {
    await setProposalStatus({ db: opts.db, prompts: opts.prompts, actor: opts.actor, code: p.code, status: "routed", department: dept.id, note, ...(topicChanged ? { topic } : {}) });
    return "moved";
  }
  if (!topicChanged) throw new AppError("conflict", { message: `${p.code} is already with ${dept.name}, on that topic` });
  await opts.db.prisma.$transaction(async (tx) => {
    await tx.proposal.update({ where: { id: p.id }, data: { topic } });
    await recordAudit(tx, { actor: actorLabel(opts.actor), action: "proposal.topic", target: p.code, detail: { fromTopic: p.topic, topic, ...(note?.trim() ? { note: note.trim() } : {}) } });
  });
  return "topicCorrected";
}
