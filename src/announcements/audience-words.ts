// Who an opportunity is for, as people say it: the audience groups the coordination regulation names
// (demobilised soldiers, rural youth, people with disabilities, people back from prison, workers
// going abroad or back, students, ethnic minority youth), each marked on an opportunity by one topic
// code of knowledge/topics.json, and an age ("em 17 tuổi", "17t", "mình 20", "I'm 17"). The chat reads
// them from a folded message (no diacritics, lower case, as foldForIntent gives it); the public page
// and the API take the topic code and the age as query parameters. Pure: no database, no clock.

export const AUDIENCE_GROUPS = ["veteran", "rural", "disability", "reentry", "abroad", "student", "ethnic"] as const;
export type AudienceGroup = (typeof AUDIENCE_GROUPS)[number];

/**
 * The topic code an opportunity carries to say it is meant for the group. Two were already in
 * topics.json (military service, working abroad); the other five were added for this, since no
 * subject topic names those people ("giao-duc" is what a course teaches, not who may take it).
 */
export const AUDIENCE_TOPIC = {
  veteran: "nghia-vu-quan-su",
  rural: "thanh-nien-nong-thon",
  disability: "nguoi-khuyet-tat",
  reentry: "tai-hoa-nhap-cong-dong",
  abroad: "xuat-khau-lao-dong",
  student: "hoc-sinh-sinh-vien",
  ethnic: "dan-toc-thieu-so",
} as const satisfies Record<AudienceGroup, string>;

/** Every audience topic code: an opportunity naming none of them is open to everyone. */
export type AudienceTopic = (typeof AUDIENCE_TOPIC)[AudienceGroup];
export const AUDIENCE_TOPICS = AUDIENCE_GROUPS.map((g) => AUDIENCE_TOPIC[g]) as [AudienceTopic, ...AudienceTopic[]];

/** The youngest and oldest age the filter takes: below or above, an age is not read (the chat) or refused (the API). */
export const AGE_MIN = 10;
export const AGE_MAX = 40;

/**
 * The folded phrases naming each group. Bare "nghĩa vụ quân sự" is not one (a course for those about
 * to enlist is not for those who served), nor bare "ra quân" (the Youth Union's "lễ ra quân" launches a
 * campaign); "mới ra quân", "xong nvqs" are. Bare "dân tộc", "nước ngoài", "hs" are not either
 * ("văn hóa dân tộc", "công ty nước ngoài", "hs" for "hồ sơ").
 */
