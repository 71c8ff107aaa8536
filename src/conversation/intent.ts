// Decides what a user wants from one message: a command, a menu choice, a greeting, a proposal,
// tracking, and so on; by default, a question for the knowledge base. Works on Vietnamese typed
// with or without diacritics, common chat spellings, and simple English.
import { foldDiacritics } from "../knowledge/text.ts";
import { CODE_PATTERN } from "../proposals/proposal-status.ts";

export type Intent =
  | { type: "start" }
  | { type: "help" }
  | { type: "menu" }
  | { type: "topic"; topic: "laws" | "jobs" | "startup" }
  | { type: "propose"; content: string }
  | { type: "track"; code: string | null }
  | { type: "cancel" }
  | { type: "deleteData" }
  | { type: "contactStaff"; content: string }
  | { type: "escalate" }
  | { type: "rate"; code: string; helpful: boolean }
  | { type: "lang"; locale: string }
  | { type: "thanks" }
  | { type: "goodbye" }
  | { type: "question"; text: string };

/** Lower-case, diacritics-free, punctuation-free, single-spaced: how intent phrases are compared. */
export function foldForIntent(text: string): string {
  return foldDiacritics(text.normalize("NFC").toLowerCase())
    .replace(/[^\p{L}\p{N}/\s-]/gu, " ")
    .replace(/\s+/g, " ")
    .trim();
}

/** Commands may carry a bot username on Telegram (/start@my_bot) and arguments after a space. */
export function parseCommand(text: string): { name: string; args: string } | null {
  const m = /^\/([a-z_]+)(?:@\w+)?(?:\s+([\s\S]*))?$/i.exec(text.trim());
  return m ? { name: m[1]!.toLowerCase(), args: (m[2] ?? "").trim() } : null;
}

const GREETINGS = new Set([
  "hi", "hello", "hey", "alo", "xin chao", "chao", "chao ban", "chao bot", "chao ad", "chao admin", "hi bot", "hello bot",
  "bat dau", "start", "xin chao ban", "chao em", "chao anh", "chao chi", "good morning",
]);
const MENU = new Set(["menu", "danh muc", "chu de", "topics"]);
const HELP = new Set(["help", "tro giup", "huong dan", "giup toi", "giup minh", "ban lam duoc gi", "what can you do"]);
const THANKS = /^(cam on|cam on ban|cam on nhieu|cam on ad|thank you|thanks|thank|tks|thanks a lot|ok cam on|cam on nhe)( nhieu| nhe| a| ban)*$/;
const GOODBYE = /^(tam biet|bye|bye bye|goodbye|hen gap lai|chao tam biet)( nhe| ban| a)*$/;
const CANCEL = new Set(["huy", "cancel", "thoi", "dung lai", "stop", "huy bo"]);
/** "kiến nghị …", "đề xuất …", "góp ý …", "phản ánh …" at the start of a message opens an intake. */
const PROPOSAL_START = /^(toi muon |minh muon |em muon |cho toi |xin )?(gui )?(kien nghi|de xuat|gop y|phan anh|propose|proposal|feedback)\b[\s:,.-]*/;
const TRACK_START = /^(kiem tra|tra cuu|theo doi|xem|check|track)( lai)?( tinh trang| trang thai)?( kien nghi| cau hoi| ma| status)?\b/;

const COMMANDS: Record<string, (args: string) => Intent> = {
  start: () => ({ type: "start" }),
  help: () => ({ type: "help" }),
  trogiup: () => ({ type: "help" }),
  menu: () => ({ type: "menu" }),
  kiennghi: (args) => ({ type: "propose", content: args }),
  gopy: (args) => ({ type: "propose", content: args }),
  dexuat: (args) => ({ type: "propose", content: args }),
  theodoi: (args) => ({ type: "track", code: CODE_PATTERN.exec(args)?.[0]?.toUpperCase() ?? (args ? args.toUpperCase() : null) }),
  huy: () => ({ type: "cancel" }),
  cancel: () => ({ type: "cancel" }),
  xoadulieu: () => ({ type: "deleteData" }),
  lienhe: (args) => ({ type: "contactStaff", content: args }),
  lang: (args) => ({ type: "lang", locale: args.toLowerCase() }),
};

