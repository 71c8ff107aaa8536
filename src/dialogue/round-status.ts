// The vocabulary of a dialogue round: its kinds, and the status it is in at an instant, derived
// from its dates (collecting questions, voting, the meeting, written answers) and "concluded"
// once a coordinator has recorded the conclusions. One place, so the chat, the console, the public
// pages and the API say the same thing about the same round at the same time.

export const ROUND_KINDS = ["dialogue", "forum"] as const;
export type RoundKind = (typeof ROUND_KINDS)[number];

export const ROUND_STATUSES = ["planned", "collecting", "reviewing", "voting", "preparing", "held", "concluded"] as const;
export type RoundStatus = (typeof ROUND_STATUSES)[number];

/** At most this many votes per person per round. */
export const MAX_VOTES_PER_ROUND = 3;

/**
 * Web chat votes only (a new web session costs a script nothing, a Telegram or Zalo account does):
 * a vote counts once the session first wrote at least this long ago…
 */
export const WEB_VOTE_SESSION_AGE_MS = 5 * 60_000;
/** …and at most this many web chat votes per round come from one address (ten people's votes). */
export const WEB_VOTES_PER_ADDRESS = 30;

export interface RoundDates {
  collectFrom: Date;
  collectUntil: Date;
  voteFrom: Date;
  voteUntil: Date;
  meetingAt: Date;
  answersDue: Date;
  concludedAt: Date | null;
}

/**
 * planned (before collecting) → collecting → reviewing (collection closed, voting not open) →
 * voting → preparing (votes closed, before the meeting) → held (the meeting took place, answers
 * pending) → concluded (conclusions recorded). Each "from" is inclusive, each "until" exclusive.
 */
export function roundStatus(round: RoundDates, now: Date): RoundStatus {
  if (round.concludedAt) return "concluded";
  const t = now.getTime();
  if (t < round.collectFrom.getTime()) return "planned";
  if (t < round.collectUntil.getTime()) return "collecting";
  if (t < round.voteFrom.getTime()) return "reviewing";
  if (t < round.voteUntil.getTime()) return "voting";
  if (t < round.meetingAt.getTime()) return "preparing";
  return "held";
}

export const isCollecting = (round: RoundDates, now: Date) => roundStatus(round, now) === "collecting";
export const isVoting = (round: RoundDates, now: Date) => roundStatus(round, now) === "voting";
