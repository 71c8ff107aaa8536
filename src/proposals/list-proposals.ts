// Use case: the staff queue — one page of the proposals and escalated questions an actor may see,
// filtered (status, department, topic, overdue, channel, kind, dates, text) and sorted by due date
// or arrival, open urgent items (reports of a rights violation not yet answered, closed or rejected)
// always first; once dealt with, a report takes its place among the others by the sort chosen. The
// console's queue and the API's list both call it; the same filter feeds the
// export, so what staff see is what they download. The author's contact details are included only
// when asked for (the API) and they consented; returning them is audit-logged.
import { systemClock } from "../clock.ts";
import { recordAudit } from "../db/audit-log.ts";
import type { Db, Prisma } from "../db/client.ts";
import { actorLabel, type StaffVia } from "../staff/api-token.ts";
import { proposalScope, type StaffActor } from "../staff/staff-scope.ts";
import { OPEN_STATUSES, type ProposalKind, type ProposalStatus } from "./proposal-status.ts";
import { searchTextOf } from "./search-text.ts";

/** The consent purpose recorded when an author leaves a phone number or email (see proposal-intake). */
const CONTACT_CONSENT_PURPOSE = "callback";

export interface ProposalFilter {
  status?: ProposalStatus | "open" | undefined;
  departmentId?: string | undefined;
  topic?: string | undefined;
  /** Open items past their due date. */
  overdue?: boolean | undefined;
  channel?: string | undefined;
  kind?: ProposalKind | undefined;
  /** Received on or after `from`, before `to` (exclusive). */
  from?: Date | undefined;
  to?: Date | undefined;
  /** A code (KN-2026-00042, or part of it) or words of the content. */
  q?: string | undefined;
}

export type QueueSort = "due" | "created";

export interface QueueItem {
  code: string;
  kind: string;
  /** "urgent" (a report of a rights violation: shown on top with a badge) or "normal". */
  priority: string;
  status: string;
  channel: string;
  content: string;
  topic: string | null;
  departmentName: string;
  department: { id: string; slug: string; name: string };
  createdAt: Date;
  dueAt: Date;
  answeredAt: Date | null;
  answer: string | null;
  overdue: boolean;
  escalated: boolean;
  mergedInto: string | null;
  /** Only with `revealContact`, and only when the author consented to be contacted. */
  contact?: string;
}

export interface QueuePage {
  items: QueueItem[];
  total: number;
  page: number;
  pages: number;
  pageSize: number;
}

/** Pinned to the top of the queue: urgent items still open. */
const PINNED: Prisma.ProposalWhereInput = { priority: "urgent", status: { in: OPEN_STATUSES } };

/** The Prisma filter for what `actor` may see and `filter` asks for. */
export function proposalFilterWhere(actor: StaffActor, filter: ProposalFilter, now: Date): Prisma.ProposalWhereInput {
  const and: Prisma.ProposalWhereInput[] = [proposalScope(actor)];
  if (filter.status === "open") and.push({ status: { in: OPEN_STATUSES } });
  else if (filter.status) and.push({ status: filter.status });
  if (filter.departmentId) and.push({ departmentId: filter.departmentId });
  if (filter.topic) and.push({ topic: filter.topic });
  if (filter.overdue) and.push({ status: { in: OPEN_STATUSES }, dueAt: { lt: now } });
  if (filter.channel) and.push({ channel: filter.channel });
  if (filter.kind) and.push({ kind: filter.kind });
  if (filter.from) and.push({ createdAt: { gte: filter.from } });
  if (filter.to) and.push({ createdAt: { lt: filter.to } });
  const q = filter.q?.trim();
  if (q) {
    // Codes are stored upper-case; words are matched folded (search-text.ts).
    and.push({ OR: [{ code: { contains: q.toUpperCase() } }, { searchText: { contains: searchTextOf(q) } }] });
  }
  return { AND: and };
}

