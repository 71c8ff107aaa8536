// Answer quality as a number: runs a labelled question set through the real conversation, one
// fresh conversation per question, and counts what a young person would have got. A case either
// names the facts a right reply must state ({"all": [["85%", "85 phan tram"], …]}: the reply,
// lower-cased and without diacritics, contains one alternative of every group) or says the bot
// must decline ({"fallback": true}). When the bot asks back, each offered choice is pressed in a
// fresh conversation of its own: "right within one tap" means one of them answers.
import { z } from "zod";
import { readJsonl } from "../knowledge/admin/evaluate.ts";
import { foldedText } from "../knowledge/text.ts";
import type { ConversationResult, ReplyKind } from "./messages.ts";

const Text = z.string().max(10_000);
const FactGroups = z.array(z.array(z.string().min(1)).min(1)).min(1);

export const ChatEvalCase = z.union(
  [
    z.looseObject({ id: z.string().min(1), text: Text, all: FactGroups, style: z.string().optional(), topic: z.string().optional() }),
    z.looseObject({ id: z.string().min(1), text: Text, fallback: z.literal(true), style: z.string().optional(), topic: z.string().optional() }),
  ],
  { error: 'expected {"id","text","all":[["…"]]} (facts the reply must state) or {"id","text","fallback":true}' },
);
export type ChatEvalCase = z.infer<typeof ChatEvalCase>;

/** Sends one message as a user; the user id is new for every conversation the evaluation starts. */
export type SendMessage = (user: string, message: { text: string } | { choice: string }) => Promise<ConversationResult>;

export type CaseOutcome =
  /** In scope: the first reply states the facts. */
  | "right"
  /** In scope: the bot asked back and one of its choices leads to the facts. */
  | "right_after_tap"
  /** In scope: the bot asked back and no choice leads to the facts. */
  | "clarify_wrong"
  /** In scope: an answer without the facts (confidently wrong). */
  | "wrong"
  /** In scope: "not sure, shall I pass it on?" although the facts are known. */
  | "fallback"
  /** In scope: some other reply (a menu, small talk) without the facts. */
  | "other"
  /** Out of scope: declined (no answer, no clarify between unrelated passages). */
  | "declined"
  /** Out of scope: answered anyway. */
  | "answered"
  /** Out of scope: asked back although nothing fits. */
  | "clarified";

export interface CaseResult {
  id: string;
  text: string;
  style?: string;
  topic?: string;
  outcome: CaseOutcome;
  kind: ReplyKind;
  /** The first reply, shortened, to read why a case failed. */
  reply: string;
  source?: string;
}

export interface Tally {
  inScope: number;
  outOfScope: number;
  /** Shares of the in-scope questions. */
  rightFirst: number;
  rightWithinTap: number;
  confidentlyWrong: number;
  fallbackOnFact: number;
  clarified: number;
  /** Share of out-of-scope questions declined. */
  declined: number;
}

export interface ChatEvalReport extends Tally {
  n: number;
  byStyle: Record<string, Tally>;
  byTopic: Record<string, Tally>;
  cases: CaseResult[];
}

/** The cases of a JSONL file; a bad line is reported with its file and line number. */
export function readChatEvalCases(file: string): Promise<ChatEvalCase[]> {
  return readJsonl(file, ChatEvalCase);
}

/** Whether the replies state every fact: one alternative of each group, compared folded. */
export function statesFacts(replies: string, groups: readonly (readonly string[])[]): boolean {
  const folded = foldedText(replies);
  return groups.every((group) => group.some((alt) => folded.includes(foldedText(alt))));
}

export async function evaluateChat(cases: readonly ChatEvalCase[], send: SendMessage): Promise<ChatEvalReport> {
  const results: CaseResult[] = [];
  let conversation = 0;
  const fresh = () => `eval-${++conversation}`;
  for (const c of cases) {
    const user = fresh();
    const first = await send(user, { text: c.text });
    const text = answerText(first);
    const base = {
      id: c.id,
      text: c.text,
      kind: first.kind,
      reply: text.replace(/\s+/g, " ").slice(0, 240),
      ...(c.style ? { style: c.style } : {}),
      ...(c.topic ? { topic: c.topic } : {}),
      ...(first.sources[0] ? { source: `${first.sources[0].title} – ${first.sources[0].citation}` } : {}),
    };
    if ("fallback" in c) {
      const outcome: CaseOutcome = first.kind === "answer" ? "answered" : first.kind === "clarify" ? "clarified" : "declined";
      results.push({ ...base, outcome });
      continue;
    }
    let outcome: CaseOutcome;
    if (first.kind === "clarify") {
      outcome = "clarify_wrong";
      const offered = first.replies.flatMap((r) => r.choices ?? []).length;
      for (let i = 0; i < offered; i++) {
        // Each tap in a conversation of its own: ask again, press the i-th of the choices offered there.
        const tapper = fresh();
        const asked = await send(tapper, { text: c.text });
        const choice = asked.replies.flatMap((r) => r.choices ?? [])[i];
        if (!choice) continue;
        const after = await send(tapper, { choice: choice.id });
        if (statesFacts(answerText(after), c.all)) {
          outcome = "right_after_tap";
          break;
        }
      }
    } else if (statesFacts(text, c.all)) {
      outcome = "right";
    } else {
      outcome = first.kind === "answer" ? "wrong" : first.kind === "fallback" ? "fallback" : "other";
    }
    results.push({ ...base, outcome });
  }
  const group = (key: (r: CaseResult) => string | undefined) => {
    const by = new Map<string, CaseResult[]>();
    for (const r of results) {
      const k = key(r);
      if (k) by.set(k, [...(by.get(k) ?? []), r]);
    }
    return Object.fromEntries([...by].sort(([a], [b]) => a.localeCompare(b)).map(([k, rs]) => [k, tally(rs)]));
  };
  return { n: results.length, ...tally(results), byStyle: group((r) => r.style), byTopic: group((r) => r.topic), cases: results };
}

/** The replies a person reads as the answer: the first-contact privacy notice is not part of it. */
function answerText(result: ConversationResult): string {
  return result.replies
    .filter((r) => !r.notice)
    .map((r) => [r.text, ...(r.choices ?? []).map((c) => c.label)].join("\n"))
    .join("\n\n");
}

function tally(results: readonly CaseResult[]): Tally {
  const inScope = results.filter((r) => !["declined", "answered", "clarified"].includes(r.outcome));
  const outOfScope = results.length - inScope.length;
  const share = (n: number, of: number) => (of === 0 ? 0 : round(n / of));
  const count = (...outcomes: CaseOutcome[]) => results.filter((r) => outcomes.includes(r.outcome)).length;
  return {
    inScope: inScope.length,
    outOfScope,
    rightFirst: share(count("right"), inScope.length),
    rightWithinTap: share(count("right", "right_after_tap"), inScope.length),
    confidentlyWrong: share(count("wrong"), inScope.length),
    fallbackOnFact: share(count("fallback"), inScope.length),
    clarified: share(count("right_after_tap", "clarify_wrong"), inScope.length),
    declined: share(count("declined"), outOfScope),
  };
}

const round = (x: number) => Math.round(x * 1000) / 1000;
