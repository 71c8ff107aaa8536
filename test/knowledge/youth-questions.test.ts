// Answer quality as a floor, on twenty question sets run through the real conversation by
// `chat eval` on one knowledge base: the set the decision was fitted on (eval/youth-questions.jsonl,
// 320 questions in five styles — accented, unaccented, teencode, long messages with a story, English
// — and 60 it must decline), the first held-out set (eval/youth-questions-holdout.jsonl, whose
// failures were read while developing, so no longer fully independent), two fresh development sets
// (eval/youth-questions-fresh-a.jsonl; fresh-b.jsonl, heavier on English and long messages) and a
// sealed set (eval/youth-questions-sealed.jsonl), all three written by someone who read only the
// knowledge base. The sealed set's questions are not read
// while developing: only its figures are printed here, never its misses. Fresh set C
// (eval/youth-questions-fresh-c.jsonl, session 8, same brief) was kept unread the same way for one
// session; its misses were read in session 9, which wrote fresh set D
// (eval/youth-questions-fresh-d.jsonl, same brief) to be the unread one beside the sealed set.
// Session 10 wrote fresh set E (eval/youth-questions-fresh-e.jsonl, a new author, same brief, who
// read only the knowledge base's questions and answers), unread like sealed and D; only the five
// out-of-scope questions it saw answered were read once. Session 10 also added probe sets, read
// while developing: English questions with siblings and Vietnamese typed inside them
// (youth-questions-english.jsonl); the weakest topics — children, proposals, working abroad, civil
// law, unemployment insurance — in accented, long and teencode styles
// (youth-questions-weak-topics.jsonl); the other topics in unaccented, teencode and long styles
// (youth-questions-other-topics.jsonl, by an author who saw none of the others); and 140 questions
// to decline that share everyday words with what we cover (out-of-scope.jsonl: passwords,
// e-wallets, exes, exam tips…). Session 11 added a second English probe by another author who read
// only the knowledge base (youth-questions-english-2.jsonl: broken, casual and formal English, long
// stories, Vietnamese terms inside, sibling questions, 40 to decline) and a probe of accented and
// long messages written from the answers' details (youth-questions-accented-long.jsonl: extra
// conditions — a minor, a disabled or pregnant worker, a poor household — and vague endings like
// "vậy em phải làm sao?"); the misses of both were read. Session 12 wrote fresh set F
// (eval/youth-questions-fresh-f.jsonl, a new author who read only the knowledge base, 40 questions
// in each style and 40 to decline), unread like sealed, D and E; and a probe of the two weakest
// styles, long stories and English with contrasts (youth-questions-long-english.jsonl), and one of
// details stated inside answers — numbers, offices, exceptions — by another new author, 40 in each
// style (youth-questions-details.jsonl); both read. Session 13 wrote fresh set G
// (eval/youth-questions-fresh-g.jsonl, two new authors, 250 questions and 50 to decline, half of
// them on facts stated only in law texts and guides), whose misses were read, and fresh set H
// (eval/youth-questions-fresh-h.jsonl, two more new authors, same brief, 200 and 40), unread; and,
// at its end, fresh set I (eval/youth-questions-fresh-i.jsonl, two more new authors, everyday
// situations and the newest laws, 200 and 40), unread and never used to choose anything.
// The floors sit a little below today's figures (README, "Answer quality"): a change that loses
// answers, answers wrongly more often or stops declining fails here.
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runChatEvals } from "../../src/cli/chat-commands.ts";
import { readChatEvalCases, type ChatEvalReport } from "../../src/conversation/chat-eval.ts";
import { repoRoot } from "../support/env.ts";

const config = { knowledgeDir: path.join(repoRoot, "knowledge"), embeddings: undefined, confidenceThreshold: undefined, botName: "Trợ lý", orgName: "Tỉnh đoàn" };

const SETS = {
  youth: "eval/youth-questions.jsonl",
  holdout: "eval/youth-questions-holdout.jsonl",
  fresh: "eval/youth-questions-fresh-a.jsonl",
  freshB: "eval/youth-questions-fresh-b.jsonl",
  sealed: "eval/youth-questions-sealed.jsonl",
  freshC: "eval/youth-questions-fresh-c.jsonl",
  freshD: "eval/youth-questions-fresh-d.jsonl",
  freshE: "eval/youth-questions-fresh-e.jsonl",
  english: "eval/youth-questions-english.jsonl",
  english2: "eval/youth-questions-english-2.jsonl",
  accentedLong: "eval/youth-questions-accented-long.jsonl",
  weakTopics: "eval/youth-questions-weak-topics.jsonl",
  otherTopics: "eval/youth-questions-other-topics.jsonl",
  freshF: "eval/youth-questions-fresh-f.jsonl",
  longEnglish: "eval/youth-questions-long-english.jsonl",
  details: "eval/youth-questions-details.jsonl",
  freshG: "eval/youth-questions-fresh-g.jsonl",
  freshH: "eval/youth-questions-fresh-h.jsonl",
  freshI: "eval/youth-questions-fresh-i.jsonl",
  outOfScope: "eval/out-of-scope.jsonl",
} as const;
/** Sets whose questions are never read while developing: only their figures are printed. */
const UNREAD: ReadonlySet<SetName> = new Set(["sealed", "freshD", "freshE", "freshF", "freshH", "freshI"]);
type SetName = keyof typeof SETS;

