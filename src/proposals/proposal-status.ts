// The life of a Proposal (or an escalated question): its statuses, which moves are allowed, and
// readable codes. One vocabulary used by the conversation, the console, the API and the database.

export const PROPOSAL_STATUSES = ["received", "routed", "in_progress", "answered", "closed", "rejected"] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];

/** "idea": an idea or initiative (to the Youth Union); "report": a violation of young people's or children's rights (urgent, never public). */
export const PROPOSAL_KINDS = ["proposal", "question", "idea", "report"] as const;
export type ProposalKind = (typeof PROPOSAL_KINDS)[number];

/** Which statuses may follow which (staff may also re-open an answered item). */
export const NEXT_STATUSES: Record<ProposalStatus, ProposalStatus[]> = {
  received: ["routed", "in_progress", "answered", "rejected", "closed"],
  routed: ["routed", "in_progress", "answered", "rejected", "closed"],
  in_progress: ["routed", "answered", "rejected", "closed"],
  answered: ["in_progress", "closed"],
  closed: ["in_progress"],
  rejected: ["in_progress"],
};

export const OPEN_STATUSES: ProposalStatus[] = ["received", "routed", "in_progress"];

/** "normal", or "urgent": a report, on top of the coordinator's queue with a badge. */
export const PRIORITIES = ["normal", "urgent"] as const;
export type Priority = (typeof PRIORITIES)[number];

/** KN-2026-00042 for proposals, CH- for escalated questions, YT- for ideas (ý tưởng), BC- for reports (báo cáo). */
export const CODE_PATTERN = /\b(KN|CH|YT|BC)-(\d{4})-(\d{5,})\b/i;

const PREFIXES = { proposal: "KN", question: "CH", idea: "YT", report: "BC" } as const satisfies Record<ProposalKind, string>;

export function codePrefix(kind: ProposalKind): (typeof PREFIXES)[ProposalKind] {
  return PREFIXES[kind];
}

/** The prompt key of a kind's name in chat ("proposal.kindIdea"); an unknown kind reads as a proposal. */
export function kindPromptKey(kind: string): string {
  const known: Record<string, string> = { proposal: "proposal.kindProposal", question: "proposal.kindQuestion", idea: "proposal.kindIdea", report: "proposal.kindReport" };
  return known[kind] ?? "proposal.kindProposal";
}

export function formatCode(kind: ProposalKind, year: number, n: number): string {
  return `${codePrefix(kind)}-${year}-${String(n).padStart(5, "0")}`;
}

export function isProposalStatus(value: string): value is ProposalStatus {
  return (PROPOSAL_STATUSES as readonly string[]).includes(value);
}
