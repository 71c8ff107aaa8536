// Use cases for authors: look up one of their own proposals by code, or list theirs. Someone
// else's code is reported exactly like an unknown one, so codes cannot be probed.
import type { Db } from "../db/client.ts";

export interface ProposalView {
  code: string;
  kind: string;
  status: string;
  content: string;
  departmentName: string;
  createdAt: Date;
  dueAt: Date;
  answer: string | null;
  answeredAt: Date | null;
}

const select = {
  code: true, kind: true, status: true, content: true, createdAt: true, dueAt: true, answer: true, answeredAt: true,
  department: { select: { name: true } },
} as const;

export async function findOwnProposal(opts: { db: Db; userId: string; code: string }): Promise<ProposalView | null> {
  const p = await opts.db.prisma.proposal.findFirst({ where: { code: opts.code.toUpperCase(), userId: opts.userId }, select });
  return p ? { ...p, departmentName: p.department.name } : null;
}

export async function listOwnProposals(opts: { db: Db; userId: string; take?: number }): Promise<ProposalView[]> {
  const rows = await opts.db.prisma.proposal.findMany({
    where: { userId: opts.userId },
    orderBy: { createdAt: "desc" },
    take: opts.take ?? 10,
    select,
  });
  return rows.map((p) => ({ ...p, departmentName: p.department.name }));
}
