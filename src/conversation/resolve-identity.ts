// Finds or creates the ChatUser behind a channel identity, and reads the little conversation state
// that the next message may need (the menu last shown, the user's language).
import { randomUUID } from "node:crypto";
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

// Direct SQL (db.sql): this runs for every message.
export async function resolveIdentity(db: Db, msg: IncomingMessage): Promise<ResolvedIdentity> {
  const found = await findIdentity(db.sql, msg);
  if (found) {
    const unreachable = toBool(found.unreachable);
    if (found.chatId !== msg.chatId || unreachable || (msg.displayName && found.displayName !== msg.displayName)) {
      // A user who writes again can be reached again (they unblocked the bot).
      await db.sql.execute(sql`
        UPDATE "ChannelIdentity"
        SET "chatId" = ${msg.chatId}, "displayName" = ${msg.displayName ?? found.displayName}, "lastSeenAt" = ${new Date()}, "unreachable" = ${false}
        WHERE "id" = ${found.id}`);
    }
    return known(found, msg);
  }
  // First contact: the ChatUser and how they are known on this channel, together.
  const locale = toLocale(msg.language);
  const ids = { user: randomUUID(), identity: randomUUID() };
  const now = new Date();
  try {
    await db.sql.transaction(async (tx) => {
      await tx.execute(sql`
        INSERT INTO "ChatUser" ("id", "locale", "createdAt", "updatedAt") VALUES (${ids.user}, ${locale}, ${now}, ${now})`);
      await tx.execute(sql`
        INSERT INTO "ChannelIdentity" ("id", "userId", "channel", "externalId", "chatId", "displayName", "unreachable", "lastSeenAt", "createdAt")
        VALUES (${ids.identity}, ${ids.user}, ${msg.channel}, ${msg.userId}, ${msg.chatId}, ${msg.displayName ?? null}, ${false}, ${now}, ${now})`);
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
