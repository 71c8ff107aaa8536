// The life of a Proposal (or an escalated question): its statuses, which moves are allowed, and
// readable codes. One vocabulary used by the conversation, the console, the API and the database.

export const PROPOSAL_STATUSES = ["received", "routed", "in_progress", "answered", "closed", "rejected"] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];

export const PROPOSAL_KINDS = ["proposal", "question"] as const;
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

/** KN-2026-00042 for proposals, CH-2026-00042 for escalated questions. */
export const CODE_PATTERN = /\b(KN|CH)-(\d{4})-(\d{5,})\b/i;

export function codePrefix(kind: ProposalKind): "KN" | "CH" {
  return kind === "proposal" ? "KN" : "CH";
}

export function formatCode(kind: ProposalKind, year: number, n: number): string {
  return `${codePrefix(kind)}-${year}-${String(n).padStart(5, "0")}`;
}

export function isProposalStatus(value: string): value is ProposalStatus {
  return (PROPOSAL_STATUSES as readonly string[]).includes(value);
}
