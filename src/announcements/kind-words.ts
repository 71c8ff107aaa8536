// The words people use for each kind of opportunity, folded (no diacritics, lower case): the chat
// reads the kind from them ("có việc làm nào…", "khóa học nghề…", "cuộc thi khởi nghiệp…") and a
// CSV may name the kind in Vietnamese instead of its code. Longer phrases are tried first, so
// "hội chợ việc làm" is a job fair and not a job.
import type { OpportunityKind } from "./opportunity-status.ts";

export const KIND_WORDS: Record<OpportunityKind, readonly string[]> = {
  job_fair: ["hoi cho viec lam", "ngay hoi viec lam", "phien giao dich viec lam", "san giao dich viec lam", "job fair", "job fairs", "hoi cho"],
  startup_call: ["cuoc thi khoi nghiep", "thi khoi nghiep", "goi khoi nghiep", "chuong trinh khoi nghiep", "ho tro khoi nghiep", "khoi nghiep", "startup", "startups", "start up"],
  course: ["khoa hoc", "lop hoc", "hoc nghe", "dao tao nghe", "khoa dao tao", "lop dao tao", "tap huan", "course", "courses", "training"],
  volunteering: ["tinh nguyen", "tinh nguyen vien", "volunteer", "volunteering"],
  event: ["su kien", "hoi thao", "giao luu", "hoat dong", "event", "events"],
  job: ["viec lam", "tuyen dung", "viec", "job", "jobs", "work"],
};

const PHRASES = (Object.entries(KIND_WORDS) as [OpportunityKind, readonly string[]][])
  .flatMap(([kind, words]) => words.map((w) => ({ kind, w })))
  .sort((a, b) => b.w.length - a.w.length);

/** The kinds a folded text names, the longest phrases first, each kind once; a phrase counts once. */
export function kindsIn(folded: string): OpportunityKind[] {
  let rest = ` ${folded} `;
  const found: OpportunityKind[] = [];
  for (const { kind, w } of PHRASES) {
    if (!rest.includes(` ${w} `)) continue;
    rest = rest.replace(` ${w} `, " | ");
    if (!found.includes(kind)) found.push(kind);
  }
  return found;
}
