// Use cases behind the console queue "Yêu cầu về dữ liệu cá nhân": the list (text masked, overdue
// ones flagged), one request in full, and the count of overdue ones for the navigation badge.
import type { Db } from "../db/client.ts";
import { AppError } from "../errors.ts";
import { isOverdue } from "./data-request.ts";
import { maskPersonalData } from "./mask.ts";

export interface DataRequestRow {
  id: string;
  kind: string;
  status: string;
  channel: string;
  /** The person's words with phone numbers, e-mails and ID numbers masked (list view). */
  maskedText: string;
  receivedAt: Date;
  dueAt: Date;
  closedAt: Date | null;
  overdue: boolean;
}

export async function listDataRequests(opts: { db: Db; now: Date; status?: "open" | "closed" | undefined; take?: number }): Promise<DataRequestRow[]> {
  const rows = await opts.db.prisma.dataRequest.findMany({
    where: opts.status ? { status: opts.status } : {},
    // Open ones first, the most urgent on top; then the recently closed.
    orderBy: [{ status: "desc" }, { dueAt: "asc" }],
    take: opts.take ?? 200,
  });
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    status: r.status,
    channel: r.channel,
    maskedText: maskPersonalData(r.text.length > 200 ? `${r.text.slice(0, 199)}…` : r.text),
    receivedAt: r.receivedAt,
    dueAt: r.dueAt,
    closedAt: r.closedAt,
    overdue: isOverdue(r, opts.now),
  }));
}

export async function countOverdueDataRequests(opts: { db: Db; now: Date }): Promise<number> {
  return opts.db.prisma.dataRequest.count({ where: { status: "open", dueAt: { lt: opts.now } } });
}

export interface DataRequestDetail extends DataRequestRow {
  text: string;
  reply: string | null;
  closedBy: string | null;
  /** The person's proposals, so staff can find what the request is about. */
  proposalCodes: string[];
  ageBand: string | null;
}

export async function getDataRequest(opts: { db: Db; id: string; now: Date }): Promise<DataRequestDetail> {
  const r = await opts.db.prisma.dataRequest.findUnique({
    where: { id: opts.id },
    include: { user: { select: { ageBand: true, proposals: { select: { code: true }, orderBy: { createdAt: "desc" }, take: 20 } } } },
  });
  if (!r) throw new AppError("not_found", { message: `no data request ${opts.id.slice(0, 40)}` });
  return {
    id: r.id,
    kind: r.kind,
    status: r.status,
    channel: r.channel,
    maskedText: maskPersonalData(r.text),
    text: r.text,
    receivedAt: r.receivedAt,
    dueAt: r.dueAt,
    closedAt: r.closedAt,
    overdue: isOverdue(r, opts.now),
    reply: r.reply,
    closedBy: r.closedBy,
    proposalCodes: r.user.proposals.map((p) => p.code),
    ageBand: r.user.ageBand,
  };
}
