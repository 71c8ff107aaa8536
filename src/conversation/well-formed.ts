// Text from a platform is JavaScript text, which may hold lone UTF-16 surrogates (half an emoji, a
// client's bug, or on purpose). Prisma cannot pass such a string to the database ("unexpected end of
// hex escape"), so one message like that failed with a 500 on every delivery: the web chat user saw
// an error and Telegram re-sent the update until it gave up. Each one becomes U+FFFD here, the way a
// UTF-8 decoder treats a broken sequence, before anything is stored or searched.
import type { IncomingMessage } from "./messages.ts";

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function wellFormed(text: string): string {
  return text.replace(LONE_SURROGATE, "\uFFFD");
}

/** The message with every text field well-formed (ids too: Zalo's are strings from the platform). */
export function wellFormedMessage(msg: IncomingMessage): IncomingMessage {
  return {
    ...msg,
    chatId: wellFormed(msg.chatId),
    userId: wellFormed(msg.userId),
    text: wellFormed(msg.text),
    messageId: wellFormed(msg.messageId),
    ...(msg.displayName !== undefined ? { displayName: wellFormed(msg.displayName) } : {}),
    ...(msg.language !== undefined ? { language: wellFormed(msg.language) } : {}),
    ...(msg.choice !== undefined ? { choice: wellFormed(msg.choice) } : {}),
  };
}
