// One person across channels, in chat. /lienket gives a one-time code (8 readable characters,
// 10 minutes, used once; only its SHA-256 is kept) to type in the other app, as "/lienket CODE" or
// as the next message after /lienket there. The chat that types it is then asked to confirm, naming
// whose account it joins and what that person will see: someone tricked into typing another's code
// ("gõ /lienket … để nhận quà") would otherwise hand over their proposals and contact details. Only
// "đồng ý" (before the code expires) makes both chats one ChatUser (merge-chat-users.ts decides what
// moves); the pending confirmation lives in the conversation state, so it survives a restart.
// /huylienket makes the chat it is typed in a person of its own again. Every wrong, expired or used
// code counts against the identity that typed it: after MAX_WRONG_CODES in WRONG_CODE_WINDOW_MS it
// must wait, so a code cannot be guessed from one chat.
import { createHash, randomInt } from "node:crypto";
import type { Db, Prisma } from "../db/client.ts";
import { findLinkCode, findLinkCodeById, insertLinkCode, recordWrongCode, spendLinkCode, wrongCodesSince } from "../db/link-codes.ts";
import type { DialogState } from "./dialog-state.ts";
import { confirmation } from "./intent.ts";
import { mergeChatUsers, splitIdentity } from "./merge-chat-users.ts";
import { idleKeeping, type Outcome, type Turn } from "./turn.ts";

export const LINK_CODE_TTL_MS = 10 * 60_000;
export const MAX_WRONG_CODES = 5;
export const WRONG_CODE_WINDOW_MS = 3600_000;

/** No 0/O, 1/I/L: a code read aloud or copied by hand is typed right. 31^8 ≈ 8.5·10^11 codes. */
const ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
const CODE_LENGTH = 8;
const CODE_SHAPE = new RegExp(`^[${ALPHABET}]{${CODE_LENGTH}}$`);

/** A new code as shown: "K7PM-Q3XD". */
export function newLinkCode(): string {
  const chars = Array.from({ length: CODE_LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]!);
  return `${chars.slice(0, 4).join("")}-${chars.slice(4).join("")}`;
}

/** The code in what was typed ("k7pm q3xd", "K7PM-Q3XD"), or null when it cannot be one. */
export function readLinkCode(text: string): string | null {
  const compact = text.toUpperCase().replace(/[\s.-]/g, "");
  return CODE_SHAPE.test(compact) ? compact : null;
}

const hashOf = (code: string) => createHash("sha256").update(code).digest("hex");

/** /lienket: with a code, use it; alone, give this chat a code and read a code typed next. */
export function startLinking(turn: Turn, args: string): Outcome {
  if (args.trim()) return useLinkCode(turn, args);
  const code = newLinkCode();
  const minutes = LINK_CODE_TTL_MS / 60_000;
  const text = turn.t("link.code", { code, minutes });
  return {
    kind: "settings",
    // The log keeps the reply without the code: only its hash is stored anywhere.
    replies: [{ text, logText: turn.t("link.code", { code: "••••-••••", minutes }) }],
    next: { flow: "link:code", data: { lastChoices: [] } },
    commit: async (tx) => {
      await insertLinkCode(tx, {
        codeHash: hashOf(readLinkCode(code)!),
        userId: turn.identity.userId,
        identityId: turn.identity.id,
        now: turn.now,
        expiresAt: new Date(turn.now.getTime() + LINK_CODE_TTL_MS),
      });
    },
  };
}

/** In the "link:code" flow: a message shaped like a code is one; anything else leaves the flow. */
export function onLinkCodeMessage(turn: Turn): Outcome | null {
  return readLinkCode(turn.msg.text) ? useLinkCode(turn, turn.msg.text) : null;
}

