// What the broadcast chaos run checks at the end, as pure functions over what the fakes and the web
// inboxes received: each subscriber's copies of the broadcast (exactly once, lost, duplicated, or
// sent to someone who stopped), and the busiest second a platform saw.

/** The most of these instants (ms) in any one-second window, [t, t + 1000). */
export function busiestSecond(times: readonly number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (sorted[i]! - sorted[j]! >= 1000) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
}

/** The most of these instants in any one second for one chat. */
export function busiestChatSecond(sends: readonly { chatId: string; at: number }[]): number {
  const byChat = new Map<string, number[]>();
  for (const s of sends) byChat.set(s.chatId, [...(byChat.get(s.chatId) ?? []), s.at]);
  let most = 0;
  for (const times of byChat.values()) most = Math.max(most, busiestSecond(times));
  return most;
}

export interface ChannelAudit {
  /** Subscribers who should have received the broadcast. */
  expected: number;
  exactlyOnce: number;
  lost: number;
  /** Copies beyond the first, over all subscribers. */
  duplicates: number;
  /** Subscribers who received it more than once. */
  duplicated: number;
  /** Copies that reached someone who had used STOP. */
  toStopped: number;
}

export interface DeliveryAudit extends ChannelAudit {
  byChannel: Record<string, ChannelAudit>;
  /** Copies that reached a chat that is no subscriber at all. */
  unexpected: number;
  /** The first few problems, for the report. */
  details: string[];
}

/**
 * `people`: every seeded subscriber with whether they stopped; `received`: how many copies each chat
 * got (channel:chatId → count).
 */
export function auditDeliveries(people: readonly { channel: string; chatId: string; stopped: boolean }[], received: ReadonlyMap<string, number>): DeliveryAudit {
  const empty = (): ChannelAudit => ({ expected: 0, exactlyOnce: 0, lost: 0, duplicates: 0, duplicated: 0, toStopped: 0 });
  const total = empty();
  const byChannel: Record<string, ChannelAudit> = {};
  const details: string[] = [];
  const known = new Set<string>();
  for (const p of people) {
    const key = `${p.channel}:${p.chatId}`;
    known.add(key);
    const copies = received.get(key) ?? 0;
    const channel = (byChannel[p.channel] ??= empty());
    for (const a of [total, channel]) {
      if (p.stopped) {
        a.toStopped += copies;
        continue;
      }
      a.expected++;
      if (copies === 1) a.exactlyOnce++;
      if (copies === 0) a.lost++;
      if (copies > 1) {
        a.duplicates += copies - 1;
        a.duplicated++;
      }
    }
    if (details.length < 20 && (p.stopped ? copies > 0 : copies !== 1)) details.push(`${key}: ${copies} cop${copies === 1 ? "y" : "ies"}${p.stopped ? " after STOP" : ""}`);
  }
  let unexpected = 0;
  for (const [key, copies] of received) if (!known.has(key)) unexpected += copies;
  return { ...total, byChannel, unexpected, details };
}
