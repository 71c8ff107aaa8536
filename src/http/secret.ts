// Constant-time comparison of a shared secret sent in a request header (webhooks, tokens).
import { timingSafeEqual } from "node:crypto";

export function secretMatches(given: unknown, expected: string): boolean {
  if (typeof given !== "string") return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
