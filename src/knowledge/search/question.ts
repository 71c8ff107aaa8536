// Reads a young person's message the way a person would before looking anything up: which
// language it is in, which part asks and which part tells the story, what kind of answer it wants
// (an age, an amount, a duration, an office, a procedure, yes or no), whether it asks if a document
// is still in force, and which words are only the social layer ("cho em hỏi", "ạ", "ad ơi") or
// grammar ("không", "được", "gì"). Retrieval weighs the words by this; the answer decision and the
// excerpt use the answer type.
import type { AnalyzedQuery, Lexicon } from "./lexicon.ts";
import { BREAK, foldDiacritics, hasDiacritics, normalizeNumbers, normalizeText, phraseTokens, readBareAges } from "../text.ts";
import { RecentValues } from "../recent-values.ts";
import { spellOutContractions } from "./english-words.ts";

export type AnswerType = "age" | "money" | "duration" | "place" | "procedure" | "who" | "count" | "yesno" | "open";

export interface Question {
  /** As typed, trimmed. */
  text: string;
  language: "vi" | "en";
  type: AnswerType;
  /** Asks whether a document is still in force, which is the newest, or from when it applies. */
  asksStatus: boolean;
  /** The sentences that ask; for a long message, the rest is `context`. */
  focus: string;
  context: string;
  /** Ages the message names ("em 17 tuổi", "16t"). */
  ages: number[];
  /** How many content words (not grammar, not the social layer) the asking part has. */
  contentWords: number;
  /**
   * Kinds of facts the message itself gives ("70% lương" an amount, "2 tháng" a duration, "16 tuổi"
   * an age): a passage about the same kind of fact is more likely the one it asks about.
   */
  mentions: AnswerType[];
  /**
   * Asks about something no department here answers (the weather, a match result, a maths
   * exercise, love advice): the bot says what it covers instead of answering from the nearest passage.
   */
  offTopic: boolean;
  /**
   * The asking sentence named almost nothing and was read with the clauses before it ("…, vậy có
   * đúng luật không?"): the rest of the story then still counts nearly in full.
   */
  pointsBack: boolean;
  /**
   * How many things the message asks ("được hưởng không, được mấy tháng và mỗi tháng bao nhiêu?"
   * asks three): a message asking two things may need two passages to answer.
   */
  asks: number;
}

export interface PreparedQuery {
  question: Question;
  analyzed: AnalyzedQuery;
}

export interface QueryOptions {
  /** How much the story around the question counts, relative to the sentence that asks. */
  contextWeight: number;
  /** Grammar and question words count a little: they say what is asked, not what about. */
  functionWordWeight: number;
  /** English words that no lexicon phrase translated still match the English phrasings of FAQ entries. */
  untranslatedEnglishWeight: number;
}

// Chosen with scripts/tune-retrieval.ts on ALQAC (both forms), our natural legal questions and the
// youth question set together.
export const DEFAULT_QUERY_OPTIONS: QueryOptions = { contextWeight: 0.6, functionWordWeight: 0.7, untranslatedEnglishWeight: 0.5 };
/** The weight of grammar words in phrasing matches (phrasing-match.ts). */
export const FUNCTION_WORD_WEIGHT = 0.3;
/** Below this many words a message is read whole; above, its asking sentences are the focus. */
const LONG_MESSAGE_WORDS = 16;
/** An asking part naming fewer content words than this is read with the clauses before it. */
const MIN_ASKING_CONTENT = 3;

// Grammar and question words. Weighed down, never removed: "được không" still tells a yes/no
// question apart. Written with marks: typed with marks, "bảo" (bảo hiểm) is not "bao" (bao nhiêu).
const FUNCTION_WORDS_ACCENTED =
  "không có được là gì nào bao nhiêu sao thế thì mà và của cho với em anh chị mình tôi bạn tớ ad admin ạ a ơi nhé nha " +
  "vậy hả nhỉ đâu ở này đó kia rồi chưa đã sẽ đang cũng nữa thôi luôn hay hoặc phải cần muốn hỏi biết ai khi lúc nếu vì " +
  "nên để từ đến trong trên những các một mấy nhiều ít làm như ra vào lên xuống còn vẫn chỉ mới rất quá lại tại theo " +
  "thấy đúng giúp xin vui lòng đáp bị kiểu họ nó tụi cái đứa";
const FUNCTION_WORDS = new Set(FUNCTION_WORDS_ACCENTED.split(" "));
/**
 * For words typed without marks, only the folded forms no content word shares: "toi" may be
 * "tội", "vay" is "vay vốn", "dang" is "đăng ký", "hoi" is "hội", "lai" is "lãi", "thoi" is "thời".
 */
const FUNCTION_WORDS_FOLDED = new Set(
  ("khong ko k hok khum duoc dc gi nao nhieu sao thi va cua voi em e anh minh mik ad admin a oi nhe z ha nhi o nay kia " +
    "roi r chua se nua luon hay hoac phai ai khi neu nen den tren nhung cac mot it nhu ra vao xuong " +
    "rat qua theo giup xin la kieu").split(" "),
);

/**
 * Whether a token is grammar: in a message typed with marks, by its exact spelling ("bao" of "bao
 * nhiêu" is, "bảo" of "bảo hiểm" is not); typed without, by the folded forms no content word shares.
 */
