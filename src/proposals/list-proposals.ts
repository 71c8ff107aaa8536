// Use case: the staff queue — one page of the proposals and escalated questions an actor may see,
// filtered (status, department, topic, overdue, channel, kind, dates, text) and sorted by due date
// or arrival. The same filter feeds the export, so what staff see is what they download.
import type { Db, Prisma } from "../db/client.ts";
import { OPEN_STATUSES, type ProposalKind, type ProposalStatus } from "./proposal-status.ts";
import { searchTextOf } from "./search-text.ts";
import { proposalScope, type StaffActor } from "./staff-scope.ts";

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
  status: string;
  channel: string;
  content: string;
  topic: string | null;
  departmentName: string;
  createdAt: Date;
  dueAt: Date;
  overdue: boolean;
  escalated: boolean;
  mergedInto: string | null;
}

export interface QueuePage {
  items: QueueItem[];
  total: number;
  page: number;
  pages: number;
  pageSize: number;
}

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
  filter: ProposalFilter;
  sort?: QueueSort;
  page?: number;
  pageSize?: number;
  now?: Date;
}): Promise<QueuePage> {
  const now = opts.now ?? new Date();
  const pageSize = opts.pageSize ?? 25;
  const where = proposalFilterWhere(opts.actor, opts.filter, now);
  const total = await opts.db.prisma.proposal.count({ where });
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(Math.max(1, opts.page ?? 1), pages);
  const orderBy: Prisma.ProposalOrderByWithRelationInput[] =
    opts.sort === "created" ? [{ createdAt: "desc" }, { code: "desc" }] : [{ dueAt: "asc" }, { code: "asc" }];
  const rows = await opts.db.prisma.proposal.findMany({
    where,
    orderBy,
    skip: (page - 1) * pageSize,
    take: pageSize,
    select: {
      id: true, code: true, kind: true, status: true, channel: true, content: true, topic: true, createdAt: true, dueAt: true,
      escalatedAt: true, mergedIntoId: true, department: { select: { name: true } },
    },
  });
  const mergedIds = [...new Set(rows.map((r) => r.mergedIntoId).filter((id): id is string => id !== null))];
  const targets = mergedIds.length
    ? await opts.db.prisma.proposal.findMany({ where: { id: { in: mergedIds } }, select: { id: true, code: true } })
    : [];
  const codeOf = new Map(targets.map((t) => [t.id, t.code]));
  const items = rows.map((r) => ({
    code: r.code,
    kind: r.kind,
    status: r.status,
    channel: r.channel,
    content: r.content,
    topic: r.topic,
    departmentName: r.department.name,
    createdAt: r.createdAt,
    dueAt: r.dueAt,
    overdue: (OPEN_STATUSES as string[]).includes(r.status) && r.dueAt < now,
    escalated: r.escalatedAt !== null,
    mergedInto: r.mergedIntoId ? (codeOf.get(r.mergedIntoId) ?? null) : null,
  }));
  return { items, total, page, pages, pageSize };
}
