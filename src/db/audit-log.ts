// The audit log: one row per staff or administrator action (and system actions on their behalf),
// written in the same transaction as the action when there is one. Details are JSON. This module
// is the AuditLog table's only writer: every part that audits calls recordAudit, and erasure on
// request calls redactAuditEntries.
import type { Prisma, PrismaClient } from "./client.ts";

type Tx = Prisma.TransactionClient | PrismaClient;

/**
 * Every action the audit log knows. A writer can only use one of these, and each has a name and a
 * sentence for people in src/proposals/labels.ts (the type checker refuses a code without them).
 */
export const AUDIT_ACTIONS = [
  "auth.login",
  "auth.logout",
  "auth.loginFailed",
  "auth.signInDelayed",
  "staff.create",
  "staff.role",
  "staff.active",
  "staff.resetPassword",
  "staff.setPassword",
  "staff.changePassword",
  "token.create",
  "token.revoke",
  "proposal.answer",
  "proposal.status",
  "proposal.reassign",
  "proposal.topic",
  "proposal.merge",
  "proposal.note",
  "proposal.export",
  "proposal.reminder",
  "proposal.escalate",
  "proposal.urgentNotice",
  "personal_data.view",
  "department.create",
  "department.update",
  "routingRule.create",
  "routingRule.update",
  "routingRule.delete",
  "document.upload",
  "document.update",
  "document.expire",
  "document.delete",
  "faq.save",
  "knowledge.phrasing.propose",
  "knowledge.phrasing.approve",
  "knowledge.phrasing.reject",
  "dataRequest.close",
  "dataRequest.overdue",
  "round.open",
  "round.edit",
  "round.agenda",
  "round.publicText",
  "round.conclude",
  "opportunity.create",
  "opportunity.edit",
  "opportunity.withdraw",
  "opportunity.import",
  "opportunity.feedAdd",
  "opportunity.feedPause",
  "opportunity.feedResume",
  "opportunity.feedDelete",
  "broadcast.send",
  "broadcast.pause",
  "broadcast.resume",
  "broadcast.close",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export async function recordAudit(
  tx: Tx,
  entry: { actor: string; action: AuditAction; target?: string | null; detail?: Record<string, unknown> },
): Promise<void> {
  await tx.auditLog.create({
    data: { actor: entry.actor, action: entry.action, target: entry.target ?? null, detail: JSON.stringify(entry.detail ?? {}) },
  });
}

/**
 * Erasure: the entries about these proposal codes (as target or quoted in the detail) keep what was
 * done, with the person's data scrubbed from the detail by the scrub privacy gives. Returns how
 * many rows changed.
 */
export async function redactAuditEntries(tx: Prisma.TransactionClient, codes: string[], scrub: (text: string) => string): Promise<number> {
  if (codes.length === 0) return 0;
  const entries = await tx.auditLog.findMany({
    where: { OR: [{ target: { in: codes } }, ...codes.map((code) => ({ detail: { contains: code } }))] },
    select: { id: true, detail: true },
  });
  let changed = 0;
  for (const e of entries) {
    const detail = scrub(e.detail);
    if (detail !== e.detail) changed += (await tx.auditLog.updateMany({ where: { id: e.id }, data: { detail } })).count;
  }
  return changed;
}
