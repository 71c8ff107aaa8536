// The ChatUser and ChannelIdentity tables' only writer: a person and how they are known on each
// channel. The conversation creates them on first contact and keeps the identity current (chat id,
// name, reachable again) on every message; it records the language chosen and the privacy notice
// shown and the stop switch for notices; privacy records the age band stated and erases the person;
// the outbox worker marks an identity that blocked the bot unreachable. What runs on every message
// is direct SQL (sql.ts).
import type { Prisma, PrismaClient } from "./client.ts";
import { asSession, sql, toDate, type Sql, type SqlSession } from "./sql.ts";

type Tx = Prisma.TransactionClient | PrismaClient | SqlSession;

export interface NewChatUser {
  userId: string;
  identityId: string;
  channel: string;
  /** The person's id on the platform. */
  externalId: string;
  chatId: string;
  displayName: string | null;
  locale: string;
  now: Date;
}

/**
 * First contact: the ChatUser and how they are known on this channel, in one transaction. Throws a
 * unique violation (isUniqueViolation) when another instance created them a moment before.
 */
export async function createChatUser(db: Sql, user: NewChatUser): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(sql`
      INSERT INTO "ChatUser" ("id", "locale", "createdAt", "updatedAt") VALUES (${user.userId}, ${user.locale}, ${user.now}, ${user.now})`);
    await tx.execute(sql`
      INSERT INTO "ChannelIdentity" ("id", "userId", "channel", "externalId", "chatId", "displayName", "unreachable", "lastSeenAt", "createdAt")
      VALUES (${user.identityId}, ${user.userId}, ${user.channel}, ${user.externalId}, ${user.chatId}, ${user.displayName}, ${false}, ${user.now}, ${user.now})`);
  });
}

/** The person wrote again: their chat and name as the platform gives them now; reachable again (they unblocked the bot). */
export async function refreshIdentity(tx: Tx, identity: { id: string; chatId: string; displayName: string | null; now: Date }): Promise<void> {
  await asSession(tx).execute(sql`
    UPDATE "ChannelIdentity"
    SET "chatId" = ${identity.chatId}, "displayName" = ${identity.displayName}, "lastSeenAt" = ${identity.now}, "unreachable" = ${false}
    WHERE "id" = ${identity.id}`);
}

/** The platform said the person blocked the bot: nothing reaches them until they write again. */
/** When this channel identity first wrote (a web vote needs a session old enough, dialogue/cast-vote.ts). */
export async function identitySince(tx: SqlSession, identityId: string): Promise<Date | undefined> {
  const [row] = await tx.query<{ createdAt: unknown }>(sql`SELECT "createdAt" FROM "ChannelIdentity" WHERE "id" = ${identityId}`);
  return row ? toDate(row.createdAt) : undefined;
}

export async function markUnreachable(tx: Prisma.TransactionClient | PrismaClient, identityId: string): Promise<void> {
  await tx.channelIdentity.updateMany({ where: { id: identityId }, data: { unreachable: true } });
}

/** Which version of the privacy notice the person was shown, and when. */
export async function recordNoticeSeen(tx: Tx, userId: string, version: string, now: Date): Promise<void> {
  await asSession(tx).execute(sql`
    UPDATE "ChatUser" SET "privacyNoticeVersion" = ${version}, "privacyNoticeSeenAt" = ${now}, "updatedAt" = ${now}
    WHERE "id" = ${userId}`);
}

/** The language the person chose (/lang). */
export async function setLocale(tx: Prisma.TransactionClient | PrismaClient, userId: string, locale: string): Promise<void> {
  await tx.chatUser.update({ where: { id: userId }, data: { locale } });
}

/** The age group the person stated ("under16", "16to30", "over30"; privacy/age-band.ts), never the age. */
export async function setAgeBand(tx: Prisma.TransactionClient | PrismaClient, userId: string, band: string): Promise<void> {
  await tx.chatUser.update({ where: { id: userId }, data: { ageBand: band } });
}

/**
 * The stop switch ("STOP", /huydangky; /nhantin turns it back): `stoppedAt` when the person asked
 * for no notices they did not ask for, null when they want them again. Replies are never held back.
 */
export async function setNoticesStopped(tx: Prisma.TransactionClient | PrismaClient, userId: string, stoppedAt: Date | null): Promise<void> {
  await tx.chatUser.update({ where: { id: userId }, data: { noticesStoppedAt: stoppedAt } });
}

/**
 * Erasure: the person goes, and with them (by cascade) their channel identities and conversation
 * states. Their messages, consents and proposals are for the tables' owners to erase first.
 */
export async function deleteChatUser(tx: Prisma.TransactionClient, userId: string): Promise<void> {
  await tx.chatUser.delete({ where: { id: userId } });
}

/**
 * Linking (/lienket): the person `fromUserId` becomes part of `intoUserId`. Their channel identities
 * move across; the stricter of the two settings is kept (a stop switch that either turned on stays
 * on; "under16" if either said so, so the guardian rule still applies); then `fromUserId` goes.
 * Every other table's owner must have moved its rows first (the delete cascades).
 */
export async function absorbChatUser(tx: Prisma.TransactionClient, opts: { fromUserId: string; intoUserId: string; now: Date }): Promise<void> {
  const [from, into] = await Promise.all([
    tx.chatUser.findUniqueOrThrow({ where: { id: opts.fromUserId } }),
    tx.chatUser.findUniqueOrThrow({ where: { id: opts.intoUserId } }),
  ]);
  const stopped = [from.noticesStoppedAt, into.noticesStoppedAt].filter((d): d is Date => d !== null).sort((a, b) => a.getTime() - b.getTime())[0] ?? null;
  const ageBand = from.ageBand === "under16" || into.ageBand === "under16" ? "under16" : (into.ageBand ?? from.ageBand);
  await tx.channelIdentity.updateMany({ where: { userId: opts.fromUserId }, data: { userId: opts.intoUserId } });
  await tx.chatUser.update({ where: { id: opts.intoUserId }, data: { noticesStoppedAt: stopped, ageBand, updatedAt: opts.now } });
  await tx.chatUser.delete({ where: { id: opts.fromUserId } });
}

/**
 * Unlinking (/huylienket): the identity becomes a person of its own again, `newUserId`, with the
 * settings the linked person had (language, age band, stop switch, the privacy notice seen).
 */
export async function detachIdentity(tx: Prisma.TransactionClient, opts: { identityId: string; newUserId: string; now: Date }): Promise<void> {
  const identity = await tx.channelIdentity.findUniqueOrThrow({ where: { id: opts.identityId }, include: { user: true } });
  const u = identity.user;
  await tx.chatUser.create({
    data: {
      id: opts.newUserId,
      locale: u.locale,
      ageBand: u.ageBand,
      noticesStoppedAt: u.noticesStoppedAt,
      privacyNoticeVersion: u.privacyNoticeVersion,
      privacyNoticeSeenAt: u.privacyNoticeSeenAt,
      createdAt: opts.now,
      updatedAt: opts.now,
    },
  });
  await tx.channelIdentity.update({ where: { id: opts.identityId }, data: { userId: opts.newUserId } });
}
