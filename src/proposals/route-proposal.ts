// Use case: propose the department responsible for a text, from the routing rules in the database
// (keywords and topics → department). When no rule matches, or two departments match equally well,
// the coordinator (the Youth Union) triages.
import type { Db } from "../db/client.ts";
import { foldedText } from "../knowledge/text.ts";

export interface RouteResult {
  departmentId: string;
  departmentName: string;
  topic: string | null;
  /** False when the coordinator was chosen because nothing matched clearly. */
  matched: boolean;
}

const fold = (s: string) => ` ${foldedText(s).replace(/[^a-z0-9]+/g, " ").trim()} `;

export async function routeProposal(opts: { db: Db; text: string; topicHint?: string | null }): Promise<RouteResult> {
  const departments = await opts.db.prisma.department.findMany({ include: { routingRules: true }, orderBy: { createdAt: "asc" } });
  const coordinator = departments.find((d) => d.isCoordinator) ?? departments[0];
  if (!coordinator) throw new Error("no departments configured: run the service once to seed them");
  const text = fold(opts.text);
  const scores: { dept: (typeof departments)[number]; score: number; topic: string | null }[] = [];
  for (const dept of departments) {
    let best = { score: 0, topic: null as string | null };
    for (const rule of dept.routingRules) {
      let score = 0;
      for (const keyword of rule.keywords.split(",").map((k) => k.trim()).filter(Boolean)) {
        const k = fold(keyword);
        if (k.trim() && text.includes(k)) score += k.trim().split(" ").length;
      }
      if (opts.topicHint && rule.topic === opts.topicHint) score += 1;
      if (score > 0) score += rule.priority;
      if (score > best.score) best = { score, topic: rule.topic };
    }
    if (best.score > 0) scores.push({ dept, ...best });
  }
  scores.sort((a, b) => b.score - a.score);
  const [first, second] = scores;
  if (!first || (second && second.score === first.score && second.dept.id !== first.dept.id)) {
    return { departmentId: coordinator.id, departmentName: coordinator.name, topic: first?.topic ?? null, matched: false };
  }
  return { departmentId: first.dept.id, departmentName: first.dept.name, topic: first.topic, matched: true };
}
