// Use case: escalated questions that staff have answered, newest answer first — the raw material
// for new FAQ entries (see knowledge/draft-faq-entry.ts).
import type { Db } from "../db/client.ts";
import { assertCan, type StaffActor } from "../staff/staff-scope.ts";

export async function listAnsweredQuestions(opts: { db: Db; actor: StaffActor; take?: number }) {
  assertCan(opts.actor, "viewDashboard");
  return opts.db.prisma.proposal.findMany({
    where: { kind: "question", answer: { not: null } },
    orderBy: { answeredAt: "desc" },
    take: opts.take ?? 20,
    select: { code: true, content: true, answer: true, answeredAt: true, answeredBy: true, department: { select: { name: true } } },
  });
}
