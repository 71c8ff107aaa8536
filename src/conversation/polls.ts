// The chat side of polls (src/announcements/answer-poll.ts): a button pressed on Telegram or in the
// web chat, or a bare number typed on Zalo ("2") after a poll was sent, records the person's answer
// once and says what was recorded; a second answer, a closed poll or an option the poll does not
// have gets a clear reply and changes nothing. A bare number is a poll answer only where the poll's
// options reached the person as a numbered list (Zalo, which has no buttons), outside any flow,
// and only while the poll is the last thing the bot wrote in that chat: on Telegram and the web
// chat the options are buttons, so a "2" typed there (or after the conversation moved on) is read
// as the message it is.
import { answerPoll, pollAwaitingNumber } from "../announcements/answer-poll.ts";
import type { Db } from "../db/client.ts";
import { idleKeeping, type Outcome, type Turn } from "./turn.ts";

/** Channels that show a message's choices as numbered lines to type (channels/zalo renderForZalo), not as buttons. */
const NUMBERED_CHOICE_CHANNELS: ReadonlySet<string> = new Set(["zalo"]);

/** The poll choice ("poll:<id>:<n>") a bare number typed in this turn stands for, if it answers a poll. */
export async function pollChoiceForNumber(db: Db, turn: Turn): Promise<string | undefined> {
  const m = /^\s*([1-5])\s*\.?\s*$/.exec(turn.msg.text);
  if (!m || turn.state.flow !== "idle" || !NUMBERED_CHOICE_CHANNELS.has(turn.msg.channel)) return undefined;
  const poll = await pollAwaitingNumber(db, { userId: turn.identity.userId, identityId: turn.identity.id }, turn.now);
  return poll && Number(m[1]) <= poll.options ? `poll:${poll.id}:${m[1]}` : undefined;
}

export function onPollAnswer(turn: Turn, broadcastId: string, option: number): Outcome {
  return {
    kind: "settings",
    replies: [],
    next: idleKeeping(turn.state),
    commit: async (tx) => {
      const result = await answerPoll(tx, { broadcastId, userId: turn.identity.userId, option, channel: turn.msg.channel, now: turn.now });
      const text =
        result.outcome === "recorded" || result.outcome === "already"
          ? turn.t(`polls.${result.outcome}`, { option: result.option })
          : turn.t(`polls.${result.outcome}`);
      return { replies: [{ text }] };
    },
  };
}
