// Use case: everything staff see of one item, on its console page or through the API — content,
// department, the person (a pseudonym unless they consented to be contacted; viewing the contact
// is audit-logged), the full status history, internal notes, merged items, and the delivery status
// of messages sent about it. The API shows a part of it (src/api/proposal-view.ts).
import { createHash } from "node:crypto";
import { systemClock } from "../clock.ts";
import type { Db } from "../db/client.ts";
import { recordAudit } from "../db/audit-log.ts";
import { actorLabel, type StaffVia } from "../staff/api-token.ts";
import type { StaffActor } from "../staff/staff-scope.ts";
import { findProposalInScope } from "./find-proposal-in-scope.ts";
import { OPEN_STATUSES } from "./proposal-status.ts";

export interface ProposalDetail {
  id: string;
  code: string;
  kind: string;
  status: string;
  channel: string;
  content: string;
  topic: string | null;
  departmentId: string;
  departmentName: string;
  department: { id: string; slug: string; name: string };
  createdAt: Date;
  dueAt: Date;
  overdue: boolean;
  answer: string | null;
  answeredAt: Date | null;
  answeredBy: string | null;
  rating: string | null;
  reminderSentAt: Date | null;
  escalatedAt: Date | null;
  /** "Người dùng #1a2b3c4d" is rendered from this pseudonym; null once the person erased their data. */
  personTag: string | null;
  /** Shown only when the person consented to be contacted. */
  contact: string | null;
  /**
   * The routing rule that chose the department at intake and the keywords of it found in the text;
   * `rule` is the rule as it is now (null once deleted). Null when no rule decided (the coordinator
   * triaged) or the item is older than this record.
   */
  routedBy: { ruleId: string; keywords: string[]; rule: { departmentName: string; toCommune: boolean; topic: string | null } | null } | null;
  mergedInto: { code: string } | null;
  mergedItems: { code: string; status: string }[];
  events: { fromStatus: string | null; toStatus: string; actor: string; note: string | null; createdAt: Date }[];
  notes: { author: string; text: string; createdAt: Date }[];
  deliveries: { status: string; attempts: number; createdAt: Date; sentAt: Date | null; lastError: string | null; excerpt: string }[];
}

/** A stable, short pseudonym for a chat user, so staff can tell items of one person apart. */
export function personTag(userId: string): string {
  return createHash("sha256").update(`person:${userId}`).digest("hex").slice(0, 8);
}

export async function getProposalDetail(opts: {
  db: Db;
  actor: StaffActor;
  via?: StaffVia;
  code: string;
  /** False for views that do not show the person (e.g. the delivery panel): no contact, no audit entry. */
  revealContact?: boolean;
  /**
   * The console session looking: its view of the contact is audit-logged once per session and
   * item, not on every page load. Without it (the API) every view is logged.
   */
  sessionId?: string;
  now?: Date;
}): Promise<ProposalDetail> {
  const { prisma } = opts.db;
  const found = await findProposalInScope(opts.db, opts.actor, opts.code);
  const p = await prisma.proposal.findUniqueOrThrow({
    where: { id: found.id },
    include: {
      department: { select: { id: true, slug: true, name: true } },
      events: { orderBy: [{ createdAt: "asc" }, { id: "asc" }] },
      notes: { orderBy: [{ createdAt: "asc" }, { id: "asc" }] },
      user: { select: { id: true, consents: { where: { purpose: "callback" }, select: { id: true } } } },
    },
  });
  const consented = opts.revealContact !== false && !!p.contact && !p.anonymisedAt && (p.user?.consents.length ?? 0) > 0;
  const [mergedInto, mergedItems, outbox, rule] = await Promise.all([
    p.mergedIntoId ? prisma.proposal.findUnique({ where: { id: p.mergedIntoId }, select: { code: true } }) : null,
    prisma.proposal.findMany({ where: { mergedIntoId: p.id }, select: { code: true, status: true }, orderBy: { code: "asc" } }),
    p.chatId
      ? prisma.outboxMessage.findMany({
          where: { channel: p.channel, chatId: p.chatId, payload: { contains: p.code } },
          orderBy: { id: "desc" },
          take: 20,
        })
      : [],
    p.routingRuleId
      ? prisma.routingRule.findUnique({ where: { id: p.routingRuleId }, select: { toCommune: true, topic: true, department: { select: { name: true } } } })
      : null,
  ]);
  if (consented) await auditContactView(opts.db, actorLabel(opts.actor, opts.via), p.code, opts.sessionId);
  const now = opts.now ?? systemClock.now();
  return {
    id: p.id,
    code: p.code,
    kind: p.kind,
    status: p.status,
    channel: p.channel,
    content: p.content,
    topic: p.topic,
    departmentId: p.departmentId,
    departmentName: p.department.name,
    department: p.department,
    createdAt: p.createdAt,
    dueAt: p.dueAt,
    overdue: (OPEN_STATUSES as string[]).includes(p.status) && p.dueAt < now,
    answer: p.answer,
    answeredAt: p.answeredAt,
    answeredBy: p.answeredBy,
    rating: p.rating,
    reminderSentAt: p.reminderSentAt,
    escalatedAt: p.escalatedAt,
    personTag: p.userId && !p.anonymisedAt ? personTag(p.userId) : null,
    contact: consented ? p.contact : null,
    routedBy: p.routingRuleId
      ? {
          ruleId: p.routingRuleId,
          keywords: (p.routingMatch ?? "").split(",").map((k) => k.trim()).filter(Boolean),
          rule: rule ? { departmentName: rule.department.name, toCommune: rule.toCommune, topic: rule.topic } : null,
        }
      : null,
    mergedInto,
    mergedItems,
    events: p.events.map((e) => ({ fromStatus: e.fromStatus, toStatus: e.toStatus, actor: e.actor, note: e.note, createdAt: e.createdAt })),
    notes: p.notes.map((n) => ({ author: n.author, text: n.text, createdAt: n.createdAt })),
    deliveries: outbox.map((m) => ({
      status: m.status,
      attempts: m.attempts,
      createdAt: m.createdAt,
      sentAt: m.sentAt,
      lastError: m.lastError,
      excerpt: excerptOf(m.payload),
    })),
  };
}

/**
 * One audit row per session and item: the row carries a key derived from the session (not the
 * session id itself, which would let an audit reader find the live session row), and a later view
 * in the same session finds it, also after a restart. Two views racing may both write; that is
 * one line too many, never one too few.
 */
async function auditContactView(db: Db, actor: string, code: string, sessionId: string | undefined): Promise<void> {
  const session = sessionId ? createHash("sha256").update(`contact-view:${sessionId}`).digest("hex").slice(0, 24) : undefined;
  if (session) {
    const seen = await db.prisma.auditLog.findFirst({
      where: { action: "personal_data.view", target: code, actor, detail: { contains: `"session":"${session}"` } },
      select: { id: true },
    });
    if (seen) return;
  }
  await recordAudit(db.prisma, { actor, action: "personal_data.view", target: code, detail: { field: "contact", ...(session ? { session } : {}) } });
}

function excerptOf(payload: string): string {
  try {
    const text = (JSON.parse(payload) as { text?: unknown }).text;
    return typeof text === "string" ? (text.length > 160 ? `${text.slice(0, 159)}…` : text) : "";
  } catch {
    return "";
  }
}
