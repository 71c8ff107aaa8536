// Use case: the figures behind the dashboard for a date range — questions asked per day and how
// many the bot could not answer, top topics, proposals by department and status, the share
// answered on time, the median time to answer, and the ratings. Days are Vietnam days (UTC+7).
import type { Db } from "../db/client.ts";
import { assertCan, type StaffActor } from "../staff/staff-scope.ts";
import { vietnamDay } from "../vietnam-time.ts";

export interface ActivitySummary {
  days: { day: string; answered: number; fallback: number }[];
  questions: number;
  fallbacks: number;
  /** fallbacks / questions, null without questions. */
  fallbackRate: number | null;
  topTopics: { topic: string; count: number }[];
  byDepartment: { departmentName: string; counts: Record<string, number>; total: number }[];
  proposals: number;
  answered: number;
  answeredOnTime: number;
  /** answeredOnTime / answered, null when nothing was answered. */
  onTimeShare: number | null;
  medianHoursToAnswer: number | null;
  ratings: { helpful: number; notHelpful: number };
}

export async function summarizeActivity(opts: { db: Db; actor: StaffActor; from: Date; to: Date }): Promise<ActivitySummary> {
  assertCan(opts.actor, "viewDashboard");
  const { prisma } = opts.db;
  const range = { gte: opts.from, lt: opts.to };
  const [messages, proposals, departments] = await Promise.all([
    prisma.message.findMany({
      where: { direction: "out", kind: { in: ["answer", "fallback"] }, createdAt: range },
      select: { kind: true, createdAt: true },
    }),
    prisma.proposal.findMany({
      where: { createdAt: range },
      select: { topic: true, status: true, departmentId: true, createdAt: true, dueAt: true, answeredAt: true, rating: true },
    }),
    prisma.department.findMany({ select: { id: true, name: true }, orderBy: { name: "asc" } }),
  ]);

  const perDay = new Map<string, { answered: number; fallback: number }>();
  for (let t = opts.from.getTime(); t < opts.to.getTime(); t += 86_400_000) perDay.set(vietnamDay(new Date(t)), { answered: 0, fallback: 0 });
  let fallbacks = 0;
  for (const m of messages) {
    const bucket = perDay.get(vietnamDay(m.createdAt)) ?? { answered: 0, fallback: 0 };
    if (m.kind === "fallback") {
      bucket.fallback++;
      fallbacks++;
    } else bucket.answered++;
    perDay.set(vietnamDay(m.createdAt), bucket);
  }

  const topics = new Map<string, number>();
  const byDept = new Map<string, Record<string, number>>();
  const hours: number[] = [];
  let answered = 0;
  let onTime = 0;
  const ratings = { helpful: 0, notHelpful: 0 };
  for (const p of proposals) {
    if (p.topic) topics.set(p.topic, (topics.get(p.topic) ?? 0) + 1);
    const counts = byDept.get(p.departmentId) ?? {};
    counts[p.status] = (counts[p.status] ?? 0) + 1;
    byDept.set(p.departmentId, counts);
    if (p.answeredAt) {
      answered++;
      if (p.answeredAt <= p.dueAt) onTime++;
      hours.push((p.answeredAt.getTime() - p.createdAt.getTime()) / 3600_000);
    }
    if (p.rating === "helpful") ratings.helpful++;
    else if (p.rating === "not_helpful") ratings.notHelpful++;
  }

  return {
    days: [...perDay.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([day, c]) => ({ day, ...c })),
    questions: messages.length,
    fallbacks,
    fallbackRate: messages.length ? fallbacks / messages.length : null,
    topTopics: [...topics.entries()].map(([topic, count]) => ({ topic, count })).sort((a, b) => b.count - a.count || a.topic.localeCompare(b.topic)).slice(0, 8),
    byDepartment: departments
      .filter((d) => byDept.has(d.id))
      .map((d) => {
        const counts = byDept.get(d.id)!;
        return { departmentName: d.name, counts, total: Object.values(counts).reduce((a, b) => a + b, 0) };
      }),
    proposals: proposals.length,
    answered,
    answeredOnTime: onTime,
    onTimeShare: answered ? onTime / answered : null,
    medianHoursToAnswer: median(hours),
    ratings,
  };
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
