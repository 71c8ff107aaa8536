// Finds the ChatUser behind a channel identity (on first contact db/chat-users.ts creates it), and
// reads the little conversation state that the next message may need (the menu last shown, the
// user's language).
import { randomUUID } from "node:crypto";
import { systemClock } from "../clock.ts";
import { createChatUser, refreshIdentity } from "../db/chat-users.ts";
import type { Db } from "../db/client.ts";
import { isUniqueViolation, sql, toBool, toDateOrNull, type SqlSession } from "../db/sql.ts";
import { toLocale } from "../prompts.ts";
import { IDLE, readState, type DialogState } from "./dialog-state.ts";
import type { IncomingMessage } from "./messages.ts";

export interface ResolvedIdentity {
  id: string;
  userId: string;
  locale: string | null;
  state: DialogState;
  /** Whether the user had talked to the bot before this message. */
  isNew: boolean;
  /** The version of the privacy notice the user last saw. */
  noticeVersion: string | null;
}

// Direct SQL (db.sql): this runs for every message. `now`: when the message is handled.
export async function resolveIdentity(db: Db, msg: IncomingMessage, now: Date = systemClock.now()): Promise<ResolvedIdentity> {
  const found = await findIdentity(db.sql, msg);
  if (found) {
    const unreachable = toBool(found.unreachable);
    if (found.chatId !== msg.chatId || unreachable || (msg.displayName && found.displayName !== msg.displayName)) {
      // A user who writes again can be reached again (they unblocked the bot).
      await refreshIdentity(db.sql, { id: found.id, chatId: msg.chatId, displayName: msg.displayName ?? found.displayName, now });
    }
    return known(found, msg);
  }
  // First contact: the ChatUser and how they are known on this channel, together.
  const locale = toLocale(msg.language);
  const ids = { user: randomUUID(), identity: randomUUID() };
  try {
    await createChatUser(db.sql, {
      userId: ids.user,
      identityId: ids.identity,
      channel: msg.channel,
      externalId: msg.userId,
      chatId: msg.chatId,
      displayName: msg.displayName ?? null,
      locale,
      now,
    });
  } catch (err) {
    // Their first two messages reached two instances at once: the other one created them.
    if (!isUniqueViolation(err)) throw err;
    const winner = await findIdentity(db.sql, msg);
    if (!winner) throw err;
    return known(winner, msg);
  }
  return { id: ids.identity, userId: ids.user, locale, state: IDLE, isNew: true, noticeVersion: null };
}

/** One joined read instead of the three queries a Prisma `include` costs. */
async function findIdentity(session: SqlSession, msg: IncomingMessage): Promise<IdentityRow | undefined> {
  const [row] = await session.query<IdentityRow>(sql`
    SELECT i."id", i."userId", i."chatId", i."displayName", i."unreachable",
           u."locale", u."privacyNoticeVersion", s."state", s."data", s."expiresAt"
    FROM "ChannelIdentity" i
    JOIN "ChatUser" u ON u."id" = i."userId"
    LEFT JOIN "ConversationState" s ON s."identityId" = i."id"
    WHERE i."channel" = ${msg.channel} AND i."externalId" = ${msg.userId}`);
  return row;
}

function known(row: IdentityRow, msg: IncomingMessage): ResolvedIdentity {
  const conversation = row.state === null ? null : { state: row.state, data: row.data ?? "{}", expiresAt: toDateOrNull(row.expiresAt) };
  return { id: row.id, userId: row.userId, locale: row.locale, state: readState(conversation, msg.date), isNew: false, noticeVersion: row.privacyNoticeVersion };
}

interface IdentityRow {
  id: string;
  userId: string;
  chatId: string;
  displayName: string | null;
  /** A boolean on PostgreSQL, 0 or 1 on SQLite. */
  unreachable: boolean | number | bigint;
  locale: string;
  privacyNoticeVersion: string | null;
  state: string | null;
  data: string | null;
  /** A Date, or ISO text from the direct SQLite session. */
  expiresAt: Date | string | null;
}
