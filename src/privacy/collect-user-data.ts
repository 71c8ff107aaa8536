// Use case: everything the service holds about one person, for /dulieucuatoi (a short summary in
// chat) and for the JSON download (in full, messages included). One read, so the summary and the
// file never disagree. Opinions count as data about the person: dialogue votes and poll answers are
// in it, with the notices and broadcasts sent to them. Only reads here; each table keeps its owner.
// A question someone else sent is named by its code and the public summary a coordinator approved,
// never by its author's own words.
import { z } from "zod";
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
  /** The dialogue questions the person voted for. */
  roundVotes: { round: string; question: string; publicSummary: string | null; votedAt: string }[];
  /** The person's answers to polls: the question, the option chosen. */
  pollAnswers: { poll: string; option: number; optionText: string | null; channel: string; answeredAt: string }[];
  /** Notices that a question the person sent or voted for was put on the agenda ("agenda") or answered ("answered"). */
  roundNotices: { question: string; kind: string; at: string }[];
  /** The opportunities the person was told of (their subscription): immediate or in the weekly digest. */
  opportunityNotices: { opportunity: string; kind: string; via: string; status: string; dueAt: string; sentAt: string | null }[];
  /** Announcements and polls coordinators sent the person. */
  broadcasts: { kind: string; text: string; channel: string; status: string; queuedAt: string | null }[];
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
      roundVotes: { orderBy: { createdAt: "asc" }, include: { round: { select: { title: true } }, proposal: { select: { code: true, publicSummary: true, publicApproved: true } } } },
      pollAnswers: { orderBy: { createdAt: "asc" }, include: { broadcast: { select: { text: true, options: true } } } },
      roundNotices: { orderBy: { createdAt: "asc" }, include: { proposal: { select: { code: true } } } },
      opportunityNotices: { orderBy: { createdAt: "asc" }, include: { opportunity: { select: { title: true, kind: true } } } },
      broadcastRecipients: { orderBy: { id: "asc" }, include: { broadcast: { select: { kind: true, text: true } } } },
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
    roundVotes: user.roundVotes.map((v) => ({
      round: v.round.title,
      question: v.proposal.code,
      publicSummary: v.proposal.publicApproved ? v.proposal.publicSummary : null,
      votedAt: v.createdAt.toISOString(),
    })),
    pollAnswers: user.pollAnswers.map((a) => ({
      poll: a.broadcast.text,
      option: a.option,
      optionText: pollOptions(a.broadcast.options)[a.option - 1] ?? null,
      channel: a.channel,
      answeredAt: a.createdAt.toISOString(),
    })),
    roundNotices: user.roundNotices.map((n) => ({ question: n.proposal.code, kind: n.kind, at: n.createdAt.toISOString() })),
    opportunityNotices: user.opportunityNotices.map((n) => ({
      opportunity: n.opportunity.title,
      kind: n.opportunity.kind,
      via: n.via,
      status: n.status,
      dueAt: n.dueAt.toISOString(),
      sentAt: iso(n.sentAt),
    })),
    broadcasts: user.broadcastRecipients.map((r) => ({ kind: r.broadcast.kind, text: r.broadcast.text, channel: r.channel, status: r.status, queuedAt: iso(r.queuedAt) })),
  };
}

/** A poll's options as stored (a JSON array of strings); unreadable means none, the number still says which. */
const PollOptions = z.array(z.string());
function pollOptions(stored: string): string[] {
  try {
    return PollOptions.parse(JSON.parse(stored));
  } catch {
    return [];
  }
}