export const AUDIENCE_WORDS: Record<AudienceGroup, readonly string[]> = {
  veteran: [
    "bo doi xuat ngu", "quan nhan xuat ngu", "bo doi phuc vien", "xuat ngu", "phuc vien", "bo doi ra quan", "moi ra quan", "vua ra quan", "da ra quan",
    "hoan thanh nghia vu quan su", "hoan thanh nghia vu cong an", "hoan thanh nghia vu", "xong nghia vu quan su", "xong nghia vu cong an",
    "hoan thanh nvqs", "xong nvqs", "di nghia vu ve", "di bo doi ve", "di nvqs ve",
    "demobilised soldiers", "demobilized soldiers", "demobilised", "demobilized", "veterans", "veteran", "ex soldiers", "ex-soldiers", "former soldiers", "after military service",
  ],
  rural: ["thanh nien nong thon", "lao dong nong thon", "nguoi nong thon", "nong thon", "vung nong thon", "rural youth", "rural young people", "rural areas", "rural"],
  disability: [
    "nguoi khuyet tat", "thanh nien khuyet tat", "ban khuyet tat", "khuyet tat", "nkt", "tan tat", "nguoi khiem thi", "khiem thi", "khiem thinh",
    "people with disabilities", "person with a disability", "with a disability", "with disabilities", "disabled", "disability", "disabilities",
  ],
  reentry: [
    "nguoi chap hanh xong an phat tu", "chap hanh xong an phat tu", "chap hanh xong an", "chap hanh xong hinh phat tu", "da chap hanh xong an",
    "tai hoa nhap cong dong", "hoa nhap cong dong", "hoan luong", "man han tu", "moi ra tu", "vua ra tu", "da ra tu", "nguoi ra tu", "tung mang an", "nguoi mang an",
    "former prisoners", "former prisoner", "ex-offenders", "ex offenders", "released from prison", "out of prison", "served a prison sentence",
  ],
  abroad: [
    "lao dong di lam viec o nuoc ngoai", "nguoi lao dong di lam viec o nuoc ngoai", "di lam viec o nuoc ngoai", "lam viec o nuoc ngoai", "di lam o nuoc ngoai",
    "lao dong ve nuoc", "lao dong tro ve", "moi ve nuoc", "tu nuoc ngoai ve", "di xuat khau lao dong ve", "di xkld ve", "xuat khau lao dong", "xkld",
    "di lao dong nuoc ngoai", "lao dong nuoc ngoai", "o nuoc ngoai",
    "migrant workers", "returning migrant workers", "returned migrant workers", "work abroad", "working abroad", "jobs abroad", "back from abroad", "overseas",
  ],
  student: [
    "hoc sinh sinh vien", "hssv", "hs sv", "sinh vien", "tan sinh vien", "hoc sinh", "sv",
    "students", "student", "university students", "college students", "pupils",
  ],
  ethnic: [
    "thanh nien dan toc thieu so", "nguoi dan toc thieu so", "dan toc thieu so", "dong bao dan toc", "thanh nien dan toc", "nguoi dan toc", "dtts",
    "ethnic minority youth", "ethnic minorities", "ethnic minority",
  ],
};

const PHRASES = (Object.entries(AUDIENCE_WORDS) as [AudienceGroup, readonly string[]][])
  .flatMap(([group, words]) => words.map((w) => ({ group, w })))
  .sort((a, b) => b.w.length - a.w.length);

/** "nghia-vu-quan-su" → "veteran"; undefined for a topic that names no audience. */
export function groupOfTopic(topic: string): AudienceGroup | undefined {
  return AUDIENCE_GROUPS.find((g) => AUDIENCE_TOPIC[g] === topic);
}

export function isAudienceTopic(topic: string): topic is AudienceTopic {
  return (AUDIENCE_TOPICS as readonly string[]).includes(topic);
}

/** The audience groups an opportunity's topics name, in AUDIENCE_GROUPS order. */
export function groupsOfTopics(topics: readonly string[]): AudienceGroup[] {
  return AUDIENCE_GROUPS.filter((g) => topics.includes(AUDIENCE_TOPIC[g]));
}

export interface AudienceAsk {
  /** The asker's age, when the message says it and it lies in AGE_MIN–AGE_MAX. */
  age?: number;
  /** The group the message names first (one: the public page and the API filter by one audience too). */
  group?: AudienceGroup;
}

/** The group named first in the padded folded text (phrases tried longest first), and where; undefined when none is. */
function firstMention(padded: string): { group: AudienceGroup; at: number } | undefined {
  let best: { group: AudienceGroup; at: number } | undefined;
  let rest = padded;
  for (const { group, w } of PHRASES) {
    const at = rest.indexOf(` ${w} `);
    if (at < 0) continue;
    // Blank the phrase out so a shorter one inside it ("sinh vien" in "hoc sinh sinh vien") is not read again.
    rest = rest.slice(0, at + 1) + "#".repeat(w.length) + rest.slice(at + 1 + w.length);
    if (!best || at < best.at) best = { group, at };
  }
  return best;
}

/** Words after a bare number that make it a count, not an age: "mình 30 người", "em 2 khóa", "tôi 10 triệu". */
const NOT_AGE_AFTER = new Set([
  "nguoi", "ban", "dua", "khoa", "lop", "cai", "viec", "cong", "trieu", "tr", "nghin", "ngan", "phut", "gio", "tieng", "h", "ngay",
  "thang", "nam", "lan", "buoi", "km", "m", "phan", "diem", "suat", "vi", "slot", "people", "persons", "jobs", "courses", "hours", "days", "percent",
]);
/**
 * Who may say their own age before it: "em 17", "mình 20", "t 18", "tớ 19". Not "còn", "chỉ", "anh": folded they
 * are also "còn 20 chỗ", "chỉ 15 người" (a "17 tuổi" after them is still read by the first pattern).
 */
