// The stop switch in chat: "STOP", /huydangky, "ngừng nhận tin", "không nhận thông báo nữa" stop the
// notices the service sends on its own (a round question put on the agenda or answered; the
// subscriptions of the announcements part); /nhantin or "bật thông báo" turns them back on. It is
// the person's (ChatUser), whichever chat they say it in, and /dulieucuatoi shows it. Replies to
// the person's own messages never look at it.
import { setNoticesStopped } from "../db/chat-users.ts";
import { idleKeeping, type Outcome, type Turn } from "./turn.ts";

export function switchNotices(turn: Turn, on: boolean): Outcome {
  return {
    kind: "settings",
    replies: [{ text: turn.t(on ? "notices.started" : "notices.stopped") }],
    next: idleKeeping(turn.state),
    commit: async (tx) => {
      await setNoticesStopped(tx, turn.identity.userId, on ? null : turn.now);
    },
  };
}