function useLinkCode(turn: Turn, typed: string): Outcome {
  const next = idleKeeping(turn.state);
  const reply = (key: string, vars?: Record<string, string | number>) => ({ replies: [{ text: turn.t(key, vars) }], next });
  return {
    kind: "settings",
    replies: [],
    next,
    inLogText: "/lienket ••••-••••",
    commit: async (tx) => {
      const since = new Date(turn.now.getTime() - WRONG_CODE_WINDOW_MS);
      const wrong = await wrongCodesSince(tx, turn.identity.id, since);
      if (wrong.length >= MAX_WRONG_CODES) {
        // Free again once the fifth most recent wrong code is an hour old.
        const freeAt = wrong[wrong.length - MAX_WRONG_CODES]!.getTime() + WRONG_CODE_WINDOW_MS;
        return reply("link.wait", { minutes: Math.max(1, Math.ceil((freeAt - turn.now.getTime()) / 60_000)) });
      }
      const code = readLinkCode(typed);
      const row = code ? await findLinkCode(tx, hashOf(code)) : null;
      const failed = async (key: string) => {
        await recordWrongCode(tx, turn.identity.id, turn.now);
        const left = MAX_WRONG_CODES - wrong.length - 1;
        return reply(key, { left });
      };
      if (!row) return failed("link.wrong");
      if (row.usedAt) return failed("link.used");
      if (row.expiresAt <= turn.now) return failed("link.expired");
      if (row.identityId === turn.identity.id) return reply("link.sameChat");
      if (row.userId === turn.identity.userId) {
        await spendLinkCode(tx, row.id, turn.now);
        return reply("link.already", { channels: await channelList(tx, turn, row.userId) });
      }
      // Nothing is shared yet: the code stays unspent until this chat says "đồng ý".
      const pending: DialogState = { flow: "link:confirm", data: { ...next.data, link: { codeId: row.id, expiresAt: row.expiresAt.toISOString() } } };
      return {
        replies: [
          {
            text: turn.t("link.confirm", { channels: await channelList(tx, turn, row.userId) }),
            choices: [
              { id: "link:yes", label: turn.t("link.choiceYes") },
              { id: "link:no", label: turn.t("link.choiceNo") },
            ],
          },
        ],
        next: pending,
      };
    },
  };
}

/**
 * In the "link:confirm" flow: "đồng ý" links, anything else links nothing. Once the code has
 * expired the question is void: "đồng ý" is told so, "không" is taken, and any other message is
 * read as any other (null).
 */
export function onLinkConfirm(turn: Turn): Outcome | null {
  const pending = turn.state.data.link;
  const next = idleKeeping(turn.state);
  const expired = !pending || new Date(pending.expiresAt) <= turn.now;
  const yes = turn.msg.choice === "link:yes" || (turn.msg.choice !== "link:no" && confirmation(turn.msg.text) === "yes");
  if (expired && !yes) return turn.msg.choice === "link:no" || confirmation(turn.msg.text) === "no" ? { kind: "settings", replies: [{ text: turn.t("link.refused") }], next } : null;
  if (expired) return { kind: "settings", replies: [{ text: turn.t("link.gone") }], next };
  if (!yes) return { kind: "settings", replies: [{ text: turn.t("link.refused") }], next };
  const reply = (key: string, vars?: Record<string, string | number>) => ({ replies: [{ text: turn.t(key, vars) }], next });
  return {
    kind: "settings",
    replies: [],
    next,
    commit: async (tx) => {
      const row = await findLinkCodeById(tx, pending.codeId);
      // The owner asked for a newer code, or another chat used this one in the meantime.
      if (!row || !(await spendLinkCode(tx, row.id, turn.now))) return reply("link.gone");
      if (row.userId === turn.identity.userId) return reply("link.already", { channels: await channelList(tx, turn, row.userId) });
      // The person who asked for the code stays; the one typing it joins them.
      await mergeChatUsers(tx, { fromUserId: turn.identity.userId, intoUserId: row.userId, now: turn.now });
      return reply("link.done", { channels: await channelList(tx, turn, row.userId) });
    },
  };
}

/** /huylienket: this chat becomes a person of its own again. */
export function unlinkChannel(turn: Turn): Outcome {
  const next = idleKeeping(turn.state);
  return {
    kind: "settings",
    replies: [],
    next,
    commit: async (tx) => {
      const others = await tx.channelIdentity.count({ where: { userId: turn.identity.userId, id: { not: turn.identity.id } } });
      if (others === 0) return { replies: [{ text: turn.t("link.notLinked") }], next };
      const remaining = await channelList(tx, turn, turn.identity.userId, turn.identity.id);
      const split = await splitIdentity(tx, { identityId: turn.identity.id, userId: turn.identity.userId, channel: turn.msg.channel, chatId: turn.msg.chatId, now: turn.now });
      return { replies: [{ text: turn.t("link.unlinked", { channels: remaining, proposals: split.proposals }) }], next };
    },
  };
}

/** Before /xoadulieu is confirmed: the channels the erasure will also cover, when linked; else "". */
export async function linkedChannelsWarning(db: Db, turn: Turn): Promise<string> {
  const others = await db.prisma.channelIdentity.count({ where: { userId: turn.identity.userId, id: { not: turn.identity.id } } });
  if (others === 0) return "";
  return turn.t("link.eraseCoversAll", { channels: await channelList(db.prisma, turn, turn.identity.userId) });
}

/** "Telegram, Zalo": the person's channels (without `except`), in the reader's language. */
async function channelList(tx: Prisma.TransactionClient | Db["prisma"], turn: Turn, userId: string, except?: string): Promise<string> {
  const rows = await tx.channelIdentity.findMany({ where: { userId, ...(except ? { id: { not: except } } : {}) }, orderBy: { createdAt: "asc" }, select: { channel: true } });
  return [...new Set(rows.map((r) => turn.t(`dataRights.channels.${r.channel}`)))].join(", ");
}
