// What counts as contact details a person may leave for a callback: a Vietnamese mobile number or
// an e-mail address, nothing else. One schema for the proposal intake and for /suadulieu.
import { z } from "zod";

const VN_MOBILE = /^(?:\+?84|0)(?:3|5|7|8|9)\d{8}$/;

/** A phone number (spaces, dots, dashes and brackets dropped) or an e-mail address, as stored. */
export const ContactInput = z
  .string()
  .trim()
  .min(5)
  .max(254)
  .transform((raw) => (raw.includes("@") ? raw : raw.replace(/[\s.()-]/g, "")))
  .pipe(z.union([z.string().regex(VN_MOBILE), z.email()]));

/** The contact in `text` when the whole text is one phone number or e-mail address, else null. */
export function parseContact(text: string): string | null {
  const parsed = ContactInput.safeParse(text);
  return parsed.success ? parsed.data : null;
}
