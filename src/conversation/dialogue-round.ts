// The chat side of dialogue rounds (src/dialogue/): "hội nghị đối thoại năm nay khi nào" tells the
// plan of the current or next round; "câu hỏi đối thoại" sends a question for the round taking
// questions through the ordinary proposal intake, tagged with the round; "bình chọn" lists the
// round's approved question summaries as numbered choices (buttons on Telegram, numbers on Zalo,
// choices in the web chat: the same mechanism as the clarifying question), ten at a time with
// "more questions" after them, and a pick is a vote. Only a choice from the list last sent to this
// chat counts (state.data.lastChoices): a script that posts `vote:<id>` straight away, or an old
// button, gets the current list instead of a vote.
import { identitySince } from "../db/chat-users.ts";
import type { Db } from "../db/client.ts";
import { castVote, type VoteResult } from "../dialogue/cast-vote.ts";
import { findCurrentRound } from "../dialogue/find-rounds.ts";
import { listVotingChoices } from "../dialogue/list-top-questions.ts";
import { MAX_VOTES_PER_ROUND } from "../dialogue/round-status.ts";
import { votedQuestionIds, type VoteSession } from "../dialogue/round-votes.ts";
import { formatVietnamDate, formatVietnamDateTime } from "../vietnam-time.ts";
import type { Choice, OutgoingMessage } from "./messages.ts";
import { takeContent } from "./proposal-intake.ts";
import { idleKeeping, type Outcome, type Turn } from "./turn.ts";

/** How many questions the voting list offers at once: enough to choose, few enough for buttons. */
const LIST_SIZE = 10;
const LABEL_MAX = 60;

export interface RoundChatDeps {
  db: Db;
  /** PUBLIC_BASE_URL, so the link to the public pages opens outside the web chat. */
  publicBaseUrl?: string | undefined;
}

const link = (deps: RoundChatDeps, slug?: string) => `${(deps.publicBaseUrl ?? "").replace(/\/+$/, "")}/doi-thoai${slug ? `/${slug}` : ""}`;

async function planText(deps: RoundChatDeps, turn: Turn): Promise<string> {
  const round = await findCurrentRound(deps.db, turn.now);
  if (!round) return turn.t("dialogue.noPlan", { link: link(deps) });
  const day = (d: Date) => formatVietnamDate(d);
  const plan = turn.t("dialogue.plan", {
    round: round.title,
    collectFrom: day(round.collectFrom),
    collectUntil: day(round.collectUntil),
    voteFrom: day(round.voteFrom),
    voteUntil: day(round.voteUntil),
    meetingAt: formatVietnamDateTime(round.meetingAt),
    answersDue: day(round.answersDue),
    link: link(deps, round.slug),
  });
  const hint = round.status === "collecting" ? turn.t("dialogue.planCollecting") : round.status === "voting" ? turn.t("dialogue.planVoting") : "";
  return hint ? `${plan}\n${hint}` : plan;
}

/** "hội nghị đối thoại năm nay khi nào": the plan, or that there is none yet and where to look. */
export async function roundPlan(deps: RoundChatDeps, turn: Turn): Promise<Outcome> {
  return { kind: "dialogue", replies: [{ text: await planText(deps, turn) }], next: idleKeeping(turn.state) };
}

/**
 * "gửi câu hỏi cho hội nghị đối thoại …": the proposal intake, for the round taking questions.
 * With no round taking questions, a question given goes on as an ordinary proposal (the person is
 * told so before confirming): it still reaches the department that answers, rather than being lost.
 */
export async function startRoundQuestion(deps: RoundChatDeps, turn: Turn, content: string): Promise<Outcome> {
  const round = await findCurrentRound(deps.db, turn.now, "collecting");
  if (!round && content.trim()) {
    const { roundId: _, ...data } = turn.state.data;
    const next = await takeContent(deps.db, { ...turn, state: { ...turn.state, data } }, content, "proposal:content", undefined);
    return { ...next, replies: [{ text: turn.t("dialogue.notCollectingAsProposal", { link: link(deps) }) }, ...next.replies] };
  }
  if (!round) return { kind: "dialogue", replies: [{ text: turn.t("dialogue.notCollecting", { link: link(deps) }) }], next: idleKeeping(turn.state) };
  if (content.trim()) return takeContent(deps.db, turn, content, "proposal:content", round.id);
  return {
    kind: "proposal",
    replies: [{ text: turn.t("dialogue.askQuestion", { round: round.title, until: formatVietnamDate(round.collectUntil) }) }],
    next: { flow: "proposal:content", data: { lastChoices: [], roundId: round.id } },
  };
}

/**
 * The voting list for this person: the top questions they have not voted for, as numbered choices,
 * LIST_SIZE from `offset` on, then "more questions" when there are more (so every approved
 * question can be reached, not only the ten with the most votes).
 */