function isFunctionWord(token: string, accented: boolean): boolean {
  return accented || hasDiacritics(token) ? FUNCTION_WORDS.has(token) : FUNCTION_WORDS_FOLDED.has(token);
}
// Words a sentence ends on when it asks (folded).
const ASKS = /\b(khong|ko|k|hok|khum|kh|chua|sao|gi|nao|bao nhieu|bao lau|o dau|the nao|nhu nao|ntn|lam sao|nhi|ha|a|the|vay|z|khg)\s*$|\?\s*$|^(ai|sao|tai sao|lam sao|co|how|what|when|where|who|why|is|are|can|do|does|should|may|must)\b|\b(bao nhieu|bao lau|o dau|the nao|lam sao|co phai|duoc khong|dc ko|hay khong|nhu the nao|thi sao|la gi)\b/;

// The social layer of a message: greetings, "cho em hỏi", thanks in advance, address terms.
const SOCIAL = [
  /^(xin chao|chao|hello|hi|alo)( (ad|admin|ban|anh|chi|em|moi nguoi|bot))?\b/,
  /\b(ad|admin|anh chi|anh|chi|ban|bn|bot|tro ly|moi nguoi|mn|mng|ca nha|cac ban|may ban)( oi)+\b/,
  // A closing "… mọi người", "… ad", "… mn": who is asked, not what.
  /\b(moi nguoi|mn|mng|ca nha|cac ban|ad|admin)$/,
  /\b(cho|cho phep) (em|minh|toi|to|chau|con|t) (hoi|xin hoi)( (chut|xiu|ti|voi))?\b/,
  /\b(em|minh|toi|to|chau) (muon|xin|can) (hoi|duoc hoi|hoi chut|hoi xiu)\b/,
  /\b(em|minh|toi)? ?(xin )?cam on (truoc|nhieu|ad|ban|a)*\b/,
  /\b(giup|ho|tu van cho) (em|minh|toi|chau) (voi|nhe|nha|a)*\b/,
  /\b(lam on|vui long|please|thanks|thank you)\b/,
];
// Endings that carry only tone, when they close a phrase: "… được không ạ", "… nha", "… z".
const TONE_ENDINGS = new Set(["a", "ạ", "nha", "nhe", "nhé", "ha", "hả", "hở", "nhỉ", "nhi", "z", "v", "vay", "vậy", "the", "thế", "oi", "ơi", "ah", "uh"]);

// The first pattern that matches decides; a duration is asked before an amount ("trợ cấp được mấy
// tháng" asks how long, "trợ cấp được bao nhiêu" how much).
const TYPES: ReadonlyArray<readonly [AnswerType, RegExp]> = [
  ["age", /\b(bao nhieu|may|bn) tuoi\b|\btuoi (nao|toi thieu|toi da|bao nhieu)\b|\b(do|du) tuoi\b|\bhow (old|young)\b|\b(age|ages)\b|\btu bao nhieu tuoi\b/],
  ["duration", /\bbao lau\b|\b(may|bao nhieu|bn) (ngay|thang|nam|tuan|gio|tieng|buoi)\b|\bthoi han\b|\bthoi gian (la )?(bao lau|toi da|bao nhieu)\b|\bhow long\b|\bhow many (days|months|years|hours|weeks)\b|\bhow much (\w+ ){0,2}(time|rest|leave|time off|days? off|holidays?|vacation|notice|break)\b|\bhow soon\b|\bdeadline\b|\btime limit\b|\b(khi nao|bao gio|luc nao)\b|\bwhen (can|do|does|did|is|are|was|were|will|would|should|must|could|am|shall)\b|^when\b(?! i\b)|\b(from|since|until|till|by) when\b|\b(which|what) (day|date|month|year)\b|\b(tu|bat dau tu|ke tu) ngay (nao|may|thu may|thu bao nhieu)\b|\bngay thu may\b/],
  // A share is an amount too: "tỉ lệ nào", "what percentage", "the overtime rate" ("bn %": PERCENT_ASKED).
  ["money", /\b(bao nhieu|may|bn) (tien|dong|trieu|nghin|phan tram)\b|\b(luong|tien|phi|le phi|tro cap|muc huong|muc vay|vay|huong|phat|boi thuong|dong|lai suat|ty le|ti le)( \w+){0,3} (bao nhieu|toi da|toi thieu|la bao nhieu|may)\b|\b(ty le|ti le|lai suat) (nao|gi|the nao)\b|\bhow much\b|\bmuc (luong|huong|vay|tro cap|dong|phat)\b|\b(what|which|how many|how much) (percent|percentage|per cent)\b|\bpercentage\b|\b(interest|overtime|overdue|benefit|contribution|tax) rate\b/],
  ["place", /\bo dau\b|\b(noi|co quan|so|phong|don vi|cho|trung tam|cap) nao\b|\bwhere\b|\b(gap|hoi|bao|lien he|nop cho|toi) ai\b|\bnop (o dau|cho ai)\b|\blien he (o dau|dau)\b|\bwho (do i|should i) (contact|ask)\b/],
  ["procedure", /\blam (sao|the nao|nhu the nao|ntn|nhu nao|gi)\b|\b(the nao|cach nao|bang cach nao) de\b|\bcach (de|lam|thuc hien)\b|\bthu tuc\b|\bho so\b|\bgiay to\b|\bcan (gi|nhung gi|chuan bi)\b|\bquy trinh\b|\bcac buoc\b|\bhow (do|can|to|should)\b|\bwhat do i need\b|\bdieu kien\b|\brequirements?\b/],
  ["count", /\b(may|bao nhieu|bn) (lan|loai|buoc|nguoi|cap|hinh thuc)\b|\bhow many\b/],
  // English "who" after a person ("a kid who got abused", "people who got fired") tells who is meant; it does not ask.
  ["who", /^(ai|nhung ai)\b|\b(ai|nhung ai|doi tuong nao|nguoi nao) (duoc|phai|co|la)\b|(?<!\b(?:kid|kids|child|children|people|person|persons|someone|somebody|anyone|anybody|everyone|those|man|men|woman|women|guy|guys|girl|boy|friend|friends|student|students|worker|workers|employee|employees|member|members|parent|parents|son|daughter|sister|brother|mom|dad|mother|father|youth|teen|teenager|teenagers|applicant|applicants|foreigner|foreigners) )\bwho\b/],
  ["yesno", /\b(co|duoc|dc|phai|dung|can|bi|con|nen|the) [\w\s]*\b(khong|ko|k|hok|khum|kh|chua)( (a|ah|nha|nhe|ha|z|v|vay|ad|ak))*\s*\??$|\b(duoc|dc|co) (khong|ko|k|hok|khum|kh)\b|\b(co )?(dung|hop|trai|sai|vi pham) (luat|phap luat|quy dinh)\b|^(is|are|can|do|does|should|may|must|will)\b|\b(hay khong|phai khong|co phai)\b/],
];