export function detectIntent(text: string, choice?: string): Intent {
  if (choice) {
    const byChoice = intentOfChoice(choice);
    if (byChoice) return byChoice;
  }
  const command = parseCommand(text);
  if (command) {
    const make = COMMANDS[command.name];
    if (make) return make(command.args);
  }
  const folded = foldForIntent(text);
  if (GREETINGS.has(folded)) return { type: "start" };
  if (MENU.has(folded)) return { type: "menu" };
  if (HELP.has(folded)) return { type: "help" };
  if (CANCEL.has(folded)) return { type: "cancel" };
  if (THANKS.test(folded)) return { type: "thanks" };
  if (GOODBYE.test(folded)) return { type: "goodbye" };
  const code = CODE_PATTERN.exec(text)?.[0]?.toUpperCase();
  if (code && (TRACK_START.test(folded) || folded.replace(/[^a-z0-9]/g, "") === code.replace(/-/g, "").toLowerCase())) {
    return { type: "track", code };
  }
  const proposal = PROPOSAL_START.exec(folded);
  if (proposal) {
    // Keep the user's own spelling of the content: drop as many words as the folded prefix had.
    const words = proposal[0].trim().split(" ").length;
    const content = text.trim().split(/\s+/).slice(words).join(" ").replace(/^[\s:,.-]+/, "");
    return { type: "propose", content };
  }
  return { type: "question", text: text.trim() };
}

function intentOfChoice(choice: string): Intent | null {
  if (choice.startsWith("topic:")) {
    const topic = choice.slice(6);
    if (topic === "laws" || topic === "jobs" || topic === "startup") return { type: "topic", topic };
  }
  if (choice === "proposal:start") return { type: "propose", content: "" };
  if (choice === "proposal:track") return { type: "track", code: null };
  if (choice === "escalate") return { type: "escalate" };
  const rate = /^rate:([A-Z]{2}-\d{4}-\d+):(up|down)$/.exec(choice);
  if (rate) return { type: "rate", code: rate[1]!, helpful: rate[2] === "up" };
  return null;
}

/** Words a user answers a yes/edit/no question with, with or without diacritics. */
export function confirmation(text: string, choice?: string): "yes" | "edit" | "no" | null {
  if (choice === "confirm:yes") return "yes";
  if (choice === "confirm:edit") return "edit";
  if (choice === "confirm:no") return "no";
  const f = foldForIntent(text);
  if (/^(dong y|ok|oke|okay|yes|y|co|gui|gui di|xac nhan|dung|dung roi|send|dong y gui|chuan)( nhe| a| luon)*$/.test(f)) return "yes";
  if (/^(sua|sua lai|chinh sua|viet lai|edit|thay doi)( nhe| a)*$/.test(f)) return "edit";
  if (/^(huy|khong|ko|k|no|cancel|thoi|huy bo|khong gui)( nhe| a)*$/.test(f)) return "no";
  return null;
}

/**
 * "còn điều kiện gì nữa?", "thế còn…", "vậy thì sao": a question that leans on the previous one.
 * Typed with diacritics, the accented openers decide ("vậy" is not "vay", to borrow); typed
 * without, only unambiguous two-word openers or a closing "nữa" count.
 */
export function isFollowUp(text: string): boolean {
  const lower = text.normalize("NFC").toLowerCase().trim();
  const f = foldForIntent(text);
  if (f.split(" ").length > 12) return false;
  if (/\b(nua|thi sao)\s*$/.test(f)) return true;
  if (/[\u0300-\u036f]|đ/.test(lower.normalize("NFD"))) {
    return /^(còn|thế còn|vậy còn|vậy thì|thế thì|thế|vậy)(\s|$)/u.test(lower);
  }
  return /^(con gi|con dieu|con ai|con cach|the con|vay con|vay thi|the thi)\b/.test(f);
}
