// How a Proposal looks to other government systems: the request, its routing and its answer, but
// no personal data (no user id, chat id or channel identity). The author's contact details are
// included only when they consented to be contacted and have not since erased their data.
import type { Prisma } from "../db/client.ts";
import { OPEN_STATUSES, type ProposalStatus } from "./proposal-status.ts";

/** The consent purpose recorded when an author leaves a phone number or email (see proposal-intake). */
const CONTACT_CONSENT_PURPOSE = "callback";

export const apiProposalSelect = {
  code: true,
  kind: true,
  status: true,
  content: true,
  topic: true,
  channel: true,
  createdAt: true,
  dueAt: true,
  answeredAt: true,
  answer: true,
  contact: true,
  anonymisedAt: true,
  department: { select: { id: true, slug: true, name: true } },
  user: { select: { consents: { where: { purpose: CONTACT_CONSENT_PURPOSE }, select: { id: true }, take: 1 } } },
} satisfies Prisma.ProposalSelect;

type ApiProposalRow = Prisma.ProposalGetPayload<{ select: typeof apiProposalSelect }>;

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

export function toApiProposal(row: ApiProposalRow, now: Date): ApiProposal {
  const consented = !row.anonymisedAt && (row.user?.consents.length ?? 0) > 0;
  return {
    code: row.code,
    kind: row.kind,
    status: row.status,
    content: row.content,
    topic: row.topic,
    department: row.department,
    channel: row.channel,
    createdAt: row.createdAt,
    dueAt: row.dueAt,
    answeredAt: row.answeredAt,
    answer: row.answer,
    overdue: OPEN_STATUSES.includes(row.status as ProposalStatus) && row.dueAt.getTime() < now.getTime(),
    ...(consented && row.contact ? { contact: row.contact } : {}),
  };
}