// Subjects outside what the assistant covers, read on folded words. Narrow on purpose: "cá độ bóng
// đá" (betting) and "bạn gái 15 tuổi" (the law on minors) are questions for us; the weather, a
// match score, a lottery draw, an equation or how to win someone's heart are not.
// Another country, as people write it (one list for the rules below and RULES_NOT_COVERED). "US"
// and "UK" only after "the" or before a noun: "for us", "the rights of us teenagers" are pronouns.
const COUNTRY_NAMES = "america|california|south korea|korea|japan|australia|britain|england|canada|germany|france|china|singapore|thailand|taiwan|malaysia";
const COUNTRY = `(the (us|uk|usa|united states)|usa|united states|${COUNTRY_NAMES})`;
const NATIONALITY = "american|korean|japanese|australian|british|canadian|thai|taiwanese|chinese|german|french";
const COUNTRY_VI = "nhat ban|han quoc|dai loan|trung quoc|thai lan|singapore|canada|malaysia";
// Another country named as where a rule or figure applies.
const ANOTHER_COUNTRY = new RegExp(`(\\b(in|of|to|for) ${COUNTRY}\\b|\\b(us|${NATIONALITY}) (army|military|law|laws|citizenship|government)\\b)`);
// A young person going abroad to work or study, or coming back, is ours.
const WORK_OR_STUDY_ABROAD =
  /\b(work|working|worked|worker|workers|job|jobs|employ\w*|salary|wages?|paid|trainee|intern\w*|labou?r|xkld|xuat khau lao dong|di lam|lao dong|hop dong|contract|agency|broker|deposit|fees?|viet ?nam|vietnamese|nguoi viet|vn|study|studying|student|du hoc|return|returned|ve nuoc|come back|came back|coming back|home)\b/;
const OTHER_COUNTRY = new RegExp(`^(?!.*${WORK_OR_STUDY_ABROAD.source}).*${ANOTHER_COUNTRY.source}`);

