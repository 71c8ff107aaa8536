// Subscribers in bulk, for tests, the broadcast chaos run and the benchmark: people who wrote to the
// bot before (privacy notice seen), subscribed to every kind in the whole province with immediate
// notices and gave their consent to receive messages, on web, Telegram or Zalo. Written through the
// tables' owners (db/chat-users.ts, privacy/consents.ts, announcements/subscribe.ts) rather than
// five chat messages each, so 10,000 take seconds. A web subscriber comes with the session cookie
// value their browser would hold, so a test can open their inbox.
import { randomUUID } from "node:crypto";
import { subscribe } from "../../src/announcements/subscribe.ts";
import { MESSAGES_CONSENT, MESSAGES_CONSENT_VERSION } from "../../src/announcements/subscription-terms.ts";
import { PRIVACY_NOTICE_VERSION } from "../../src/channels/web/privacy-page.ts";
import { newSessionValue, webChatId } from "../../src/channels/web/web-session.ts";
import { createChatUser, recordNoticeSeen } from "../../src/db/chat-users.ts";
import type { Db } from "../../src/db/client.ts";
import { recordConsent } from "../../src/privacy/consents.ts";

export type SubscriberChannel = "web" | "telegram" | "zalo";

export interface Subscriber {
  userId: string;
  channel: SubscriberChannel;
  /** Where notices go: the platform's chat id, or sha256 of the web session. */
  chatId: string;
  /** The web session cookie value (web only). */
  session?: string;
}

/**
 * `count` subscribers, the channels in turn (web, telegram, zalo, web, …). Telegram chat ids are
 * numeric from `firstChatId`; Zalo's are "zalo-<n>" strings, as Zalo's are opaque.
 */
export async function seedSubscribers(db: Db, opts: { count: number; now: Date; firstChatId?: number; channels?: readonly SubscriberChannel[] }): Promise<Subscriber[]> {
  const channels = opts.channels ?? (["web", "telegram", "zalo"] as const);
  const first = opts.firstChatId ?? 800_000_000;
  const people: Subscriber[] = [];
  for (let i = 0; i < opts.count; i++) {
    const channel = channels[i % channels.length]!;
    const session = channel === "web" ? newSessionValue() : undefined;
    const chatId = session ? webChatId(session) : channel === "telegram" ? String(first + i) : `zalo-${first + i}`;
    const userId = randomUUID();
    await createChatUser(db.sql, { userId, identityId: randomUUID(), channel, externalId: chatId, chatId, displayName: null, locale: "vi", now: opts.now });
    await recordNoticeSeen(db.sql, userId, PRIVACY_NOTICE_VERSION, opts.now);
    people.push({ userId, channel, chatId, ...(session ? { session } : {}) });
  }
  for (let i = 0; i < people.length; i += 500) {
    await db.prisma.$transaction(
      async (tx) => {
        for (const p of people.slice(i, i + 500)) {
          await recordConsent(tx, { userId: p.userId, purpose: MESSAGES_CONSENT, textVersion: MESSAGES_CONSENT_VERSION, now: opts.now });
          await subscribe(tx, { userId: p.userId, kinds: [], area: "", cadence: "immediate", now: opts.now });
        }
      },
      { timeout: 60_000 },
    );
  }
  return people;
}