const FLOORS: Record<SetName, { rightFirst: number; rightWithinTap: number; wrong: number; declined: number }> = {
  youth: { rightFirst: 0.89, rightWithinTap: 0.95, wrong: 0.035, declined: 0.9 },
  holdout: { rightFirst: 0.86, rightWithinTap: 0.91, wrong: 0.05, declined: 0.85 },
  fresh: { rightFirst: 0.88, rightWithinTap: 0.93, wrong: 0.04, declined: 0.85 },
  freshB: { rightFirst: 0.89, rightWithinTap: 0.93, wrong: 0.03, declined: 0.9 },
  sealed: { rightFirst: 0.86, rightWithinTap: 0.93, wrong: 0.03, declined: 0.9 },
  freshC: { rightFirst: 0.87, rightWithinTap: 0.92, wrong: 0.035, declined: 0.9 },
  freshD: { rightFirst: 0.8, rightWithinTap: 0.88, wrong: 0.045, declined: 0.9 },
  freshE: { rightFirst: 0.88, rightWithinTap: 0.92, wrong: 0.03, declined: 0.9 },
  english: { rightFirst: 0.84, rightWithinTap: 0.96, wrong: 0.02, declined: 0.9 },
  english2: { rightFirst: 0.81, rightWithinTap: 0.9, wrong: 0.04, declined: 0.9 },
  accentedLong: { rightFirst: 0.76, rightWithinTap: 0.88, wrong: 0.06, declined: 0.85 },
  weakTopics: { rightFirst: 0.72, rightWithinTap: 0.82, wrong: 0.07, declined: 0.9 },
  otherTopics: { rightFirst: 0.85, rightWithinTap: 0.92, wrong: 0.04, declined: 0.9 },
  freshF: { rightFirst: 0.88, rightWithinTap: 0.92, wrong: 0.03, declined: 0.88 },
  longEnglish: { rightFirst: 0.84, rightWithinTap: 0.92, wrong: 0.04, declined: 0.88 },
  details: { rightFirst: 0.82, rightWithinTap: 0.89, wrong: 0.06, declined: 0.9 },
  freshG: { rightFirst: 0.8, rightWithinTap: 0.88, wrong: 0.065, declined: 0.9 },
  freshH: { rightFirst: 0.79, rightWithinTap: 0.85, wrong: 0.095, declined: 0.85 },
  freshI: { rightFirst: 0.82, rightWithinTap: 0.87, wrong: 0.07, declined: 0.88 },
  // Only questions to decline: nothing to answer, so the in-scope floors are zero.
  outOfScope: { rightFirst: 0, rightWithinTap: 0, wrong: 0, declined: 0.95 },
};

const reports = {} as Record<SetName, ChatEvalReport>;

beforeAll(async () => {
  const names = Object.keys(SETS) as SetName[];
  const results = await runChatEvals(config, await Promise.all(names.map((n) => readChatEvalCases(path.join(repoRoot, SETS[n])))));
  names.forEach((n, i) => {
    const r = results[i]!;
    reports[n] = r;
    const misses = UNREAD.has(n) ? [] : r.cases.filter((c) => !["right", "right_after_tap", "declined"].includes(c.outcome));
    console.log(
      `${SETS[n]}: right ${r.rightFirst}, within a tap ${r.rightWithinTap}, wrong ${r.confidentlyWrong}, ` +
        `fallback ${r.fallbackOnFact}, asked back ${r.clarified}, declined ${r.declined}\n` +
        misses.map((c) => `  ${c.outcome} ${c.id}: ${c.text.slice(0, 80)}`).join("\n"),
    );
  });
}, 300_000);

describe("answer quality on young people's questions", () => {
  it("the youth question set covers five styles and out-of-scope questions", () => {
    const r = reports.youth;
    expect(r.inScope).toBeGreaterThanOrEqual(300);
    expect(r.outOfScope).toBeGreaterThanOrEqual(40);
    for (const style of ["accented", "unaccented", "teencode", "long", "english"]) expect(r.byStyle[style]?.inScope).toBeGreaterThanOrEqual(60);
    for (const name of ["fresh", "freshB", "sealed", "freshC", "freshD", "freshE", "freshF", "details", "freshG", "freshH", "freshI"] as const) {
      expect(reports[name].inScope).toBeGreaterThanOrEqual(200);
      expect(reports[name].outOfScope).toBeGreaterThanOrEqual(40);
    }
    expect(reports.english.byStyle.english?.inScope).toBeGreaterThanOrEqual(100);
    expect(reports.english2.byStyle.english?.inScope).toBeGreaterThanOrEqual(150);
    expect(reports.accentedLong.byStyle.long?.inScope).toBeGreaterThanOrEqual(50);
    expect(reports.accentedLong.byStyle.accented?.inScope).toBeGreaterThanOrEqual(100);
    expect(reports.longEnglish.byStyle.long?.inScope).toBeGreaterThanOrEqual(100);
    expect(reports.longEnglish.byStyle.english?.inScope).toBeGreaterThanOrEqual(80);
    expect(reports.weakTopics.inScope).toBeGreaterThanOrEqual(100);
    expect(reports.otherTopics.inScope).toBeGreaterThanOrEqual(100);
    expect(reports.outOfScope).toMatchObject({ inScope: 0 });
    expect(reports.outOfScope.outOfScope).toBeGreaterThanOrEqual(100);
  });

  it.each(Object.keys(SETS) as SetName[])("%s set: most answered right at the first reply, few wrong, out-of-scope declined", (name) => {
    const r = reports[name];
    const floor = FLOORS[name];
    expect(r.rightFirst).toBeGreaterThanOrEqual(floor.rightFirst);
    expect(r.rightWithinTap).toBeGreaterThanOrEqual(floor.rightWithinTap);
    expect(r.confidentlyWrong).toBeLessThanOrEqual(floor.wrong);
    expect(r.declined).toBeGreaterThanOrEqual(floor.declined);
  });
});
