// Use case: everything the service holds about one person, for /dulieucuatoi (a short summary in
// chat) and for the JSON download (in full, messages included). One read, so the summary and the
// file never disagree.
import { systemClock } from "../clock.ts";
import type { Db } from "../db/client.ts";

export interface UserDataExport {
  generatedAt: string;
  locale: string;
  ageBand: string | null;
  firstContactAt: string;
  privacyNotice: { version: string | null; seenAt: string | null };
  /** The stop switch: when the person stopped the notices sent on the service's own (null: they receive them). */
  notices: { stoppedAt: string | null };
  /** What the person subscribed to (/dangky): kinds (empty: every kind), area (empty: the whole province), cadence. */
  subscription: { kinds: string[]; area: string; cadence: string; since: string } | null;
  identities: { channel: string; platformUserId: string | null; displayName: string | null; firstSeenAt: string; lastSeenAt: string }[];
  consents: { purpose: string; textVersion: string; givenAt: string; withdrawnAt: string | null }[];
  proposals: {
    code: string;
    kind: string;
    status: string;
    department: string;
    content: string;
    contact: string | null;
    createdAt: string;
    dueAt: string;
    answer: string | null;
    answeredAt: string | null;
  }[];
  /** The contacts the person left, once each. */
  contacts: string[];
  messages: { count: number; retentionDays: number; items?: { direction: string; text: string; at: string }[] };
  dataRequests: { kind: string; status: string; text: string; receivedAt: string; dueAt: string; closedAt: string | null; reply: string | null }[];
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export async function collectUserData(opts: { db: Db; userId: string; retentionDays: number; withMessages: boolean; now?: Date }): Promise<UserDataExport> {
  const { prisma } = opts.db;
  const user = await prisma.chatUser.findUniqueOrThrow({
    where: { id: opts.userId },
    include: {
      identities: { orderBy: { createdAt: "asc" } },
      consents: { orderBy: { createdAt: "asc" } },
      proposals: { orderBy: { createdAt: "asc" }, include: { department: { select: { name: true } } } },
      dataRequests: { orderBy: { receivedAt: "asc" } },
      subscription: true,
    },
  });
  const identityIds = user.identities.map((i) => i.id);
  const count = await prisma.message.count({ where: { identityId: { in: identityIds } } });
  const items = opts.withMessages
    ? (await prisma.message.findMany({ where: { identityId: { in: identityIds } }, orderBy: { id: "asc" } })).map((m) => ({
        direction: m.direction,
        text: m.text,
        at: m.createdAt.toISOString(),
      }))
    : undefined;
  return {
    generatedAt: (opts.now ?? systemClock.now()).toISOString(),
    locale: user.locale,
    ageBand: user.ageBand,
    firstContactAt: user.createdAt.toISOString(),
    privacyNotice: { version: user.privacyNoticeVersion, seenAt: iso(user.privacyNoticeSeenAt) },
    notices: { stoppedAt: iso(user.noticesStoppedAt) },
    subscription: user.subscription
      ? { kinds: user.subscription.kinds ? user.subscription.kinds.split(",") : [], area: user.subscription.area, cadence: user.subscription.cadence, since: user.subscription.createdAt.toISOString() }
      : null,
    identities: user.identities.map((i) => ({
      channel: i.channel,
      // A web chat id is the hash of the browser's session cookie: it identifies no one outside
      // this service, so it is left out; a Telegram or Zalo user id is the person's own.
      platformUserId: i.channel === "web" ? null : i.externalId,
      displayName: i.displayName,
      firstSeenAt: i.createdAt.toISOString(),
      lastSeenAt: i.lastSeenAt.toISOString(),
    })),
    consents: user.consents.map((c) => ({ purpose: c.purpose, textVersion: c.textVersion, givenAt: c.createdAt.toISOString(), withdrawnAt: iso(c.withdrawnAt) })),
    proposals: user.proposals.map((p) => ({
      code: p.code,
      kind: p.kind,
      status: p.status,
      department: p.department.name,
      content: p.content,
      contact: p.contact,
      createdAt: p.createdAt.toISOString(),
      dueAt: p.dueAt.toISOString(),
      answer: p.answer,
      answeredAt: iso(p.answeredAt),
    })),
    contacts: [...new Set(user.proposals.map((p) => p.contact).filter((c): c is string => Boolean(c)))],
    messages: { count, retentionDays: opts.retentionDays, ...(items ? { items } : {}) },
    dataRequests: user.dataRequests.map((r) => ({
      kind: r.kind,
      status: r.status,
      text: r.text,
      receivedAt: r.receivedAt.toISOString(),
      dueAt: r.dueAt.toISOString(),
      closedAt: iso(r.closedAt),
      reply: r.reply,
    })),
  };
}
