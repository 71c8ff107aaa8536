// Who a broadcast reaches: the people who subscribed (/dangky) with their consent to receive
// messages still given, who did not use the stop switch and can be reached (db/notice-recipients.ts),
// filtered by the segment: the kinds they subscribed to (a whole-kind subscription counts for every
// kind), their area (an area segment reaches those who chose that commune or ward), their age band
// and the channels named (a person linked on several platforms is written on the most recently seen
// of the channels named, not left out because their latest chat is on another). The console's dry
// run and the send use this one function, so the count shown before sending is the count sent.
import type { Db, Prisma, PrismaClient } from "../db/client.ts";
import { noticeRecipients, type NoticeRecipient } from "../db/notice-recipients.ts";
import type { Segment } from "./broadcast-terms.ts";
import { placeKeyOf, withoutLevel } from "./opportunity-input.ts";
import { readKinds } from "./subscription-terms.ts";
import { MESSAGES_CONSENT } from "./subscription-terms.ts";


export async function segmentRecipients(tx: Prisma.TransactionClient | PrismaClient, segment: Segment): Promise<NoticeRecipient[]> {
  const subs = await tx.subscription.findMany({
    where: {
      user: {
        noticesStoppedAt: null,
        consents: { some: { purpose: MESSAGES_CONSENT, withdrawnAt: null } },
        ...(segment.ageBands.length ? { ageBand: { in: [...segment.ageBands] } } : {}),
      },
    },
    select: { userId: true, kinds: true, areaKey: true },
  });
  const areaKey = segment.area ? withoutLevel(placeKeyOf(segment.area)) : "";
  const chosen = subs.filter((s) => {
    const kinds = readKinds(s.kinds);
    const kindOk = segment.kinds.length === 0 || kinds.length === 0 || kinds.some((k) => segment.kinds.includes(k));
    return kindOk && (!areaKey || withoutLevel(s.areaKey) === areaKey);
  });
  return noticeRecipients(tx, chosen.map((s) => s.userId), { consent: MESSAGES_CONSENT, channels: segment.channels });
}

/** The dry run: how many a broadcast to `segment` would reach now, by channel. */
export async function countSegment(db: Db, segment: Segment): Promise<{ total: number; byChannel: Record<string, number> }> {
  const recipients = await segmentRecipients(db.prisma, segment);
  const byChannel: Record<string, number> = {};
  for (const r of recipients) byChannel[r.channel] = (byChannel[r.channel] ?? 0) + 1;
  return { total: recipients.length, byChannel };
}
