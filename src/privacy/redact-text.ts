// Owns full redaction of free text, where mask.ts's keep-the-ends masking is not enough:
// - before a young person's words leave the process for a remote model (maskForRemote), and
// - when their data is erased (scrubErasedText), where the person's own known values (the contact
//   they left, the addresses found in their proposals) go too, in whatever column they were quoted.
// The labels are markers stored in data or sent to a model, not messages to a user, so they live
// here (like the export labels in console/strings.ts), in the language of the records.
import { findPersonalData, redactPersonalData, type RedactLabels } from "./mask.ts";

// Street addresses: a house number ("số nhà 12", "nhà số 12A", "số 12/3" before an alley or street),
// alleys ("ngõ 34", "ngách 5", "hẻm 7/2", "kiệt 9") and the named street after them ("đường Lê Lợi").
// A street or ward alone is public geography, not an address; it is only taken after a number.
const NUM = String.raw`\d+[A-Za-z]?(?:\/\d+[A-Za-z]?)*`;
const ALLEY = String.raw`(?:[Nn]gõ|[Nn]gách|[Hh]ẻm|[Kk]iệt)\s*${NUM}`;
const STREET = String.raw`(?:[Đđ]ường|[Pp]hố)\s+\p{Lu}\p{Ll}*(?:\s+(?:\p{Lu}\p{Ll}*|\d+))*`;
const HOUSE = String.raw`(?:[Ss]ố\s+nhà|[Nn]hà\s+số)\s*${NUM}`;
const NUMBER_BEFORE_STREET = String.raw`[Ss]ố\s*${NUM}(?=\s*,?\s*(?:[Nn]gõ|[Nn]gách|[Hh]ẻm|[Kk]iệt|[Đđ]ường|[Pp]hố)\s)`;
const ADDRESS = new RegExp(String.raw`(?<![\p{L}\p{N}])(?:${HOUSE}|${NUMBER_BEFORE_STREET}|${ALLEY})(?:\s*,?\s*(?:${ALLEY}|${STREET}))*`, "gu");

const REMOTE_LABELS: RedactLabels & { address: string } = {
  email: "[email]",
  phone: "[số điện thoại]",
  idNumber: "[số giấy tờ]",
  address: "[địa chỉ]",
};

export const ERASED_LABELS: RedactLabels & { address: string; other: string } = {
  email: "[email đã xoá]",
  phone: "[số điện thoại đã xoá]",
  idNumber: "[số giấy tờ đã xoá]",
  address: "[địa chỉ đã xoá]",
  other: "[đã xoá]",
};

/** Phone numbers, emails, ID numbers and street addresses replaced by labels, before text goes to a remote model. */
export function maskForRemote(text: string): string {
  return redactPersonalData(text, REMOTE_LABELS).replace(ADDRESS, REMOTE_LABELS.address);
}

/**
 * The values worth removing wherever they were quoted: the contact a person left, each email,
 * phone, ID number and address written in their texts, and the local part of their emails (staff
 * write "đã gọi an.nguyen"). Too-short values are left out: they would match ordinary words.
 */
export function personalValues(texts: (string | null | undefined)[]): string[] {
  const values = new Set<string>();
  for (const text of texts) {
    if (!text) continue;
    for (const v of [...findPersonalData(text), ...(text.match(ADDRESS) ?? [])]) {
      values.add(v.trim());
      const local = /^([^@]+)@/.exec(v)?.[1];
      if (local && local.length >= 5) values.add(local);
    }
  }
  return [...values].filter((v) => v.length >= 5);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * `text` with every known value (case-insensitive, also as escaped inside JSON) and every email,
 * phone, ID number and address pattern replaced by a label. Known values go first, longest first,
 * so a full email is not half-replaced by its local part.
 */
export function scrubErasedText(text: string, known: string[]): string {
  const variants = new Set<string>();
  for (const v of known) {
    variants.add(v);
    variants.add(JSON.stringify(v).slice(1, -1));
  }
  let out = text;
  for (const v of [...variants].sort((a, b) => b.length - a.length)) {
    if (v.length < 5) continue;
    out = out.replace(new RegExp(escapeRegExp(v), "giu"), ERASED_LABELS.other);
  }
  return redactPersonalData(out, ERASED_LABELS).replace(ADDRESS, ERASED_LABELS.address);
}
