// The two writes behind every staff action on a Proposal: move it to another status (with a note,
// possibly to another department), or answer it. Every change is written to the status history
// with who and when, the author is told in the chat they used (through the outbox), and the audit
// entry is written, all in one transaction: a change without its audit row, or an audit row
// without its change, cannot be committed. Permission and scope are checked by the staff use cases
// that call these (set-proposal-status.ts, send-staff-answer.ts).
import { systemClock } from "../clock.ts";
import { recordAudit, type AuditAction } from "../db/audit-log.ts";
import type { Db, Prisma } from "../db/client.ts";
import { AppError } from "../errors.ts";
import { toLocale, type Prompts } from "../prompts.ts";
import { notifyAuthor } from "./notify-user.ts";
import { NEXT_STATUSES, isProposalStatus, kindPromptKey, type ProposalStatus } from "./proposal-status.ts";

type ProposalRow = Prisma.ProposalGetPayload<{ include: { department: true; user: true } }>;

async function loadForUpdate(tx: Prisma.TransactionClient, code: string): Promise<ProposalRow> {
  const p = await tx.proposal.findUnique({ where: { code: code.toUpperCase() }, include: { department: true, user: true } });
  if (!p) throw new AppError("not_found", { message: `proposal ${code} not found` });
  return p;
}

/** The audit entry for a change, built from the item as it was inside the transaction. */
export type AuditOfChange<Facts> = (facts: Facts) => { action: AuditAction; detail: Record<string, unknown> };

export interface StatusChangeFacts {
  from: ProposalStatus;
  fromDepartmentId: string;
  fromTopic: string | null;
}

export interface AnswerFacts {
  from: ProposalStatus;
  delivered: boolean;
}

function kindLabel(prompts: Prompts, locale: ReturnType<typeof toLocale>, kind: string) {
  return prompts.t(locale, kindPromptKey(kind));
}

export async function changeProposalStatus(opts: {
  db: Db;
  prompts: Prompts;
  code: string;
  status: ProposalStatus;
  actor: string;
  note?: string;
  departmentId?: string;
  /** The topic corrected with the move (null clears it); left out, the topic stays. */
  topic?: string | null;
  audit?: AuditOfChange<StatusChangeFacts>;
}): Promise<{ code: string; status: ProposalStatus }> {
  if (!isProposalStatus(opts.status)) throw new AppError("bad_request", { message: `unknown status ${String(opts.status)}` });
  return opts.db.prisma.$transaction(async (tx) => {
    const p = await loadForUpdate(tx, opts.code);
    const from = p.status as ProposalStatus;
    if (!NEXT_STATUSES[from]?.includes(opts.status)) {
      throw new AppError("conflict", { message: `cannot move ${p.code} from ${from} to ${opts.status}` });
    }
    let departmentName = p.department.name;
    if (opts.departmentId && opts.departmentId !== p.departmentId) {
      const dept = await tx.department.findUnique({ where: { id: opts.departmentId } });
      if (!dept) throw new AppError("bad_request", { message: `department ${opts.departmentId} not found` });
      departmentName = dept.name;
    }
    await tx.proposal.update({
      where: { id: p.id },
      data: { status: opts.status, ...(opts.departmentId ? { departmentId: opts.departmentId } : {}), ...(opts.topic !== undefined ? { topic: opts.topic } : {}) },
    });
    await tx.proposalEvent.create({
      data: { proposalId: p.id, fromStatus: from, toStatus: opts.status, actor: opts.actor, note: opts.note ?? null },
    });
    const locale = toLocale(p.user?.locale);
    const label = opts.prompts.t(locale, `status.${opts.status}`, { department: departmentName });
    const reason = opts.status === "rejected" && opts.note ? `\n${opts.prompts.t(locale, "proposal.reason", { reason: opts.note })}` : "";
    await notifyAuthor(tx, p, {
      text: opts.prompts.t(locale, "proposal.statusChanged", { kind: kindLabel(opts.prompts, locale, p.kind), code: p.code, status: label }) + reason,
    });
    if (opts.audit) await recordAudit(tx, { actor: opts.actor, target: p.code, ...opts.audit({ from, fromDepartmentId: p.departmentId, fromTopic: p.topic }) });
    return { code: p.code, status: opts.status };
  });
}

export async function answerProposal(opts: {
  db: Db;
  prompts: Prompts;
  code: string;
  answer: string;
  actor: string;
  audit?: AuditOfChange<AnswerFacts>;
  /** When the answer is given (answeredAt). */
  now?: Date;
}): Promise<{ code: string; status: "answered"; delivered: boolean }> {
  const answer = opts.answer.trim();
  if (answer.length < 2) throw new AppError("bad_request", { message: "the answer is empty", detail: { field: "text" } });
  return opts.db.prisma.$transaction(async (tx) => {
    const p = await loadForUpdate(tx, opts.code);
    const from = p.status as ProposalStatus;
    if (from === "closed" || from === "rejected") {
      throw new AppError("conflict", { message: `${p.code} is ${from}; re-open it before answering` });
    }
    const now = opts.now ?? systemClock.now();
    await tx.proposal.update({ where: { id: p.id }, data: { status: "answered", answer, answeredAt: now, answeredBy: opts.actor } });
    await tx.proposalEvent.create({ data: { proposalId: p.id, fromStatus: from, toStatus: "answered", actor: opts.actor, note: null } });
    // Merged items (the same request from several people) get the same answer.
    const merged = await tx.proposal.findMany({ where: { mergedIntoId: p.id }, include: { user: true } });
    let delivered = false;
    for (const item of [p, ...merged]) {
      if (item.id !== p.id) {
        await tx.proposal.update({ where: { id: item.id }, data: { status: "answered", answer, answeredAt: now, answeredBy: opts.actor } });
        await tx.proposalEvent.create({ data: { proposalId: item.id, fromStatus: item.status, toStatus: "answered", actor: opts.actor } });
      }
      const locale = toLocale(item.user?.locale);
      const sent = await notifyAuthor(tx, item, {
        text: opts.prompts.t(locale, "proposal.answered", {
          kind: kindLabel(opts.prompts, locale, item.kind),
          code: item.code,
          department: p.department.name,
          answer,
        }),
        choices: [
          { id: `rate:${item.code}:up`, label: opts.prompts.t(locale, "proposal.rateUp") },
          { id: `rate:${item.code}:down`, label: opts.prompts.t(locale, "proposal.rateDown") },
        ],
      });
      if (item.id === p.id) delivered = sent;
    }
    if (opts.audit) await recordAudit(tx, { actor: opts.actor, target: p.code, ...opts.audit({ from, delivered }) });
    return { code: p.code, status: "answered" as const, delivered };
  });
}
