// Translation between Telegram's Update objects and our message types. Pure functions, so the
// rules (who is addressed in a group, what counts as unsupported content) are easy to test.
import type { Update, UserFromGetMe } from "grammy/types";
import type { IncomingMessage } from "../../conversation/messages.ts";

/**
 * The incoming message in an update, or null when the bot should ignore it. A button press has
 * no date of its own: it is dated `receivedAt`.
 */
export function toIncoming(update: Update, me: UserFromGetMe, receivedAt: Date): IncomingMessage | null {
  if (update.callback_query) {
    const q = update.callback_query;
    const chat = q.message?.chat;
    if (!q.data || !chat) return null;
    return {
      channel: "telegram",
      chatId: String(chat.id),
      userId: String(q.from.id),
      displayName: q.from.first_name,
      ...(q.from.language_code ? { language: q.from.language_code } : {}),
      text: "",
      choice: q.data,
      messageId: `cb:${q.id}`,
      date: receivedAt,
    };
  }
  const m = update.message;
  if (!m || !m.from || m.from.is_bot) return null;
  const isGroup = m.chat.type === "group" || m.chat.type === "supergroup";
  const base = {
    channel: "telegram" as const,
    chatId: String(m.chat.id),
    userId: String(m.from.id),
    displayName: m.from.first_name,
    ...(m.from.language_code ? { language: m.from.language_code } : {}),
    messageId: String(m.message_id),
    date: new Date(m.date * 1000),
  };
  if (typeof m.text !== "string") {
    if (isGroup) return null; // a photo in a group is not addressed to the bot
    return { ...base, text: "", content: "unsupported" };
  }
  let text = m.text;
  if (isGroup) {
    const mention = `@${me.username}`;
    const repliesToBot = m.reply_to_message?.from?.id === me.id;
    const command = /^\/\w+(@\w+)?/.exec(text);
    const commandForUs = command && (!command[1] || command[1].toLowerCase() === mention.toLowerCase());
    const mentioned = text.toLowerCase().includes(mention.toLowerCase());
    if (!repliesToBot && !commandForUs && !mentioned) return null;
    text = text.replace(new RegExp(mention.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), "ig"), "").trim();
  }
  return { ...base, text };
}

/** Telegram's HTML parse mode needs only these three escaped. */
export function escapeTelegramHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

const URL_IN_TEXT = /https?:\/\/[^\s<>"]+/g;

/**
 * A reply as Telegram HTML: the text escaped, and each http(s) address (a source, the privacy
 * notice, a download link) inside an explicit <a href>, so the whole address is the link and the
 * punctuation after it is not, whatever Telegram's own link detection would make of it.
 */
export function toTelegramHtml(text: string): string {
  let out = "";
  let at = 0;
  for (const match of text.matchAll(URL_IN_TEXT)) {
    const url = withoutTrailingPunctuation(match[0]);
    const href = escapeTelegramHtml(url).replace(/"/g, "&quot;");
    out += `${escapeTelegramHtml(text.slice(at, match.index))}<a href="${href}">${escapeTelegramHtml(url)}</a>`;
    at = match.index + url.length;
  }
  return out + escapeTelegramHtml(text.slice(at));
}

/** "(https://…)." ends the sentence and the bracket, not the address; an address's own "(…)" stays. */
function withoutTrailingPunctuation(url: string): string {
  for (;;) {
    const last = url.at(-1) ?? "";
    if (/[.,;:!?'"\u201d\u2019]/.test(last)) url = url.slice(0, -1);
    else if (last === ")" && url.split("(").length < url.split(")").length) url = url.slice(0, -1);
    else return url;
  }
}
