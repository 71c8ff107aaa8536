// The vocabulary of broadcasts: an announcement or a poll (2–5 options) sent to a segment of the
// subscribers. The segment is validated here (zod) for the console and the API alike; its empty
// parts mean "any". Whether its area is a place we know needs the database: send-broadcast.ts
// checks that (known-places.ts).
import { z } from "zod";
import { OPPORTUNITY_KINDS } from "./opportunity-status.ts";
import { looksLikePlace } from "./known-places.ts";

export const BROADCAST_KINDS = ["announcement", "poll"] as const;
export type BroadcastKind = (typeof BROADCAST_KINDS)[number];
export const BROADCAST_STATUSES = ["sending", "paused", "sent"] as const;
export type BroadcastStatus = (typeof BROADCAST_STATUSES)[number];

export const AGE_BANDS = ["under16", "16to30", "over30"] as const;
export const SEGMENT_CHANNELS = ["web", "telegram", "zalo"] as const;

/** Who a broadcast goes to, among the people who subscribed and did not stop notices. */
export const Segment = z.object({
  kinds: z.array(z.enum(OPPORTUNITY_KINDS)).max(OPPORTUNITY_KINDS.length).default([]),
  /** A commune or ward (folded like Opportunity.placeKey); empty: the whole province. */
  area: z
    .string()
    .trim()
    .max(60)
    .refine((a) => a === "" || looksLikePlace(a), "not the name of a commune or ward")
    .default(""),
  ageBands: z.array(z.enum(AGE_BANDS)).max(AGE_BANDS.length).default([]),
  channels: z.array(z.enum(SEGMENT_CHANNELS)).max(SEGMENT_CHANNELS.length).default([]),
});
export type Segment = z.infer<typeof Segment>;

export const BroadcastInput = z
  .object({
    kind: z.enum(BROADCAST_KINDS),
    text: z.string().trim().min(5, "at least 5 characters").max(1500, "at most 1500 characters"),
    options: z.array(z.string().trim().min(1).max(60)).max(5).default([]),
    segment: Segment.default({ kinds: [], area: "", ageBands: [], channels: [] }),
  })
  .superRefine((b, ctx) => {
    if (b.kind === "poll" && (b.options.length < 2 || b.options.length > 5)) ctx.addIssue({ code: "custom", path: ["options"], message: "a poll has 2 to 5 options" });
    if (b.kind === "announcement" && b.options.length > 0) ctx.addIssue({ code: "custom", path: ["options"], message: "an announcement has no options" });
  });
export type BroadcastInput = z.infer<typeof BroadcastInput>;

/** A poll's options as stored. */
export function readOptions(stored: string): string[] {
  try {
    const parsed: unknown = JSON.parse(stored);
    return Array.isArray(parsed) ? parsed.map(String) : [];
  } catch {
    return [];
  }
}
