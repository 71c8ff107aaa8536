// The Zalo Bot Platform's wire format, as zod schemas: the answer envelope and the update object.
// Every payload from Zalo is validated against these before it reaches our code.
import { z } from "zod";

export const ZaloEnvelope = z.union([
  z.object({ ok: z.literal(true), result: z.unknown().optional() }),
  z.object({ ok: z.literal(false), error_code: z.number().int(), description: z.string().default("") }),
]);

export const ZALO_EVENTS = [
  "message.text.received",
  "message.image.received",
  "message.sticker.received",
  "message.unsupported.received",
] as const;

const id = z.union([z.string().min(1).max(128), z.number().int()]).transform(String);

export const ZaloMessage = z.looseObject({
  message_id: id,
  date: z.number().int().nonnegative(),
  chat: z.looseObject({ id, chat_type: z.enum(["PRIVATE", "GROUP"]).default("PRIVATE") }),
  from: z.looseObject({ id, display_name: z.string().max(200).optional(), is_bot: z.boolean().optional() }),
  text: z.string().max(10_000).optional(),
  photo_url: z.string().optional(),
  sticker: z.string().optional(),
});

export const ZaloUpdate = z
  .looseObject({ event_name: z.string().optional(), message: ZaloMessage })
  .transform((u) => ({ ...u, event_name: u.event_name ?? inferEvent(u.message) }));

export type ZaloUpdate = z.infer<typeof ZaloUpdate>;

/** Older or relayed payloads may lack event_name; infer it from what the message carries. */
function inferEvent(m: z.infer<typeof ZaloMessage>): string {
  if (typeof m.text === "string") return "message.text.received";
  if (m.photo_url) return "message.image.received";
  if (m.sticker) return "message.sticker.received";
  return "message.unsupported.received";
}

/** Both getUpdates and the webhook wrap the update as {"ok":true,"result":…}; a bare update is accepted too. */
export function unwrapUpdate(body: unknown): z.ZodSafeParseResult<ZaloUpdate> {
  const inner =
    body && typeof body === "object" && "ok" in body && "result" in body ? (body as { result: unknown }).result : body;
  return ZaloUpdate.safeParse(inner);
}
