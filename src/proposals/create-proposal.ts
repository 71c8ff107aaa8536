// Use case: store a confirmed Proposal (or an escalated question) with a unique readable code
// (KN-2026-00042 / CH-2026-00042), status "received", the department's due date, and the first
// entry of its status history. Runs inside the caller's transaction so that the code, the
// proposal and the reply that announces it are committed together.
import { systemClock } from "../clock.ts";
import type { Prisma } from "../db/client.ts";
import { vietnamYear } from "../vietnam-time.ts";
import { formatCode, codePrefix, type Priority, type ProposalKind } from "./proposal-status.ts";
import { searchTextOf } from "./search-text.ts";

export interface CreateProposalInput {
  kind: ProposalKind;
  userId: string;
  channel: string;
  chatId: string;
  content: string;
  topic: string | null;
  departmentId: string;
  /** The routing rule that chose the department, and the keywords of it found (routeProposal's `rule`). */
  routedBy?: { id: string; keywords: string[] } | null;
  /** The dialogue round the question was sent for, when it was (src/dialogue/). */
  roundId?: string | null;
  /** "urgent" for a report of a rights violation; "normal" otherwise. */
  priority?: Priority;
  now?: Date;
}

export interface CreatedProposal {
  id: string;
  code: string;
  status: "received";
  dueAt: Date;
  departmentName: string;
}

export async function createProposal(tx: Prisma.TransactionClient, input: CreateProposalInput): Promise<CreatedProposal> {
  const now = input.now ?? systemClock.now();
  // The year in Vietnam, not the server's time zone: a proposal sent at 01:00 on 1 January is that year's.
  const year = vietnamYear(now);
  const counter = await tx.codeCounter.upsert({
    where: { key: `${codePrefix(input.kind)}-${year}` },
    create: { key: `${codePrefix(input.kind)}-${year}`, value: 1 },
    update: { value: { increment: 1 } },
  });
  const department = await tx.department.findUniqueOrThrow({ where: { id: input.departmentId } });
  const dueAt = new Date(now.getTime() + department.dueDays * 86_400_000);
  const code = formatCode(input.kind, year, counter.value);
  const proposal = await tx.proposal.create({
    data: {
      code,
      kind: input.kind,
      priority: input.priority ?? "normal",
      userId: input.userId,
      channel: input.channel,
      chatId: input.chatId,
      content: input.content,
      searchText: searchTextOf(input.content),
      topic: input.topic,
      routingRuleId: input.routedBy?.id ?? null,
      routingMatch: input.routedBy ? input.routedBy.keywords.join(", ") : null,
      departmentId: department.id,
      roundId: input.roundId ?? null,
      status: "received",
      dueAt,
      createdAt: now,
      events: { create: { toStatus: "received", actor: "user", createdAt: now } },
    },
  });
  return { id: proposal.id, code, status: "received", dueAt, departmentName: department.name };
}