const OFF_TOPIC: readonly RegExp[] = [
  /\b(thoi tiet|du bao thoi tiet|nhiet do (hom nay|ngay mai|bay gio)|troi (co )?mua (khong|ko|k)|weather|forecast|(going to|gonna|will it) rain|rain(ing)? (today|tomorrow|tonight))\b/,
  /\b(ket qua|ty so|lich thi dau|ai thang|who won|score of|result of)\b.*\b(bong da|tran|world cup|ngoai hang anh|v league|euro|sea games|champions league|match|game)\b/,
  /\b(ket qua xo so|xo so hom nay|xo so mien (nam|bac|trung)|xsmn|xsmb|xsmt|lottery results?)\b/,
  /\b(phuong trinh|dao ham|tich phan|bai tap (toan|ly|hoa|tieng anh|van)|giai (giup|dum|ho)? ?bai (toan|tap)|equation|homework|math problem)\b/,
  // "thất tình" (heartbreak) folds like the middle of "tổn thất tinh thần" (emotional damages).
  /\b(to tinh|crush|that tinh(?! than)|tan gai|tan trai|cua gai|cua trai|quen (nguoi yeu|ny) cu|yeu don phuong|how to (confess|get a (girl|boy)friend)|ask (her|him) out)\b/,
  /\b(cong thuc nau|cach nau|nau mon|recipe|loi bai hat|lyrics|phim (gi|nao) hay|game (gi|nao) hay)\b/,
  // Relationship advice: "người yêu giận không nhắn tin", "làm lành với bạn gái".
  /\b(nguoi yeu|ny|ban trai|ban gai|crush|boyfriend|girlfriend|bf|gf)( (em|minh|toi|tui|cua em|cua minh))? (gian|doi|lanh nhat|het yeu|khong (nhan tin|rep|tra loi tin nhan|nghe may)|is (angry|mad|ignoring))\b|\b(lam lanh|quay lai) (voi )?(nguoi yeu|ny|ban trai|ban gai|nguoi yeu cu)\b|\b(get (my )?(ex|girlfriend|boyfriend) back)\b|\b(broke up|break up|dumped)\b.*\bget (her|him) back\b|\b(should i|co nen) (break up|chia tay)\b/,
  // An ex asking to come back; exam tips; scholarships to study abroad; resetting a password.
  /\b(nguoi yeu cu|ny cu|ban trai cu|ban gai cu|my ex)\b.*\b(quay lai|nhan tin lai|lam lanh|get back together|wants? me back)\b|\b(meo|bi quyet|kinh nghiem|tips?) (on thi|hoc thuoc|lam bai thi|for (the )?exams?)\b|\bhoc bong (du hoc|thac si|tien si|toan phan)\b|\bscholarships?\b.*\b(abroad|master|phd|germany|australia|america|japan|korea|uk)\b|\b(doi|lay lai|quen|reset|khoi phuc) (mat khau|pass|password)\b|\breset (my )?(\w+ )?password\b/,
  // Civil-status and vehicle papers no department here issues: a passport, a birth certificate, a
  // driving licence, a land title, a vehicle transfer, a tourist visa extension.
  /\b(lam|xin|cap|cap lai|gia han|doi|dang ky) (lai )?(ho chieu|passport|giay khai sinh|khai sinh|bang lai( xe)?|giay phep lai xe|so do|so hong)\b|\bsang ten (xe|nha|dat|so do)\b|\b(get|renew|apply for|extend) (a |my |the )?(tourist )?(passport|driving licen[cs]e|birth certificate|visa)\b|\bvisa extension\b/,
  // Another country's rules and figures ("the legal marriage age in South Korea", "enlist in the US
  // Army", "a tourist visa to Japan"), unless the message is about going there to work or study.
  OTHER_COUNTRY,
  // Investing, and a vehicle's plates and registration fees (no department here issues them).
  /\b(should i|nen|co nen) (buy|mua|ban|sell|dau tu|invest)\b.*\b(stocks?|shares?|co phieu|chung khoan|crypto|coin)\b|\b(co phieu|stock) (nao|gi|which) (tot|len|tang|to buy)\b|\b(gia co phieu|stock price)\b|\binvest(ing)? in (stocks?|shares|crypto|gold)\b/,
  /\bbien so\b(?! nha)|\ble phi truoc ba\b|\bdang kiem (xe|o to)\b|\b(register|registration of) (a |my )?(motorbike|motorcycle|car) (plate|number)\b|\blicen[cs]e plates?\b/,
  // Shopping, prices and gossip: which phone to buy, coin prices, idols, places to hang out.
  /\b(dien thoai nao (tot|ngon|dang mua)|nen mua (dien thoai|laptop|xe) (nao|gi)|best (phone|laptop)|gia (bitcoin|coin|vang) (hom nay|bay gio)|bitcoin price|crypto price|(ca si|dien vien|idol|kpop|showbiz) .*\b(yeu ai|hen ho|scandal|bao nhieu tuoi)|dia diem (du lich|check in|an choi)|quan (an|cafe|ca phe) (ngon|dep)|places to (visit|eat)|tourist (spots?|attractions?))\b/,
];

// A love or sports word beside one of these is a legal question ("crush 20 tuổi rủ quan hệ có phạm
// tội không", "người yêu cũ dọa tung ảnh nóng"): it goes to the knowledge base.
const LEGAL_CUE = /\b(\d+ tuoi|pham toi|phap luat|luat|cong an|doa|de doa|tung anh|anh nong|clip|quan he|xam hai|hiep dam|ca do|danh bac|boi thuong|kien|to cao|bi phat|vi pham)\b/;