async function votingList(tx: VoteSession, turn: Turn, round: { id: string; title: string; voteUntil: Date }, offset = 0, votesLeft?: number): Promise<OutgoingMessage | null> {
  // After a vote the vote's own count of the person's votes is the one to tell, not read again.
  const left = votesLeft ?? MAX_VOTES_PER_ROUND - (await votedQuestionIds(tx, round.id, turn.identity.userId)).length;
  if (left <= 0) return null;
  // Leaves out the questions voted for; a page past the end (votes moved the list on) starts again from the top.
  const { questions, from, more } = await listVotingChoices(tx, round.id, { userId: turn.identity.userId, offset, size: LIST_SIZE });
  if (questions.length === 0) return null;
  const list = questions.map((q, i) => turn.t("dialogue.voteItem", { n: i + 1, summary: q.summary, votes: q.votes })).join("\n");
  const choices: Choice[] = questions.map((q, i) => ({ id: `vote:${q.id}`, label: `${i + 1}. ${short(q.summary)}` }));
  if (more) choices.push({ id: `votes:${from + LIST_SIZE}`, label: turn.t("dialogue.voteMore") });
  return { text: turn.t("dialogue.voteList", { round: round.title, until: formatVietnamDate(round.voteUntil), left, list }), choices };
}

function short(text: string): string {
  return text.length <= LABEL_MAX ? text : `${text.slice(0, LABEL_MAX - 1).trimEnd()}…`;
}

/** "bình chọn" (and "more questions", from `offset`): the list to vote from, or why there is none. */
export async function roundVoteList(deps: RoundChatDeps, turn: Turn, offset = 0): Promise<Outcome> {
  const idle = idleKeeping(turn.state);
  const round = await findCurrentRound(deps.db, turn.now, "voting");
  if (!round) return { kind: "dialogue", replies: [{ text: turn.t("dialogue.notVoting", { plan: await planText(deps, turn) }) }], next: idle };
  const list = await votingList(deps.db.sql, turn, round, offset);
  if (list) return { kind: "dialogue", replies: [list], next: idle };
  const mine = await votedQuestionIds(deps.db.sql, round.id, turn.identity.userId);
  const text = mine.length >= MAX_VOTES_PER_ROUND ? turn.t("dialogue.voteLimit", { max: MAX_VOTES_PER_ROUND }) : turn.t("dialogue.noQuestions", { round: round.title });
  return { kind: "dialogue", replies: [{ text }], next: idle };
}

function voteReply(turn: Turn, result: VoteResult): string {
  switch (result.outcome) {
    case "voted":
      return result.left > 0 ? turn.t("dialogue.voted", { left: result.left }) : turn.t("dialogue.votedLast", { max: MAX_VOTES_PER_ROUND });
    case "already":
      return turn.t("dialogue.alreadyVoted", { left: result.left });
    case "limit":
      return turn.t("dialogue.voteLimit", { max: MAX_VOTES_PER_ROUND });
    case "unavailable":
      return turn.t("dialogue.voteUnavailable", { left: result.left });
    case "closed":
      return turn.t("dialogue.voteClosed");
    case "tooSoon":
      return turn.t("dialogue.voteTooSoon", { minutes: result.minutes });
    case "addressLimit":
      return turn.t("dialogue.voteAddressLimit", { max: result.max });
  }
}

/**
 * A pick from the voting list: the vote, in the message's transaction, then what is left to choose
 * from. A choice that was not on the list last sent to this chat is not a vote: the person gets
 * the current list to choose from.
 */
export async function onVote(deps: RoundChatDeps, turn: Turn, proposalId: string): Promise<Outcome> {
  if (!turn.state.data.lastChoices.includes(`vote:${proposalId}`)) {
    const current = await roundVoteList(deps, turn);
    return { ...current, replies: [{ text: turn.t("dialogue.voteStale") }, ...current.replies] };
  }
  return {
    kind: "dialogue",
    replies: [],
    next: idleKeeping(turn.state),
    // Direct SQL, without Prisma's transaction: votes come by the hundred a second.
    commitSql: async (tx) => {
      const source =
        turn.msg.channel === "web" ? { channel: "web", address: turn.msg.address, since: await identitySince(tx, turn.identity.id) } : { channel: turn.msg.channel };
      const result = await castVote(tx, { proposalId, userId: turn.identity.userId, now: turn.now, source, provider: deps.db.provider });
      const replies: OutgoingMessage[] = [{ text: voteReply(turn, result) }];
      if (result.round && result.outcome !== "closed" && result.outcome !== "limit" && result.outcome !== "addressLimit") {
        const more = await votingList(tx, turn, result.round, 0, "left" in result ? result.left : undefined);
        if (more) replies.push(more);
      }
      return { replies };
    },
  };
}
