// A burst of chat traffic whose every reply can be told apart, and the audit that counts, per
// update, how many copies of its reply(ies) reached the platform. Questions go through the whole
// knowledge search; "/theodoi KN-2026-9xxxx" echoes a unique code; some users file a proposal
// ("/kiennghi <content with a unique token>", "đồng ý", "bỏ qua"). No two consecutive replies in a
// chat have the same text, so a re-sent reply shows up as two identical consecutive messages (the
// outbox sends one message per chat at a time, so a re-send always comes right after its original).

export interface ReplyMatcher {
  what: string;
  match(text: string): boolean;
}

export interface PlannedMessage {
  label: string;
  text: string;
  /** The replies this message gets, in order (the privacy notice of a first contact aside). */
  expect: ReplyMatcher[];
}

export interface ChatPlan {
  chatId: number;
  /** The token inside this user's proposal, when they file one. */
  proposalToken: string | undefined;
  messages: PlannedMessage[];
}

const QUESTIONS = [
  "thanh niên là người bao nhiêu tuổi",
  "dieu kien huong tro cap that nghiep",
  "tìm việc làm ở đâu",
  "tháng thanh niên là tháng mấy",
  "chủ tịch tỉnh đối thoại với thanh niên mấy lần một năm",
  "giá vé xem bóng đá ở sân vận động tỉnh là bao nhiêu",
];

const isNotFound = (t: string) => t.startsWith("Mình không tìm thấy mã");
const isCreated = (t: string) => t.startsWith("Đã gửi! Mã kiến nghị");
const isAskContact = (t: string) => t.startsWith("Nếu muốn cán bộ liên hệ lại");
const isSkipped = (t: string) => t.startsWith("Đã bỏ qua.");
const isConfirm = (t: string) => t.includes("«");

export const isPrivacyNotice = (text: string) => text.startsWith("🔒");

const answer: ReplyMatcher = {
  what: "an answer or a fallback",
  match: (t) => !isNotFound(t) && !isCreated(t) && !isAskContact(t) && !isSkipped(t) && !isConfirm(t),
};

/** `users` chats of `perUser` messages each; every `proposerEvery`-th user files a proposal first. */
export function planBurst(opts: { users: number; perUser: number; proposerEvery: number; firstChatId: number; runTag: string }): ChatPlan[] {
  const plans: ChatPlan[] = [];
  let trackSeq = 0;
  for (let u = 0; u < opts.users; u++) {
    const chatId = opts.firstChatId + u;
    const messages: PlannedMessage[] = [];
    const proposer = opts.proposerEvery > 0 && u % opts.proposerEvery === 0;
    const token = proposer ? `${opts.runTag}-${u}` : undefined;
    if (token) {
      messages.push(
        {
          label: "kiennghi",
          text: `/kiennghi Đề nghị xã lắp thêm đèn chiếu sáng trên đường liên thôn, mã thử ${token}`,
          expect: [{ what: `the confirmation quoting ${token}`, match: (t) => isConfirm(t) && t.includes(token) }],
        },
        {
          label: "dong-y",
          text: "đồng ý",
          expect: [
            { what: "the proposal code", match: isCreated },
            { what: "the contact question", match: isAskContact },
          ],
        },
        { label: "bo-qua", text: "bỏ qua", expect: [{ what: "contact skipped", match: isSkipped }] },
      );
    }
    for (let i = 0; messages.length < opts.perUser; i++) {
      if (i % 2 === 0) {
        messages.push({ label: "question", text: QUESTIONS[(u + i) % QUESTIONS.length]!, expect: [answer] });
      } else {
        const code = `KN-2026-9${String(++trackSeq % 10_000).padStart(4, "0")}`;
        messages.push({
          label: "theodoi",
          text: `/theodoi ${code}`,
          expect: [{ what: `not found ${code}`, match: (t) => isNotFound(t) && t.includes(code) }],
        });
      }
    }
    plans.push({ chatId, proposalToken: token, messages: messages.slice(0, opts.perUser) });
  }
  return plans;
}

export interface AuditResult {
  updates: number;
  expectedReplies: number;
  /** Messages the platform received, privacy notices aside. */
  received: number;
  /** Updates whose replies arrived exactly once each. */
  exactlyOnce: number;
  /** Expected replies that never arrived. */
  lost: number;
  /** Extra copies of replies that arrived more than once. */
  duplicates: number;
  /** Received messages that no update explains. */
  unexpected: number;
  /** Histogram: copies of an update's reply → number of updates. */
  copiesPerUpdate: Record<number, number>;
  details: string[];
}

/** Matches what a chat received against what its updates should have produced, in order. */
export function auditReplies(plans: ChatPlan[], sent: { chatId: string; text: string }[]): AuditResult {
  const byChat = new Map<string, string[]>();
  for (const m of sent) {
    if (isPrivacyNotice(m.text)) continue;
    const list = byChat.get(m.chatId) ?? [];
    list.push(m.text);
    byChat.set(m.chatId, list);
  }
  const result: AuditResult = {
    updates: 0,
    expectedReplies: 0,
    received: [...byChat.values()].reduce((n, l) => n + l.length, 0),
    exactlyOnce: 0,
    lost: 0,
    duplicates: 0,
    unexpected: 0,
    copiesPerUpdate: {},
    details: [],
  };
  for (const plan of plans) {
    const actual = byChat.get(String(plan.chatId)) ?? [];
    let j = 0;
    for (const [index, message] of plan.messages.entries()) {
      result.updates++;
      let worst = 1;
      for (const expected of message.expect) {
        result.expectedReplies++;
        let copies = 0;
        const first = actual[j];
        if (first !== undefined && expected.match(first)) {
          copies = 1;
          j++;
          while (actual[j] === first) {
            copies++;
            j++;
          }
        }
        if (copies === 0) {
          result.lost++;
          result.details.push(`chat ${plan.chatId} #${index} ${message.label}: ${expected.what} never arrived`);
        } else if (copies > 1) {
          result.duplicates += copies - 1;
          result.details.push(`chat ${plan.chatId} #${index} ${message.label}: ${expected.what} arrived ${copies} times`);
        }
        worst = copies === 1 ? worst : copies === 0 ? 0 : Math.max(worst, copies);
      }
      result.copiesPerUpdate[worst] = (result.copiesPerUpdate[worst] ?? 0) + 1;
      if (worst === 1) result.exactlyOnce++;
    }
    if (j < actual.length) {
      result.unexpected += actual.length - j;
      result.details.push(`chat ${plan.chatId}: ${actual.length - j} unexpected message(s), first ${JSON.stringify(actual[j]!.slice(0, 80))}`);
    }
  }
  return result;
}
