// The chat side of polls (src/announcements/answer-poll.ts): a button pressed on Telegram or in the
// web chat, or a bare number typed on Zalo ("2") after a poll was sent, records the person's answer
// once and says what was recorded; a second answer, a closed poll or an option the poll does not
// have gets a clear reply and changes nothing.
import { answerPoll } from "../announcements/answer-poll.ts";
import { idleKeeping, type Outcome, type Turn } from "./turn.ts";

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
