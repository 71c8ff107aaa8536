// The age group a person states ("em 14 tuổi", "mình 20t", "dưới 16 tuổi", "I am 15 years old").
// Only the band is ever stored (ChatUser.ageBand), never the age itself or a birth date: the band
// is all the service needs, to ask for a parent's or guardian's agreement under 16 (Điều 24 of the
// Law on personal data protection, 91/2025/QH15).

export const AGE_BANDS = ["under16", "16to30", "over30"] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

export function bandOfAge(age: number): AgeBand {
  if (age < 16) return "under16";
  return age <= 30 ? "16to30" : "over30";
}

/**
 * The band a message states, or null. `folded` is lower case without diacritics (foldForIntent),
 * so "Em 14 tuổi" arrives as "em 14 tuoi".
 */
export function statedAgeBand(folded: string): AgeBand | null {
  if (/\b(duoi|chua du|chua den|chua toi) 16( tuoi)?\b/.test(folded) || /\bunder 16\b/.test(folded)) return "under16";
  const m = /\b(?:em|minh|toi|chau|con|tao|to|i am|i m|im)\b[^0-9]{0,15}\b(\d{1,2}) ?(?:tuoi|t|years? old|yo)\b/.exec(folded);
  if (!m) return null;
  const age = Number(m[1]);
  return age >= 6 ? bandOfAge(age) : null;
}