const SELF = "(?:em|e|minh|mk|mik|toi|t|to|tui|tao)";
/** `bare`: the number stands alone ("em 17"), so a count word after it ("em 17 người") makes it no age. */
const AGE_PATTERNS: readonly { re: RegExp; bare: boolean }[] = [
  // "17 tuổi", "17tuoi", "tuổi 17", "độ tuổi 17"
  { re: /(?:^| )(\d{1,2}) ?tuoi(?= |$)/g, bare: false },
  { re: /(?:^| )(?:do )?tuoi (\d{1,2})(?= |$)/g, bare: false },
  // "em 17", "mình 20", "em năm nay 17t", "em mới 18", "17t có việc nào không"
  { re: new RegExp(`(?:^| )${SELF}(?: (?:nam nay|nay|da|moi|sap|vua|vua tron|tron|duoc))* (\\d{1,2})t?(?= |$)`, "g"), bare: true },
  { re: /^(\d{1,2})t(?= |$)/g, bare: false },
  { re: /(?:^| )nam nay (\d{1,2})t?(?= |$)/g, bare: true },
  // "I'm 17", "I am 17", "aged 17", "17 years old", "17yo"
  { re: /(?:^| )(?:i m|im|i am|aged|age)(?: only| just)? (\d{1,2})(?= |$)/g, bare: true },
  { re: /(?:^| )(\d{1,2}) ?(?:years? old|yo|y o|yrs? old)(?= |$)/g, bare: false },
];
/** "từ 18 đến 30 tuổi", "18-30 tuổi": a range asked about, not the asker's age. */
const AGE_RANGE = /(?:^| )\d{1,2} ?(?:-|den|toi|to|–) ?\d{1,2} ?(?:tuoi|years)(?= |$)/g;
/** "trên 18 tuổi", "từ 16 tuổi", "under 30": a limit someone names, not the asker's age. */
const LIMIT_BEFORE = new Set(["tren", "duoi", "tu", "qua", "hon", "over", "under", "above", "below", "than"]);

/** The asker's age from a folded message, or undefined. */
export function ageIn(folded: string): number | undefined {
  const text = folded.replace(AGE_RANGE, " ");
  for (const { re, bare } of AGE_PATTERNS) {
    for (const m of text.matchAll(re)) {
      const before = text.slice(0, m.index).trim().split(" ").at(-1) ?? "";
      const after = text.slice(m.index + m[0].length).trim().split(" ")[0] ?? "";
      if (LIMIT_BEFORE.has(before) || (bare && NOT_AGE_AFTER.has(after))) continue;
      const age = Number(m[1]);
      if (age >= AGE_MIN && age <= AGE_MAX) return age;
    }
  }
  return undefined;
}

/** Who the message says the asker is or asks for: an age and the group named first, each when present. */
export function audienceIn(folded: string): AudienceAsk {
  const age = ageIn(folded);
  const group = firstMention(` ${folded.replace(/,/g, " ").replace(/\s+/g, " ").trim()} `)?.group;
  return { ...(age !== undefined ? { age } : {}), ...(group ? { group } : {}) };
}

/** Whether a would-be place ("ở nông thôn", "ở nước ngoài") is an audience's words rather than a place. */
export function namesAudience(folded: string): boolean {
  return firstMention(` ${folded} `) !== undefined;
}

/** An age typed in a query string or a form: a whole number from AGE_MIN to AGE_MAX, else undefined. */
export function parseAge(value: string): number | undefined {
  if (!/^\s*\d{1,3}\s*$/.test(value)) return undefined;
  const age = Number(value);
  return age >= AGE_MIN && age <= AGE_MAX ? age : undefined;
}
