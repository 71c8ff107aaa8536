// How a Proposal looks to other government systems: the request, its routing and its answer, but
// no personal data (no user id, chat id or channel identity). The author's contact details are
// included only when the use case returned them (they consented and have not erased their data).
// The use cases are the console's (list-proposals.ts, get-proposal-detail.ts); this only picks the
// API's fields from their results, so the API's response shapes stay what the OpenAPI document says.
import type { ProposalDetail } from "../proposals/get-proposal-detail.ts";
import type { QueueItem, QueuePage } from "../proposals/list-proposals.ts";

export interface ApiProposal {
  code: string;
  kind: string;
  status: string;
  content: string;
  topic: string | null;
  department: { id: string; slug: string; name: string };
  channel: string;
  createdAt: Date;
  dueAt: Date;
  answeredAt: Date | null;
  answer: string | null;
  /** Still open after its due date. */
  overdue: boolean;
  /** Present only when the author consented to be contacted. */
  contact?: string;
}

export interface ApiProposalEvent {
  from: string | null;
  to: string;
  actor: string;
  note: string | null;
  at: Date;
}

export interface ProposalPage {
  items: ApiProposal[];
  page: number;
  pageSize: number;
  total: number;
}

type ProposalFields = Pick<QueueItem, keyof Omit<ApiProposal, "contact">> & { contact?: string | null | undefined };

export function toApiProposal(item: ProposalFields): ApiProposal {
  return {
    code: item.code,
    kind: item.kind,
    status: item.status,
    content: item.content,
    topic: item.topic,
    department: item.department,
    channel: item.channel,
    createdAt: item.createdAt,
    dueAt: item.dueAt,
    answeredAt: item.answeredAt,
    answer: item.answer,
    overdue: item.overdue,
    ...(item.contact ? { contact: item.contact } : {}),
  };
}

export function toProposalPage(page: QueuePage): ProposalPage {
  return { items: page.items.map(toApiProposal), page: page.page, pageSize: page.pageSize, total: page.total };
}

export function toApiProposalDetail(detail: ProposalDetail): ApiProposal & { history: ApiProposalEvent[] } {
  return {
    ...toApiProposal(detail),
    history: detail.events.map((e) => ({ from: e.fromStatus, to: e.toStatus, actor: e.actor, note: e.note, at: e.createdAt })),
  };
}