export async function listProposals(opts: {
  db: Db;
  actor: StaffActor;
  via?: StaffVia;
  filter: ProposalFilter;
  sort?: QueueSort;
  page?: number;
  pageSize?: number;
  /**
   * A page past the last one: the last page (the console, where a stale link should still show
   * something) or an empty page (the API, so an integrator paging until no items are left stops).
   */
  pastTheEnd?: "last" | "empty";
  /** Include the author's contact details where they consented (and audit-log that they were seen). */
  revealContact?: boolean;
  now?: Date;
}): Promise<QueuePage> {
  const now = opts.now ?? systemClock.now();
  const pageSize = opts.pageSize ?? 25;
  const where = proposalFilterWhere(opts.actor, opts.filter, now);
  // Open urgent items first, whatever the sort: read as two runs, the pinned ones and then the
  // rest, each in the order chosen, and the page cut across them.
  const pinnedWhere: Prisma.ProposalWhereInput = { AND: [where, PINNED] };
  const restWhere: Prisma.ProposalWhereInput = { AND: [where, { NOT: PINNED }] };
  const [total, pinnedCount] = await Promise.all([opts.db.prisma.proposal.count({ where }), opts.db.prisma.proposal.count({ where: pinnedWhere })]);
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const page = opts.pastTheEnd === "empty" ? Math.max(1, opts.page ?? 1) : Math.min(Math.max(1, opts.page ?? 1), pages);
  const orderBy: Prisma.ProposalOrderByWithRelationInput[] = opts.sort === "created" ? [{ createdAt: "desc" }, { code: "desc" }] : [{ dueAt: "asc" }, { code: "asc" }];
  const select = {
    id: true, code: true, kind: true, priority: true, status: true, channel: true, content: true, topic: true, createdAt: true, dueAt: true,
    escalatedAt: true, mergedIntoId: true, answer: true, answeredAt: true, contact: true, anonymisedAt: true,
    department: { select: { id: true, slug: true, name: true } },
    user: { select: { consents: { where: { purpose: CONTACT_CONSENT_PURPOSE }, select: { id: true }, take: 1 } } },
  } satisfies Prisma.ProposalSelect;
  const skip = (page - 1) * pageSize;
  const pinnedTake = Math.max(0, Math.min(pageSize, pinnedCount - skip));
  const pinned = pinnedTake > 0 ? await opts.db.prisma.proposal.findMany({ where: pinnedWhere, orderBy, skip, take: pinnedTake, select }) : [];
  const restTake = pageSize - pinned.length;
  const rest = restTake > 0 ? await opts.db.prisma.proposal.findMany({ where: restWhere, orderBy, skip: Math.max(0, skip - pinnedCount), take: restTake, select }) : [];
  const rows = [...pinned, ...rest];
  const mergedIds = [...new Set(rows.map((r) => r.mergedIntoId).filter((id): id is string => id !== null))];
  const targets = mergedIds.length
    ? await opts.db.prisma.proposal.findMany({ where: { id: { in: mergedIds } }, select: { id: true, code: true } })
    : [];
  const codeOf = new Map(targets.map((t) => [t.id, t.code]));
  const items = rows.map((r): QueueItem => ({
    code: r.code,
    kind: r.kind,
    priority: r.priority,
    status: r.status,
    channel: r.channel,
    content: r.content,
    topic: r.topic,
    departmentName: r.department.name,
    department: r.department,
    createdAt: r.createdAt,
    dueAt: r.dueAt,
    answeredAt: r.answeredAt,
    answer: r.answer,
    overdue: (OPEN_STATUSES as string[]).includes(r.status) && r.dueAt < now,
    escalated: r.escalatedAt !== null,
    mergedInto: r.mergedIntoId ? (codeOf.get(r.mergedIntoId) ?? null) : null,
    ...(opts.revealContact && r.contact && !r.anonymisedAt && (r.user?.consents.length ?? 0) > 0 ? { contact: r.contact } : {}),
  }));
  const withContact = items.filter((i) => i.contact !== undefined).map((i) => i.code);
  if (withContact.length > 0) {
    await recordAudit(opts.db.prisma, { actor: actorLabel(opts.actor, opts.via), action: "personal_data.view", target: null, detail: { field: "contact", codes: withContact } });
  }
  return { items, total, page, pages, pageSize };
}
