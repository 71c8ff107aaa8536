// Use case: suggest open items that say nearly the same as a given one, as merge candidates — a
// folded-syllable overlap (Jaccard) over the most recent open items the actor may see. Cheap, and
// good at the common case of the same request retyped with or without diacritics.
import type { Db } from "../db/client.ts";
import { foldedTokens, jaccard } from "../knowledge/search/text-similarity.ts";
import { OPEN_STATUSES } from "./proposal-status.ts";
import { proposalScope, type StaffActor } from "../staff/staff-scope.ts";

export interface SimilarProposal {
  code: string;
  content: string;
  status: string;
  departmentName: string;
  similarity: number;
}

export async function findSimilarProposals(opts: {
  db: Db;
  actor: StaffActor;
  code: string;
  content: string;
  limit?: number;
  minSimilarity?: number;
}): Promise<SimilarProposal[]> {
  const tokens = foldedTokens(opts.content);
  if (tokens.size === 0) return [];
  const candidates = await opts.db.prisma.proposal.findMany({
    where: { AND: [proposalScope(opts.actor), { status: { in: OPEN_STATUSES }, mergedIntoId: null, code: { not: opts.code } }] },
    orderBy: { createdAt: "desc" },
    take: 500,
    select: { code: true, content: true, status: true, department: { select: { name: true } } },
  });
  const min = opts.minSimilarity ?? 0.3;
  return candidates
    .map((c) => ({ code: c.code, content: c.content, status: c.status, departmentName: c.department.name, similarity: jaccard(tokens, foldedTokens(c.content)) }))
    .filter((c) => c.similarity >= min)
    .sort((a, b) => b.similarity - a.similarity || a.code.localeCompare(b.code))
    .slice(0, opts.limit ?? 5);
}
