// Masks personal data inside free text: phone numbers, email addresses and ID-card numbers (9 or
// 12 digits). Used for logs, analytics and exports, where the text is useful but the person must
// not be identifiable.

const EMAIL = /([\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]*@([\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+)/gu;
// Vietnamese mobile and landline numbers, with optional +84, spaces, dots or dashes between groups.
const PHONE = /(?<![\p{N}])(?:\+?84[\s.-]?|0)(?:\d[\s.-]?){8,9}\d(?![\p{N}])/gu;
// CCCD (12 digits) and old CMND (9 digits), standing alone.
const ID_NUMBER = /(?<![\p{N}])(?:\d{12}|\d{9})(?![\p{N}])/gu;

function keepEnds(digits: string): string {
  const d = digits.replace(/\D/g, "");
  return d.slice(0, 2) + "*".repeat(Math.max(0, d.length - 4)) + d.slice(-2);
}

export interface RedactLabels {
  email: string;
  phone: string;
  idNumber: string;
}

/** Replaces personal data entirely with labels (e.g. "[số điện thoại]"), for exports. */
export function redactPersonalData(text: string, labels: RedactLabels): string {
  return text.replace(EMAIL, labels.email).replace(PHONE, labels.phone).replace(ID_NUMBER, labels.idNumber);
}

/** The email addresses, phone numbers and ID numbers written in `text`, as written. */
export function findPersonalData(text: string): string[] {
  return [...(text.match(EMAIL) ?? []), ...(text.match(PHONE) ?? []), ...(text.match(ID_NUMBER) ?? [])];
}

/** Keeps the first and last characters, so staff can still tell entries apart, for logs and analytics. */
export function maskPersonalData(text: string): string {
  return text
    .replace(EMAIL, (_m, first: string, domain: string) => `${first}***@${domain}`)
    .replace(PHONE, (m) => keepEnds(m))
    .replace(ID_NUMBER, (m) => keepEnds(m));
}

/** Masks every string inside a log object (bounded depth, so huge objects stay cheap). */
export function maskDeep<T>(value: T, depth = 4): T {
  if (typeof value === "string") return maskPersonalData(value) as T;
  if (depth <= 0 || value === null || typeof value !== "object") return value;
  if (value instanceof Error) return value;
  if (Array.isArray(value)) return value.map((v) => maskDeep(v, depth - 1)) as T;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = maskDeep(v, depth - 1);
  return out as T;
}
