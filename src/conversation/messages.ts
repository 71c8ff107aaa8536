// Our own message types. Channel adapters translate platform updates into an IncomingMessage and
// send OutgoingMessages back; the conversation never sees a platform's types.

export const CHANNELS = ["web", "telegram", "zalo"] as const;
export type Channel = (typeof CHANNELS)[number];

export interface IncomingMessage {
  channel: Channel;
  /** Where replies go (a private chat or a group). */
  chatId: string;
  /** Who wrote, stable per channel. */
  userId: string;
  displayName?: string;
  /** The platform's language hint (e.g. Telegram's language_code). */
  language?: string;
  text: string;
  /** The platform's id of this message or update, used to drop redeliveries. */
  messageId: string;
  date: Date;
  /** Set when the user pressed a button: the Choice id. */
  choice?: string;
  /** "unsupported" for stickers, photos, voice and the like: the bot says what it can do. */
  content?: "text" | "unsupported";
  /**
   * Web chat only: the sender's address group (http/client-address.ts), so the votes one address
   * casts in a round can be capped; absent for a request from this machine itself.
   */
  address?: string;
}

export interface Choice {
  id: string;
  label: string;
}

export interface OutgoingMessage {
  text: string;
  choices?: Choice[];
  /** The first-contact privacy notice, sent after the replies to a person's first message. */
  notice?: boolean;
  /** What the message log keeps instead of `text` (a one-time download link is not logged). */
  logText?: string;
}

/** What the bot did with a message; `/api/chat` reports it as `kind`. */
export type ReplyKind =
  | "menu"
  | "help"
  | "topic"
  | "answer"
  | "clarify"
  | "fallback"
  | "proposal"
  | "proposal_created"
  | "escalated"
  | "track"
  | "rating"
  | "cancel"
  | "delete_data"
  | "settings"
  | "smalltalk"
  | "rate_limited"
  | "unsupported"
  | "dialogue"
  | "opportunities"
  | "error";

export type { Source } from "../knowledge/answer/compose-answer.ts";
import type { Source } from "../knowledge/answer/compose-answer.ts";

export interface ConversationResult {
  replies: OutgoingMessage[];
  kind: ReplyKind;
  sources: Source[];
  /** The best retrieval score behind an answer or fallback, kept in the message log for analytics. */
  topScore?: number;
  /** Set when a proposal (or escalated question) was created or tracked. */
  proposal?: { code: string; status: string };
}