// "bn %", "bao nhiêu %" on the typed text: "%" is not a word, so the folded words lose it.
const PERCENT_ASKED = /(?:^|[\s(])(?:bao nhi[eê]u|m[aấ]y|bn)\s*%/iu;

const STATUS = /\b(con|het|dang) (hieu luc|ap dung|su dung|duoc ap dung|dung duoc)\b|\bmoi nhat\b|\b(ap dung|co hieu luc|hieu luc) (tu|tu khi nao|tu ngay nao|khi nao|tu bao gio|den bao gio|den khi nao)\b|\b(da )?bi thay the\b|\bthay the (boi|bang)\b|\b(con dung|con xai)\b|\b(still (valid|in force|apply|applies)|in force|replaced|latest version|newest|takes? effect|took effect|comes? into (force|effect)|effective (from|date|since))\b/;

// Rules the knowledge base does not hold, asked with a legal word that does not make them ours:
// another country's own rules ("the minimum wage in Thailand", "luật lao động của Úc", "a US
// tourist visa"; going there to work, xuất khẩu lao động, is asked in other words) and traffic
// fines (no traffic law in the base).
const RULES_NOT_COVERED: readonly RegExp[] = [
  new RegExp(`\\b(law|laws|labou?r (law|code)|minimum wages?|legal (age|limit|drinking age|working hours)|overtime (limits?|rules?))\\b[^.?!,]{0,30}\\b(in|of) ${COUNTRY}\\b`),
  new RegExp(`\\b(${COUNTRY_NAMES})( ?'?s)? (labou?r )?(law|laws|minimum wage)\\b|\\b(${NATIONALITY}) (labou?r )?(law|laws|minimum wage)\\b`),
  new RegExp(`\\b(apply for|get|renew|extend) (a |an |the |my )?(us|uk|schengen|${NATIONALITY}) (tourist |student )?visa\\b`),
  new RegExp(`\\b(luat|luat lao dong|luong toi thieu|phap luat)( \\w+){0,3} (cua|o|tai|ben) (nuoc )?(${COUNTRY_VI}|(uc|my)(?=$|[?,.!]| (thi|the nao|bao nhieu|co|cho|quy dinh|la|nhu)))|\\b(luat lao dong|luong toi thieu) (nuoc )?(${COUNTRY_VI}|uc|my)\\b`),
  /\b(khong|ko|k) doi mu bao hiem\b|\bvuot den do\b|\b(vi pham|do) nong do (con|ruou)\b|\bnong do (con|ruou) (bi|thi) phat\b|\b(chay|di) qua toc do\b|\b(speeding|traffic|parking) (ticket|fine)s?\b|\bwithout a helmet\b|\bhelmet fines?\b|\bdrunk driving fines?\b/,
];

export function understandQuestion(text: string, lexicon: Lexicon): Question {
  const trimmed = text.trim();
  const language = detectLanguage(trimmed, lexicon);
  const folded = foldedWords(trimmed, lexicon);
  const { focus, context, pointsBack } = splitStory(trimmed, lexicon);
  const focusFolded = foldedWords(focus, lexicon) || folded;
  const found = TYPES.find(([, pattern]) => pattern.test(focusFolded))?.[0] ?? TYPES.find(([, pattern]) => pattern.test(folded))?.[0] ?? "open";
  // "%" is not a word, so "trả bn % lương" reads "trả bao nhiêu lương": the share asked is seen here.
  const type = (found === "open" || found === "yesno") && PERCENT_ASKED.test(focus) ? "money" : found;
  // English ages ("I'm 17", "a 15 yo", "my friend (19)") are read as the Vietnamese "17 tuổi".
  const withAges = language === "en" ? foldedWords(englishQuantities(trimmed), lexicon) : folded;
  const ages = [...withAges.matchAll(/\b(\d{1,2}) tuoi\b/g)].map((m) => Number(m[1]));
  const mentions: AnswerType[] = [];
  if (ages.length > 0) mentions.push("age");
  if (/\d ?%|\b\d+ (trieu|nghin|dong|phan tram)\b/.test(folded)) mentions.push("money");
  if (/\b\d+ (ngay|thang|nam|tuan|gio)\b/.test(folded)) mentions.push("duration");
  const words = language === "en" ? focus.split(/\s+/).filter((w) => !ENGLISH_STOPWORDS.has(w.toLowerCase()) && !ENGLISH_VAGUE.has(w.toLowerCase())).length : countContentWords(withoutSocialLayer(focus), lexicon);
  const offTopic = (OFF_TOPIC.some((pattern) => pattern.test(folded)) && !LEGAL_CUE.test(folded)) || RULES_NOT_COVERED.some((pattern) => pattern.test(folded));
  const asks = countAsks(focus, lexicon);
  return { text: trimmed, language, type, asksStatus: STATUS.test(folded), focus, context, ages, mentions, contentWords: words, offTopic, pointsBack, asks };
}

const TELLS = /^(when|if|after|before|because|since|while|once|khi|neu|sau khi|truoc khi|vi|tu khi|luc)\b/;
// Where one question ends and the next begins inside a sentence: "…, và", "…, còn", "… and is…".
const NEXT_QUESTION = /,|;|\s(?:va|con|voi lai|and|also|plus)\s+(?=(?:is|are|can|could|do|does|did|how|what|when|where|which|who|will|should|co|bao|may|duoc|khi|o dau|thi|la|phai|can)\b)/;

/**
 * The number of separate questions in the asking part: its sentences and clauses that each ask
 * something by themselves (a question word, an asking ending, a question mark, or the shape of an
 * age, amount or duration question). A clause that only tells ("Em 16 tuổi,") asks nothing.
 */
function countAsks(focus: string, lexicon: Lexicon): number {
  let n = 0;
  for (const sentence of focus.split(/(?<=[?!.])\s+|\n+/)) {
    const folded = foldedWords(sentence, lexicon);
    for (const clause of folded.split(NEXT_QUESTION)) {
      const c = clause.replace(/,/g, "").trim();
      // "Khi em nghỉ việc, …" / "When I quit, …" sets the scene unless it is itself asked.
      if (!c || (TELLS.test(c) && !c.endsWith("?"))) continue;
      if (ASKS.test(c) || ORDINAL_ASK.test(c) || TYPES.some(([type, pattern]) => type !== "yesno" && pattern.test(c))) n++;
    }
    // "Thời gian thử việc và mức lương như vậy có đúng luật không?": one clause, two things asked.
    const facets = new Set([...folded.matchAll(FACET)].map((m) => m[1]));
    if (facets.size >= 2 && / va /.test(folded) && ASKS.test(folded)) n++;
  }
  return Math.max(1, n);
}

// "Tính từ ngày thứ mấy?": an ordinal asked for.
const ORDINAL_ASK = /\bthu (may|bao nhieu|bn)\b/;
// The sides of a matter a sentence can ask about together ("thời gian và mức lương").
const FACET = /\b(thoi gian|thoi han|muc luong|tien luong|muc huong|dieu kien|thu tuc|ho so|muc phat|le phi)\b/g;

/** The question and the weighted query terms retrieval searches with. */
export function prepareQuery(text: string, lexicon: Lexicon, options: Partial<QueryOptions> = {}): PreparedQuery {
  const o = { ...DEFAULT_QUERY_OPTIONS, ...options };
  const wordWeight = (token: string, accented: boolean) => (token === BREAK ? 0 : isFunctionWord(token, accented) ? o.functionWordWeight : 1);
  const question = understandQuestion(text, lexicon);
  const parts: NonNullable<AnalyzedQuery["parts"]> = [];
  const expansions: AnalyzedQuery["expansions"] = [];
  const tokens: string[] = [];
  let accented = false;
  const add = (piece: string, weight: number, story: boolean) => {
    if (!piece.trim()) return;
    const english = question.language === "en";
    const analyzed = lexicon.analyzeQuery(withoutSocialLayer(english ? englishQuantities(spellOutContractions(piece)) : piece), { english });
    let own = withoutToneEndings(analyzed.tokens);
    if (english) {
      // Vietnamese named inside English ("there's no Sở Lao động anymore", "who counts as thanh
      // niên") is searched as the phrase it is, its unmarked syllables included.
      const { spans, others } = vietnameseSpans(own, lexicon);
      for (const words of spans) {
        parts.push({ tokens: words, weight, accented: true, tokenWeights: words.map((w) => wordWeight(w, true)) });
        tokens.push(...(tokens.length ? [BREAK] : []), ...words);
      }
      const { vietnamese, rest } = lexicon.translateEnglish(others);
      // Quantities were written in Vietnamese already ("16 tuổi"); they count in full.
      const said = rest.filter((t) => t !== BREAK && (hasDiacritics(t) || /^\d+$/.test(t)));
      for (const words of [...vietnamese, ...(said.length ? [said] : [])]) {
        parts.push({ tokens: words, weight, accented: true, tokenWeights: words.map((w) => wordWeight(w, true)) });
        tokens.push(...(tokens.length ? [BREAK] : []), ...words);
      }
      own = rest.filter((t) => !ENGLISH_STOPWORDS.has(t) && !said.includes(t));
      weight *= o.untranslatedEnglishWeight;
    }
    if (own.some((t) => t !== BREAK)) {
      parts.push({ tokens: own, weight, accented: analyzed.accented, tokenWeights: own.map((w) => wordWeight(w, analyzed.accented)), ...(story ? { story } : {}) });
      tokens.push(...(tokens.length ? [BREAK] : []), ...own);
    }
    accented ||= analyzed.accented;
    expansions.push(...analyzed.expansions.map((e) => ({ ...e, weight: e.weight * weight })));
  };
  add(question.focus, 1, false);
  // When the asking sentence says little ("vậy có đúng luật không?"), the story carries the subject.
  add(question.context, question.contentWords < 3 || question.pointsBack ? Math.max(0.9, o.contextWeight) : o.contextWeight, !question.pointsBack);
  return { question, analyzed: { tokens, accented, expansions, parts } };
}

/**
 * The runs of Vietnamese in an English question's tokens: words with marks, and the unmarked
 * syllables and numbers between or beside them that are not English grammar ("Sở Lao động",
 * "thanh niên", "16 tuổi").
 * The rest keeps a break where a run was, so no English phrase is read across it.
 */
function vietnameseSpans(typed: readonly string[], lexicon: Lexicon): { spans: string[][]; others: string[] } {
  // Vietnamese typed without marks is found as the phrases the lexicon knows ("kien nghi", "tro
  // cap that nghiep") and read in their marked form; it does not grow over words beside it.
  const tokens: string[] = [];
  const known: boolean[] = [];
  for (let i = 0; i < typed.length; i++) {
    const phrase = lexicon.markedPhraseAt(typed, i);
    if (phrase) {
      tokens.push(...phrase.words);
      known.push(...phrase.words.map(() => true));
      i += phrase.length - 1;
    } else {
      tokens.push(typed[i]!);
      known.push(false);
    }
  }
  const marked = tokens.map((t, i) => t !== BREAK && hasDiacritics(t) && !known[i]);
  const inSpan = tokens.map((t, i) => marked[i]! || known[i]!);
  // Numbers join too: "16 tuổi" (an English age already read), "Luật Việc làm 2013".
  const joinable = (t: string) => t !== BREAK && (/^\d+$/.test(t) || (VIETNAMESE_SYLLABLE.test(foldDiacritics(t)) && !ENGLISH_STOPWORDS.has(t)));
  // Grow each marked word's run over unmarked syllables on both sides.
  for (let i = 0; i < tokens.length; i++) {
    if (!marked[i]) continue;
    for (let j = i - 1; j >= 0 && !inSpan[j] && joinable(tokens[j]!); j--) inSpan[j] = true;
    for (let j = i + 1; j < tokens.length && !marked[j] && joinable(tokens[j]!); j++) inSpan[j] = true;
  }
  const spans: string[][] = [];
  const others: string[] = [];
  tokens.forEach((t, i) => {
    if (!inSpan[i]) return void others.push(t);
    if (i > 0 && inSpan[i - 1]) spans.at(-1)!.push(t);
    else {
      spans.push([t]);
      if (others.length && others.at(-1) !== BREAK) others.push(BREAK);
    }
  });
  return { spans, others };
}

/** The weight of a folded index term ("~duoc", "~duoc khong") as grammar: light when all its words are grammar. */
export function termLightness(term: string): number {
  const words = term.replace(/^~/, "").split(" ");
  return words.every((w) => FUNCTION_WORDS_FOLDED.has(w)) ? FUNCTION_WORD_WEIGHT : 1;
}

function countContentWords(text: string, lexicon: Lexicon, anyLanguage = false): number {
  if (anyLanguage && detectLanguage(text, lexicon) === "en") {
    return (text.toLowerCase().match(/[a-z]+/g) ?? []).filter((w) => !ENGLISH_STOPWORDS.has(w) && !ENGLISH_VAGUE.has(w) && w.length > 2).length;
  }
  const analyzed = lexicon.analyzeQuery(text);
  return withoutToneEndings(analyzed.tokens).filter((t) => t !== BREAK && !isFunctionWord(t, analyzed.accented)).length;
}

/** Lower-case, diacritics-free words with abbreviations and chat numbers expanded: what patterns read. */
function foldedWords(text: string, lexicon: Lexicon): string {
  // A short message is its own asking part and its own sentence: it would be folded three times.
  let recent = recentFolded.get(lexicon);
  if (!recent) recentFolded.set(lexicon, (recent = new RecentValues(RECENT_FOLDED)));
  return recent.remember(text, () => foldWords(text, lexicon));
}

const recentFolded = new WeakMap<Lexicon, RecentValues<string, string>>();
const RECENT_FOLDED = 32;

function foldWords(text: string, lexicon: Lexicon): string {
  const tokens = lexicon.expandAbbreviations(readBareAges(normalizeNumbers(phraseTokens(normalizeText(text)))));
  const line = tokens.map((t) => (t === BREAK ? "," : foldDiacritics(t))).join(" ").replace(/ ,/g, ",");
  return text.trim().endsWith("?") ? `${line}?` : line;
}

/**
 * Splits a long message into the sentences that ask (`focus`) and the story around them
 * (`context`). "Em 17 tuổi, đang học lớp 11, muốn vào Đoàn thì làm sao ạ?" asks in its last clause.
 */
export function splitStory(text: string, lexicon: Lexicon): { focus: string; context: string; pointsBack: boolean } {
  const whole = { focus: text, context: "", pointsBack: false };
  const words = text.split(/\s+/).filter(Boolean).length;
  if (words <= LONG_MESSAGE_WORDS) return whole;
  const sentences = text.split(/(?<=[.!?;\n…])\s+|\n+/).map((s) => s.trim()).filter(Boolean);
  // A single long sentence is read clause by clause.
  const pieces = sentences.length > 1 ? sentences : text.split(/(?<=,)\s+/).map((s) => s.trim()).filter(Boolean);
  if (pieces.length < 2) return whole;
  const asking = pieces.map((p) => ASKS.test(foldedWords(p, lexicon).replace(/,/g, "")) || p.endsWith("?"));
  if (asking.every(Boolean)) return whole;
  if (!asking.some(Boolean)) asking[asking.length - 1] = true;
  // "…, vậy có đúng luật không?" / "Is that legal?" points back: an asking part that names almost
  // nothing takes the clauses just before it, until it names what it asks about.
  const named = (i: number) => countContentWords(withoutSocialLayer(pieces[i]!), lexicon, true);
  let content = pieces.reduce((n, _, i) => n + (asking[i] ? named(i) : 0), 0);
  const pointsBack = content < MIN_ASKING_CONTENT;
  for (let i = asking.indexOf(true) - 1; i >= 0 && content < MIN_ASKING_CONTENT; i--) {
    asking[i] = true;
    content += named(i);
  }
  // Every clause was needed to say what is asked: the message is read whole, but it is still a story.
  if (asking.every(Boolean)) return { ...whole, pointsBack };
  return {
    pointsBack,
    focus: pieces.filter((_, i) => asking[i]).join(" "),
    context: pieces.filter((_, i) => !asking[i]).join(" "),
  };
}

/** The message without its clauses asking whether a text is in force ("…, luật này còn hiệu lực không?"). */
export function withoutStatusClauses(text: string, lexicon: Lexicon): string {
  const pieces = text.split(/(?<=[,.;:!?…])\s+/);
  const kept = pieces.filter((p) => !STATUS.test(foldedWords(p, lexicon)));
  return kept.length > 0 ? kept.join(" ") : text;
}

function withoutSocialLayer(text: string): string {
  // Patterns read folded words, phrase by phrase ("… ngày mấy v mn, mai …": "mn" closes its
  // phrase); the same word positions are cut out of the original.
  const words = text.split(/\s+/).filter(Boolean);
  const keep = new Array<boolean>(words.length).fill(true);
  for (let from = 0; from < words.length; ) {
    let to = from;
    while (to < words.length - 1 && !/[,.;:!?…]$/.test(words[to]!)) to++;
    const line = words.slice(from, to + 1).map((w) => foldDiacritics(w.toLowerCase()).replace(/[^\p{L}\p{N}]/gu, "")).join(" ");
    for (const pattern of SOCIAL) {
      for (const m of line.matchAll(new RegExp(pattern.source, "g"))) {
        if (!m[0].trim()) continue;
        const start = line.slice(0, m.index).split(" ").length - 1;
        const end = line.slice(0, m.index + m[0].length).split(" ").length - 1;
        for (let i = start; i <= end; i++) keep[from + i] = false;
      }
    }
    from = to + 1;
  }
  // A dropped word keeps the punctuation that closed its phrase ("mn," → ",").
  const kept = words.map((w, i) => (keep[i] ? w : (/[,.;:!?…]+$/.exec(w)?.[0] ?? ""))).filter(Boolean).join(" ").replace(/\s+([,.;:!?…])/g, "$1");
  return kept.trim() ? kept : text;
}

/** Drops tone particles that close a phrase ("… không ạ", "… nha"); never the only word. */
function withoutToneEndings(tokens: string[]): string[] {
  const out = [...tokens];
  for (let i = out.length - 1; i >= 0; i--) {
    const closes = i === out.length - 1 || out[i + 1] === BREAK;
    if (closes && TONE_ENDINGS.has(out[i]!) && out.filter((t) => t !== BREAK).length > 1) out.splice(i, 1);
  }
  while (out[0] === BREAK) out.shift();
  while (out.at(-1) === BREAK) out.pop();
  return out;
}

/** English quantities in the words the documents use: "a 16-year-old" → "16 tuổi", "6 months" → "6 tháng". */
function englishQuantities(text: string): string {
  return text
    .replace(/\b(\d{1,2})[\s-]*(?:(?:years?|yrs?)[\s-]*)?old\b/gi, "$1 tuổi")
    .replace(/\b(\d{1,2})\s*(?:yo|y\/o|y\.o\.?)(?=\W|$)/gi, "$1 tuổi")
    // "I'm 17", "aged 16", "my brother (19)": an age of two digits, unless a unit follows ("I'm 20
    // months into my contract"). One digit is a count ("I'm 3 payments behind"), "(1)" a list label.
    .replace(/\b(?:i['’]?m|i am|aged?|turning|turned)\s+([1-9]\d)\b(?!\s*(?:months?|weeks?|days?|hours?|years?|yrs?|million|mil|k|m|%|percent|times?|minutes?|mins?|km|kg|payments?)\b)/gi, "$1 tuổi")
    .replace(/(?<=\p{L})\s?\(([1-9]\d)\)/gu, " ($1 tuổi)")
    .replace(/\b(?:under|below|younger than)\s+(\d{1,2})\b/gi, "dưới $1")
    .replace(/\b(?:over|above|older than)\s+(\d{1,2})\b/gi, "trên $1")
    .replace(/\b(\d+(?:[.,]\d+)?)\s*(?:million|mil|m)\b/gi, "$1 triệu")
    .replace(/\b(\d+)\s*months?\b/gi, "$1 tháng")
    .replace(/\b(\d+)\s*days?\b/gi, "$1 ngày")
    .replace(/\b(\d+)\s*weeks?\b/gi, "$1 tuần")
    .replace(/\b(\d+)\s*(?:hours?|hrs?)\b/gi, "$1 giờ")
    .replace(/\b(\d+)\s*(?:minutes?|mins?)\b/gi, "$1 phút")
    .replace(/\b(\d+)\s*(?:years?|yrs?)\b/gi, "$1 năm")
    .replace(/\b(\d+)\s*(?:percent|per cent)\b/gi, "$1 %");
}

export const ENGLISH_STOPWORDS: ReadonlySet<string> = new Set(
  ("a an the is are was were be been am i me my you your we our they he she it its of to in on at for from with about " +
    "do does did can could should would will shall may might must have has had get got if or and but so not no yes " +
    "what when where who whom why how which that this these those there here please hi hello thanks thank much many " +
    "any some than then also just only very too still someone somebody anyone anybody something anything everything " +
    "everyone nothing nobody get gets got getting make makes made making state states people person vietnam vietnamese " +
    "really actually need needs want wants know tell thing things go goes going way even ever never am im ive id " +
    "dont doesnt cant isnt arent wasnt didnt wont shouldnt there theres here let lets like legally under law laws " +
    // Chat English and connectives; none is a Vietnamese syllable, so telling the languages apart is unchanged.
    "whats thats hows wheres whos theyre youre n ppl bc cuz coz cos pls plz thx lol btw idk tbh okay ok yeah guys " +
    "now says said told as while since because already ago though however another same other into through during " +
    "until till around stuff").split(" "),
);

/**
 * Words that say a question is about the law without saying what about ("what's the legal cap per
 * month?"): not counted as naming the subject, so such a question is read with the story before it.
 * Still matched and translated like any word.
 */
const ENGLISH_VAGUE: ReadonlySet<string> = new Set(["legal", "illegal", "per", "allowed", "cap", "max", "maximum", "minimum", "min", "limit"]);

// Vietnamese syllables (folded): onset, vowel nucleus, final. A word that cannot be one is foreign.
export const VIETNAMESE_SYLLABLE = /^(ngh|ch|gh|gi|kh|ng|nh|ph|qu|th|tr|[bcdghklmnpqrstvx])?(uye|uya|ieu|yeu|oai|oay|uay|uoi|uou|[aeiouy]{1,3})(ch|ng|nh|[cmnpt])?$/;

/**
 * English when at least half the words are English (grammar words, or words that cannot be
 * Vietnamese syllables). Words with Vietnamese marks count as Vietnamese but do not decide alone:
 * "How many days off do workers get for Tết Nguyên Đán?" or "Can I join Đoàn at 15?" is English
 * naming Vietnamese things, and is read (and answered) as English.
 */
export function detectLanguage(text: string, lexicon: Lexicon): "vi" | "en" {
  const all = text.toLowerCase().match(/\p{L}+/gu) ?? [];
  const marked = all.filter((w) => hasDiacritics(w)).length;
  const words = all.filter((w) => /^[a-z]+$/.test(w) && !lexicon.isAbbreviation(w));
  if (words.length === 0) return "vi";
  const english = words.filter((w) => ENGLISH_STOPWORDS.has(w) || !VIETNAMESE_SYLLABLE.test(w)).length;
  const foreign = words.filter((w) => !VIETNAMESE_SYLLABLE.test(w)).length;
  // With marked words about, ask for a real English sentence, not a loanword or two.
  if (marked > 0 && english < 3) return "vi";
  return foreign >= 1 && english / (words.length + marked) >= 0.5 ? "en" : "vi";
}
