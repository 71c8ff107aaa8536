// Use case: propose the department responsible for a text, from the routing rules in the database
// (keywords and topics → department). When no rule matches, or two departments match equally well,
// the coordinator (the Youth Union) triages. A local-matter rule (toCommune) sends the item to the
// People's Committee of the commune or ward the person names; until one is named it goes to the
// rule's own department, and the intake may ask where the person lives (askCommune).
import type { Db } from "../db/client.ts";
import { findCommune, KeywordMatcher, matchKeywords } from "./routing-keywords.ts";

export interface RouteResult {
  departmentId: string;
  departmentName: string;
  topic: string | null;
  /** False when the coordinator was chosen because nothing matched clearly. */
  matched: boolean;
  /** The rule that decided and the keywords of it found in the text; null when nothing decided. */
  rule: { id: string; keywords: string[] } | null;
  /** A local matter whose commune or ward is not known, and there are commune committees to choose from. */
  askCommune: boolean;
}

export async function routeProposal(opts: {
  db: Db;
  text: string;
  topicHint?: string | null;
  /** Where the person says they live, in their words (the answer to the intake's question). */
  commune?: string;
}): Promise<RouteResult> {
  const departments = await opts.db.prisma.department.findMany({ include: { routingRules: true }, orderBy: { createdAt: "asc" } });
  const coordinator = departments.find((d) => d.isCoordinator) ?? departments.find((d) => d.kind !== "commune") ?? departments[0];
  if (!coordinator) throw new Error("no departments configured: run the service once to seed them");
  const matcher = new KeywordMatcher(opts.text);
  type Rule = (typeof departments)[number]["routingRules"][number];
  const scores: { dept: (typeof departments)[number]; score: number; rule: Rule; found: string[] }[] = [];
  for (const dept of departments) {
    let best: (typeof scores)[number] | null = null;
    for (const rule of dept.routingRules) {
      const { found, weight } = matchKeywords(matcher, rule.keywords);
      let score = weight;
      if (opts.topicHint && rule.topic === opts.topicHint) score += 1;
      if (score > 0) score += rule.priority;
      if (score > (best?.score ?? 0)) best = { dept, score, rule, found };
    }
    if (best) scores.push(best);
  }
  scores.sort((a, b) => b.score - a.score);
  const [first, second] = scores;
  const toCoordinator = { departmentId: coordinator.id, departmentName: coordinator.name, matched: false, rule: null, askCommune: false };
  if (!first || (second && second.score === first.score && second.dept.id !== first.dept.id)) {
    // A tie between departments says nothing about the topic either: taking the first rule's topic
    // told "mong tỉnh đầu tư xây dựng sân bóng" it was about enterprises. Keep a topic only when
    // every rule in the tie names the same one; otherwise the coordinator decides both.
    const tied = scores.filter((s) => s.score === first?.score);
    const topic = tied.length > 0 && tied.every((s) => s.rule.topic === tied[0]!.rule.topic) ? tied[0]!.rule.topic : null;
    return { ...toCoordinator, topic };
  }
  const rule = { id: first.rule.id, keywords: first.found };
  if (first.rule.toCommune) {
    const communes = departments.filter((d) => d.kind === "commune");
    const commune = (opts.commune ? findCommune(communes, opts.commune) : null) ?? findCommune(communes, opts.text);
    if (commune) return { departmentId: commune.id, departmentName: commune.name, topic: first.rule.topic, matched: true, rule, askCommune: false };
    return {
      departmentId: first.dept.id,
      departmentName: first.dept.name,
      topic: first.rule.topic,
      matched: !first.dept.isCoordinator,
      rule,
      askCommune: communes.length > 0 && opts.commune === undefined,
    };
  }
  return { departmentId: first.dept.id, departmentName: first.dept.name, topic: first.rule.topic, matched: true, rule, askCommune: false };
}
