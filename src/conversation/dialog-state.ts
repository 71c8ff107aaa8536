// Where a dialogue stands between two messages, stored in ConversationState so that a restart in
// the middle of an intake continues where it was. An unfinished flow expires after 24 hours.
import { z } from "zod";

export const FLOW_TTL_MS = 24 * 3600_000;

export const DialogData = z.object({
  /** Choice ids of the menu last shown, so "1", "2", … pick from it. */
  lastChoices: z.array(z.string()).default([]),
  /** The last question answered or not, for follow-ups and escalation to staff. */
  lastQuestion: z.string().optional(),
  /** Proposal intake: the content, and the department and topic the bot proposed. */
  content: z.string().optional(),
  departmentId: z.string().optional(),
  departmentName: z.string().optional(),
  topic: z.string().nullable().optional(),
  matched: z.boolean().optional(),
  /** The routing rule behind that proposal and the keywords of it found, kept with the item. */
  routedBy: z.object({ id: z.string(), keywords: z.array(z.string()) }).nullable().optional(),
  /** Proposal intake for a dialogue round (src/dialogue/): the round the question is sent for. */
  roundId: z.string().optional(),
  /** The same intake for an idea or initiative, or a report of a rights violation (urgent). */
  intake: z.enum(["idea", "report"]).optional(),
  /** Subscribing (/dangky): what was chosen so far. */
  subscribe: z
    .object({
      kinds: z.array(z.string()).max(10),
      area: z.string().max(200).optional(),
      cadence: z.enum(["immediate", "weekly"]).optional(),
      /** The known places offered for a place we did not know (announcements/known-places.ts), picked by number. */
      suggestions: z.array(z.string().max(200)).max(3).optional(),
    })
    .optional(),
  /** After a proposal was created: where contact details go. */
  proposalId: z.string().optional(),
  /** A linking code typed here, waiting for "đồng ý" (link-channels.ts): the LinkCode row, and when the question lapses with the code. */
  link: z.object({ codeId: z.string().max(64), expiresAt: z.iso.datetime() }).optional(),
  /** Waiting for an under-16's answer on a guardian's agreement: what they were about to do. */
  guardianFor: z.enum(["contact", "correct"]).optional(),
  /**
   * A clarifying question waiting for a choice: the question, how it was read, and the passages
   * offered. `nonce` is part of each choice id, so an old or another person's choice is not taken.
   */
  clarify: z
    .object({
      nonce: z.string(),
      question: z.string(),
      language: z.enum(["vi", "en"]).default("vi"),
      type: z.enum(["age", "money", "duration", "place", "procedure", "who", "count", "yesno", "open"]).default("open"),
      options: z.array(z.object({ chunkId: z.string(), label: z.string() })).max(3),
    })
    .optional(),
});
export type DialogData = z.infer<typeof DialogData>;

export const FLOWS = ["idle", "proposal:content", "proposal:commune", "proposal:confirm", "proposal:contact", "question:content", "delete:confirm", "guardian:confirm", "datarequest:text", "link:code", "link:confirm", "idea:content", "report:content", "subscribe:kinds", "subscribe:area", "subscribe:cadence", "subscribe:confirm"] as const;
export type Flow = (typeof FLOWS)[number];

export interface DialogState {
  flow: Flow;
  data: DialogData;
}

export const IDLE: DialogState = { flow: "idle", data: { lastChoices: [] } };

/** Reads a stored state; anything unreadable, unknown or expired becomes idle (keeping lastQuestion). */
export function readState(row: { state: string; data: string; expiresAt: Date | null } | null, now: Date): DialogState {
  if (!row) return IDLE;
  let data: DialogData;
  try {
    data = DialogData.parse(JSON.parse(row.data));
  } catch {
    return IDLE;
  }
  const flow = (FLOWS as readonly string[]).includes(row.state) ? (row.state as Flow) : "idle";
  if (flow !== "idle" && row.expiresAt && row.expiresAt < now) {
    return { flow: "idle", data: { lastChoices: [], ...(data.lastQuestion ? { lastQuestion: data.lastQuestion } : {}) } };
  }
  return { flow, data };
}
