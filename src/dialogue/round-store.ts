// The DialogueRound table's only writer: insert a round, change its plan, record its conclusions.
// The use cases (open-round.ts, edit-round.ts, record-conclusions.ts) check permissions and input
// and call these inside their transaction, with the audit entry beside them.
import type { Prisma } from "../db/client.ts";
import type { RoundFields } from "./round-input.ts";

type Tx = Prisma.TransactionClient;

/** The columns of the plan, from the validated form: a dialogue conference has no organising department. */
function planColumns(fields: RoundFields) {
  return {
    title: fields.title,
    kind: fields.kind,
    topics: fields.topics.trim(),
    departmentId: fields.kind === "forum" ? (fields.departmentId ?? null) : null,
    collectFrom: fields.collectFrom,
    collectUntil: fields.collectUntil,
    voteFrom: fields.voteFrom,
    voteUntil: fields.voteUntil,
    meetingAt: fields.meetingAt,
    answersDue: fields.answersDue,
  };
}

export async function insertRound(tx: Tx, slug: string, fields: RoundFields, now: Date) {
  return tx.dialogueRound.create({ data: { slug, ...planColumns(fields), createdAt: now, updatedAt: now } });
}

export async function updateRoundPlan(tx: Tx, id: string, fields: RoundFields, now: Date) {
  return tx.dialogueRound.update({ where: { id }, data: { ...planColumns(fields), updatedAt: now } });
}

export async function setRoundConclusions(tx: Tx, id: string, conclusions: string, now: Date) {
  return tx.dialogueRound.update({ where: { id }, data: { conclusions, concludedAt: now, updatedAt: now } });
}
