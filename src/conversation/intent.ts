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
  /** `asks`: typed, not a command, and worded as a question ("đề xuất … có những gì?"): answered when the knowledge base can. */
  | { type: "propose"; content: string; asks?: boolean }
  | { type: "track"; code: string | null }
  | { type: "cancel" }
  | { type: "deleteData" }
  | { type: "myData" }
  | { type: "correctData"; value: string }
  | { type: "withdrawConsent" }
  | { type: "dataRequest"; text: string }
  | { type: "contactStaff"; content: string }
  | { type: "escalate" }
  | { type: "rate"; code: string; helpful: boolean }
  | { type: "lang"; locale: string }
  | { type: "thanks" }
  | { type: "goodbye" }
  | { type: "insult" }
  | { type: "pick"; choice: string }
  | { type: "roundQuestion"; content: string }
  | { type: "roundPlan" }
  | { type: "roundVote"; offset?: number }
  | { type: "vote"; proposalId: string }
  | { type: "opportunities"; text: string; more?: { offset: number; kinds: string[]; placeKey: string; age?: number; group?: string } }
  | { type: "stopNotices" }
  | { type: "startNotices" }
  | { type: "link"; code: string }
  | { type: "unlink" }
  | { type: "idea"; content: string }
  | { type: "report"; content: string }
  | { type: "subscribe" }
  | { type: "pollAnswer"; broadcastId: string; option: number }
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
  "bat dau", "start", "xin chao ban", "chao em", "chao anh", "chao chi", "good morning", "good afternoon", "good evening",
  "hi there", "hello there", "hey there", "chao buoi sang", "chao buoi toi", "chao buoi chieu", "chao moi nguoi", "e chao ad",
  "em chao ad", "em chao anh chi", "chao anh chi",
]);
/** Address words and particles that may surround a greeting, thanks or goodbye without changing it. */
const POLITE = new Set(["a", "da", "oi", "nhe", "nha", "ad", "admin", "ban", "bot", "em", "e", "minh", "anh", "chi", "ak", "ah", "nhieu", "lam", "qua", "nhe", "so", "much", "very", "you", "u", "ne", "roi", "ok", "oke", "okay", "vang", "uh", "uk", "ukm", "thoi", "tro", "ly", "lot", "alot", "a lot"]);
const THANK_WORDS = /^(cam on|cam on|cmon|camon|thank you|thanks|thank|thx|tks|tk|ty|many thanks|cam on nhieu|hieu roi|ro roi|da hieu|ok cam on|oke cam on)$/;
const MENU = new Set(["menu", "danh muc", "chu de", "topics"]);
const HELP = new Set(["help", "tro giup", "huong dan", "giup toi", "giup minh", "ban lam duoc gi", "what can you do"]);
/**
 * Small talk aimed at the bot itself ("bạn có người yêu chưa", "bạn mấy tuổi", "are you a robot"):
 * answered with what the assistant is and covers, never from the nearest passage.
 */
const ABOUT_BOT = /^((ban|bn|bot|ad|tro ly|em|may)( oi)? )*(co (nguoi yeu|ny|bo|ban gai|ban trai) chua|(bao nhieu|may|bn) tuoi( roi)?|ten (la )?gi|la ai|la nguoi hay (la )?(may|robot|bot)|la (nguoi that|robot|may|bot|ai) (a|ha|hay sao|phai khong|ko|khong)|an (com|sang|trua|toi) chua|khoe (khong|ko|k)|dang lam gi( vay| z| the)?|o dau( vay| z)?|thich (gi|mau gi|an gi))( vay| z| the| a| ha| nhi)*$|^(are you (a )?(robot|bot|human|real|an ai)|who are you|what is your name|how old are you|do you have a (girl|boy)friend)$/;
const THANKS = /\b(cam on|camon|cmon|thank you|thanks|thank|thx|tks)\b/;
const GOODBYE = /\b(tam biet|bye|bye bye|goodbye|hen gap lai|see you|pp|bai bai)\b/;
/** Rude words (folded); a short message made of them gets a calm reply, never an answer or a lecture. */
const INSULTS = /\b(ngu|do ngu|ngu vl|oc cho|oc heo|dm|dmm|dcm|dkm|vcl|vl|vkl|cc|clm|dit|cut|im di|vo dung|do dien|khung|stupid|idiot|dumb|fuck|fucking|shit|useless|wtf)\b/;
/** Asking for a person instead of the bot. */
const HUMAN = /\b(gap|noi chuyen voi|chat voi|lien he voi|cho gap|goi|ket noi voi|chuyen cho|muon gap) (nguoi that|nguoi|can bo|nhan vien|tu van vien|admin that|ad that|nguoi tu van)\b|\b(real person|human|talk to (a )?(person|human|someone)|speak to (a )?(person|human|someone)|staff member)\b|^(nguoi that|can bo|nhan vien tu van|tu van vien)$/;
/** Asking about one's own proposal: "kiến nghị của em tới đâu rồi", "có ai trả lời chưa". */
const OWN_PROPOSAL = /\b(kien nghi|de xuat|gop y|phan anh|cau hoi|don|y kien)( cua)? (em|minh|toi|to|chau|con|t)\b|\b(kien nghi|de xuat|gop y|phan anh) (hom truoc|lan truoc|da gui|vua gui|minh gui|em gui|toi gui)\b|\b(em|minh|toi) (da |co )?gui (kien nghi|de xuat|gop y|phan anh|cau hoi)\b/;
const PROGRESS = /\b(toi dau|den dau|the nao roi|sao roi|ra sao|chua|duoc tra loi|tra loi chua|xu ly chua|giai quyet chua|co ai|co ket qua|ket qua|tinh trang|trang thai|status|xem lai|kiem tra|theo doi|bao gio)\b/;
const ANYONE_ANSWERED = /^(co ai|da co ai|sao chua co ai|bao gio co nguoi|khi nao co nguoi) (tra loi|phan hoi|xem|doc|xu ly)( chua| vay| a| ha)*$/;
const CANCEL = new Set(["huy", "cancel", "thoi", "dung lai", "stop", "huy bo"]);
/** "kiến nghị …", "đề xuất …", "góp ý …", "phản ánh …" at the start of a message opens an intake. */
const ASKS_HOW = /\b(the nao|lam sao|nhu nao|ntn|cach nao|bang cach nao|o dau|la gi|ra sao|lenh gi|lenh nao|go gi|bao lau|mat bao lau|how|what is|which command)\b/;
/** Tone words and address that may close a question: "… không ạ", "… gì vậy ad". */
const TONE_TAIL = "(?: (?:a|vay|v|z|nhi|ha|ad|admin|mn|ban))*";
/** A message ending on "… bằng lệnh gì", "… thế nào": it asks how, however long its lead-in. */
const ENDS_ASKING_HOW = new RegExp(`(?:${ASKS_HOW.source})${TONE_TAIL}\\W*$`);
const PROPOSAL_START = /^(toi muon |minh muon |em muon |cho toi |xin )?(gui )?(kien nghi|de xuat|gop y|phan anh|propose|proposal|feedback)\b[\s:,.-]*/;
/** Asking what the service keeps about oneself: "dữ liệu của tôi", "bạn lưu gì về em", "what data do you have about me". */
const MY_DATA = [
  /^(xem |cho (toi|em|minh) xem |kiem tra )?(du lieu|thong tin)( ca nhan)?( cua)? (toi|em|minh|tao|to)( la gi| gom nhung gi)?$/,
  /\b(ban|bot|tro ly|he thong|ad|admin|cac ban) (dang |da )?(luu|giu|biet|co|nam) (gi|nhung gi|thong tin gi|du lieu gi)( ve| cua) (toi|em|minh|tao|to)\b/,
  /\bxem (lai )?(du lieu|thong tin)( ca nhan)?( cua)? (minh|toi|em)\b/,
  /\b(what|which) (personal )?(data|information|info)( do| does)? (you|the bot|this service) (have|hold|keep|store|collect)( about| on| of) me\b/,
  /^(show |see |download )?my (personal )?data$/,
  /\bwhat do you (know|keep|store) about me\b/,
];
/** Withdrawing consent: "rút lại sự đồng ý", "withdraw my consent". */
const WITHDRAW = /^(toi |em |minh )?(muon )?(rut|rut lai|huy) (su |loi )?dong y( cua (toi|em|minh))?( a| nhe)?$|^withdraw (my )?consent$/;
/** Restricting or objecting to processing: a request for staff, as the law provides (Điều 4). */
const RESTRICT_OBJECT = /\b(han che|ngung|dung|tam dung) xu ly (du lieu|thong tin)|\bphan doi (viec )?xu ly (du lieu|thong tin)|\bkhong (dong y|muon) cho (ban |bot |tro ly )?xu ly (du lieu|thong tin)|\b(restrict|object to) (the )?processing\b/;
/** "gửi câu hỏi cho hội nghị đối thoại …", "câu hỏi đối thoại: …": a question for the round taking questions. */
const ROUND_QUESTION = /^(toi muon |minh muon |em muon |cho (toi|em|minh) )?(gui |dat )?(cau hoi|kien nghi|y kien)( (cho|den|toi|gui|tai))?( hoi nghi| buoi| dien dan)? (doi thoai|dien dan)( voi thanh nien| thanh nien| chu tich)?\b[\s:,.-]*|^(send a |ask a )?(dialogue|forum) question\b[\s:,.-]*/;
/**
 * "hội nghị đối thoại năm nay khi nào", "lịch đối thoại với thanh niên", "when is the dialogue": the
 * round's plan. The dialogue must be named as ours (the conference, the one with young people, or
 * this year's, the province's, the chairman's) and asked about by when or where; "đối thoại tại
 * nơi làm việc", with "người lao động" or "doanh nghiệp", is the Labour Code's dialogue, a question.
 */
const ROUND_NAMED = /\bhoi nghi doi thoai\b|\bdoi thoai (voi |vs |cua )?(thanh nien|tn)\b|\bdoi thoai\b.*\b(nam nay|tinh|chu tich)\b|\bdien dan chinh sach\b/;
const ROUND_WHEN = /\b(khi nao|bao gio|luc nao|ngay nao|ngay may|lich|ke hoach|thoi gian|o dau)\b/;
const WORKPLACE_DIALOGUE = /\b(noi lam viec|nguoi lao dong|doanh nghiep|cong doan|nguoi su dung lao dong)\b/;
const ROUND_PLAN_EN = /\bwhen is the (youth )?dialogue\b|\bdialogue (conference )?(schedule|plan|date)\b/;
const asksRoundPlan = (folded: string) => (ROUND_NAMED.test(folded) && ROUND_WHEN.test(folded) && !WORKPLACE_DIALOGUE.test(folded)) || ROUND_PLAN_EN.test(folded);
/** "đối thoại … phải công khai kế hoạch trước mấy ngày", "the dialogue plan must be made public how many days before": a question on what the law requires, not this year's plan. */
const ASKS_THE_RULE = /\b(phai|bat buoc|theo luat|luat quy dinh|quy dinh|truoc (bao nhieu|may|bn)|trc (bao nhieu|may|bn)|ai chu tri|chu tri|moi nam may lan|bao nhieu lan)\b|\b(must|have to|has to|required|by law|how many days|how often|how many times|who chairs)\b/;
/** "bình chọn", "bình chọn câu hỏi", "vote": the voting list. */
const ROUND_VOTE = /^(toi muon |em muon |minh muon )?(binh chon|bau chon|vote)( cau hoi)?( doi thoai| hoi nghi doi thoai)?( nhe| a| thoi)*$/;
/**
 * The stop switch, as the whole message: "STOP", "ngừng nhận tin", "không nhận thông báo nữa",
 * "unsubscribe". A sentence that only contains the word ("làm sao để stop hợp đồng") is a question.
 */
const STOP_NOTICES = /^(toi |em |minh |cho (toi|em|minh) )?(muon )?((ngung|dung|thoi|tat|huy) (nhan )?(tin|tin nhan|thong bao)( nua)?|(khong|ko|k) (nhan (tin|tin nhan|thong bao)|thong bao)( nua)?|huy dang ky( nhan)?( tin| tin nhan| thong bao)?)( a| nhe| nha| nua| giup| voi)*$|^(stop|unsubscribe|stop (all )?(notifications|notices|messages)|turn off (the )?notifications)$/;
/** Turning the notices back on: "bật thông báo", "nhận lại thông báo", "resume notifications". */
const START_NOTICES = /^(toi |em |minh |cho (toi|em|minh) )?(muon )?((bat|mo)( lai)? (nhan )?(tin|tin nhan|thong bao)( lai)?|nhan lai (tin|tin nhan|thong bao)|nhan (tin|tin nhan|thong bao) lai|tiep tuc nhan (tin|tin nhan|thong bao))( a| nhe| nha| giup| voi)*$|^(resume|turn on|start) (the )?(notifications|notices)$/;
/** Subscribing to news of opportunities: "đăng ký nhận tin", "em muốn đăng ký nhận thông báo việc làm", "subscribe". */
const SUBSCRIBE = /^(toi |em |minh |cho (toi|em|minh) )?(muon )?dang ky (nhan )?(tin|tin nhan|thong bao|ban tin)( (ve )?(co hoi|viec lam|khoa hoc|khoi nghiep))?( a| nhe| nha| voi)*$|^(subscribe|subscribe to (news|notices|opportunities))$/;
/**
 * Asking for a list of opportunities (src/announcements/), read narrowly so that questions about the
 * law stay questions ("thủ tục vay vốn tạo việc làm", "việc làm thêm 16 tuổi có được không"):
 * "có việc làm nào ở Rạch Giá không", "có cuộc thi khởi nghiệp nào không" (a kind, then "nào"),
 * "tìm việc ở Phú Quốc", "danh sách khóa học", or a course or fair named alone ("khóa học nghề miễn
 * phí cho bộ đội xuất ngũ") with no question word.
 */
const OPPORTUNITY_WORDS = "co hoi( viec lam)?|viec lam( them)?|viec|cong viec|khoa hoc( nghe)?|lop hoc( nghe)?|lop day nghe|khoa dao tao|lop dao tao|hoi cho viec lam|ngay hoi viec lam|phien giao dich viec lam|cuoc thi( khoi nghiep| y tuong)?|chuong trinh (khoi nghiep|tinh nguyen)|hoat dong tinh nguyen|su kien|cho thuc tap|dot tuyen dung|tuyen dung";
const OPPORTUNITY_ASK = new RegExp(
  `^((cho )?(em|minh|toi|to|ad|ban|ad oi|cho em hoi|cho minh hoi|cho hoi)( oi)?( \\d{1,2}( ?tuoi|t)?)? )*(hien (nay|tai|gio) |gan day |sap toi |thang nay |tuan nay |dang )?(co|con) (nhung |cac |it )?(${OPPORTUNITY_WORDS})( [a-z]+){0,4} nao\\b|^((em|minh|toi) )?(muon |can |dang )?(tim|kiem) (${OPPORTUNITY_WORDS})\\b.*\\b(o|tai) [a-z]|^(xem |cho (em|minh|toi) xem )?danh sach (cac |nhung )?(${OPPORTUNITY_WORDS})\\b|^(are there |is there |show me |list )?(any |the )?(jobs|job fairs|courses|startup (competitions|calls)|volunteering|events|opportunities)( [a-z]+){0,4}$`,
);
/** A course, a fair or a competition named on its own: a list is asked for only without a question word. */
const OPPORTUNITY_NAMED = /^(khoa hoc|lop hoc|khoa dao tao|lop dao tao|hoi cho viec lam|ngay hoi viec lam|cuoc thi khoi nghiep|chuong trinh tinh nguyen)\b/;
const QUESTION_WORDS = /\b(khong|ko|k|hok|gi|sao|the nao|bao nhieu|bao gio|khi nao|duoc|la|o dau|ai|thu tuc|dieu kien|ho so|can|phai|luat|quy dinh|chinh sach|nghi dinh)\b/;
const TRACK_START = /^(kiem tra|tra cuu|theo doi|xem|check|track)( lai)?( tinh trang| trang thai)?( kien nghi| cau hoi| ma| status)?\b/;
/** The whole message asks to follow one's items ("theo dõi kiến nghị", "kiểm tra trạng thái"), not "tra cứu điểm thi". */
const TRACK_ONLY = /^(kiem tra|tra cuu|theo doi|xem|check|track)( lai)?( tinh trang| trang thai| status)?( (cac |nhung )?(kien nghi|cau hoi|de xuat|gop y|phan anh|ma|proposals?)( (cua )?(em|minh|toi|to|my))?)?( a| nhe| nha| voi)*$/;

/**
 * A young person or child telling of harm done to them or a friend ("em bị bạo hành", "bạn em bị
 * xâm hại", "mình đang bị đánh đập"), or asking to report a violation of children's or young
 * people's rights: a report, whatever else the message asks, so the hotline numbers come first.
 */
const REPORT = /\b(em|minh|toi|to|chau|con|tui|tao|ban (em|minh|toi|cua em|cua minh)|em (gai|trai) (em|minh|toi)|chi (em|minh)|anh (em|minh)) (dang |da |hay |thuong |lien tuc |cu |vua )*(bi )((bo|me|cha|ba|duong|chu|cau|di|co|thay|anh|chi|ban|chong|vo|ong|ho|no|nguoi ta|nguoi yeu|ke la) )?(bao hanh|danh dap|danh(?! (gia|thue|cap|dau|rot|mat|so|bac|con|tieng|thuc|may))|xam hai|xam hai tinh duc|hiep dam|quay roi( tinh duc)?|ep buoc|bat coc|de doa|ngoc dai|bo doi|ep (lam viec|di lam|ket hon|lay chong)|lam dung|bat nat|hanh ha|nhot|buon ban)\b|^(toi |em |minh |cho (toi|em|minh) )?(muon )?(bao cao|to cao|to giac|trinh bao|phan anh) (hanh vi |vu |viec )?(vi pham quyen|bao hanh|xam hai|ngoc dai|bao luc)|\b(bao cao|to cao|to giac) vi pham quyen (tre em|thanh nien|cua tre em|cua thanh nien)\b|^(report (a )?(violation of (children'?s?|young people'?s?) rights|child abuse|abuse))|\bi am (being )?(abused|beaten)\b|\b(hurt|hit|beaten) by my\b|\b(bo|me|cha|ba|duong|chu|cau|di|co|thay|chong|ban trai|nguoi yeu) (em|minh|toi|tui) (hay |thuong |cu |lien tuc |moi lan [a-z ]{1,30} )?(danh dap|danh|bao hanh|hanh ha|xam hai) (em|minh|toi|tui)\b/;
/** The violence a report names that is never read as a workplace or legal question. */
/**
 * A child seen being hurt by someone else: "ba nó đánh và chửi" (a neighbour's boy), "bé hàng xóm
 * bị dượng đánh". Whoever writes, the child is in danger: the hotline numbers come first.
 */
const CHILD_HURT = /\b(bo|me|cha|ba|duong|me ke|bo duong|nguoi lon|co giao|thay giao|bao mau) (no|be|cua be|cua no|thang be|con be|dua be|dua nho|chau) (hay |thuong |cu |lien tuc |dang |da |ngay nao cung |toi nao cung )*(danh dap|danh(?! (gia|thue|cap|dau|rot|mat|so|bac|tieng|thuc|may|van|bong))|bao hanh|hanh ha|xam hai|nhot)\b|\b(dua be|em be|thang be|con be|dua nho|chau be|dua tre|be trai|be gai|be \d+ tuoi|be hang xom)( [a-z0-9]+){0,6} (bi|hay bi|thuong bi|dang bi) ((bo|me|cha|ba|duong|me ke|nguoi lon|co giao|thay giao|bao mau)( no| be)? ((loi|keo|dua|bat) (ve|vo|ra|vao) )?)?(danh dap|danh(?! (gia|thue|cap|dau|rot|mat|so|bac|tieng|thuc|may|van|bong))|bao hanh|hanh ha|xam hai|nhot)\b|\b(child|kid|boy|girl) (next door |in my neighbou?rhood )?(is |being |gets )+(beaten|abused|hit)\b/;
const SEVERE = /\b(bao hanh|danh dap|xam hai|hiep dam|bat coc|ngoc dai|buon ban|nhot|abused|beaten)\b/;
/** A question about rights at work or under the law: answered from the knowledge base ("em bị ép làm thêm giờ có đúng luật không"). */
const LEGAL_QUESTION = /\b(co dung luat|dung luat khong|co duoc khong|duoc khong|dc ko|co vi pham|vi pham (luat|phap luat)|co hop phap|theo luat|cong ty|cty|sep|quan ly|luong|hop dong|sa thai|lam them|tang ca|gio lam)\b/;
/** "ý tưởng: …", "em có sáng kiến …", "gửi ý tưởng …": an idea or initiative for the Youth Union. */
/** "… có được bảo hộ không", "… cần vốn bao nhiêu": a question about ideas, not an idea sent. */
const ASKS_YES_NO = /\b(co|duoc|dc|can|phai)\b[\w ]*\b(khong|ko|k|hok|khum)\s*$|\b(duoc khong|co duoc|bao nhieu|the nao|la gi|o dau|can gi|bao lau)\b/;
const IDEA_START = /^(toi |em |minh |cho (toi|em|minh) )?(muon |xin )?(co |gui |de xuat |dong gop )?(mot )?(y tuong|sang kien)( (khoi nghiep|sang tao|moi))?( (cua|la))?( (toi|em|minh))?\b[\s:,.-]*|^(i have an |my |submit an? )?(idea|initiative)\b[\s:,.-]*/;

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
  dulieucuatoi: () => ({ type: "myData" }),
  mydata: () => ({ type: "myData" }),
  suadulieu: (args) => ({ type: "correctData", value: args }),
  correctdata: (args) => ({ type: "correctData", value: args }),
  rutdongy: () => ({ type: "withdrawConsent" }),
  withdrawconsent: () => ({ type: "withdrawConsent" }),
  yeucaudulieu: (args) => ({ type: "dataRequest", text: args }),
  datarequest: (args) => ({ type: "dataRequest", text: args }),
  lienhe: (args) => ({ type: "contactStaff", content: args }),
  lang: (args) => ({ type: "lang", locale: args.toLowerCase() }),
  doithoai: () => ({ type: "roundPlan" }),
  cauhoidoithoai: (args) => ({ type: "roundQuestion", content: args }),
  binhchon: () => ({ type: "roundVote" }),
  cohoi: (args) => ({ type: "opportunities", text: args }),
  opportunities: (args) => ({ type: "opportunities", text: args }),
  huydangky: () => ({ type: "stopNotices" }),
  stop: () => ({ type: "stopNotices" }),
  unsubscribe: () => ({ type: "stopNotices" }),
  nhantin: () => ({ type: "startNotices" }),
  lienket: (args) => ({ type: "link", code: args }),
  link: (args) => ({ type: "link", code: args }),
  huylienket: () => ({ type: "unlink" }),
  unlink: () => ({ type: "unlink" }),
  ytuong: (args) => ({ type: "idea", content: args }),
  sangkien: (args) => ({ type: "idea", content: args }),
  idea: (args) => ({ type: "idea", content: args }),
  baocao: (args) => ({ type: "report", content: args }),
  report: (args) => ({ type: "report", content: args }),
  dangky: () => ({ type: "subscribe" }),
  subscribe: () => ({ type: "subscribe" }),
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
  const core = withoutPolite(folded);
  if (GREETINGS.has(folded) || GREETINGS.has(core)) return { type: "start" };
  if (MENU.has(folded)) return { type: "menu" };
  if (HELP.has(folded) || HELP.has(core) || ABOUT_BOT.test(folded)) return { type: "help" };
  // "stop" alone is the stop switch; inside a flow the conversation reads it as "cancel", as before.
  if (STOP_NOTICES.test(folded)) return { type: "stopNotices" };
  if (START_NOTICES.test(folded)) return { type: "startNotices" };
  if (SUBSCRIBE.test(folded)) return { type: "subscribe" };
  if (CANCEL.has(folded)) return { type: "cancel" };
  const words = folded.split(" ").length;
  // Short social messages: "em cảm ơn ạ", "ok cảm ơn ad nhiều nha", "bye nhé", "bot ngu vl".
  if (words <= 8 && THANKS.test(folded) && (THANK_WORDS.test(core) || socialOnly(folded, THANKS))) return { type: "thanks" };
  if (words <= 6 && GOODBYE.test(folded) && socialOnly(folded, GOODBYE)) return { type: "goodbye" };
  if (words <= 6 && INSULTS.test(folded)) return { type: "insult" };
  if (words <= 14 && HUMAN.test(folded)) return { type: "contactStaff", content: "" };
  if (words <= 14 && !/\b(xoa|sua|delete|erase)\b/.test(folded) && MY_DATA.some((re) => re.test(folded))) return { type: "myData" };
  if (WITHDRAW.test(core) || WITHDRAW.test(folded)) return { type: "withdrawConsent" };
  // "làm sao để hạn chế xử lý dữ liệu?" asks about the right; only a request to use it goes to staff.
  if (words <= 40 && RESTRICT_OBJECT.test(folded) && !text.includes("?") && !/\b(lam sao|the nao|la gi|duoc khong|co duoc|how|what)\b/.test(folded)) return { type: "dataRequest", text: text.trim() };
  const code = CODE_PATTERN.exec(text)?.[0]?.toUpperCase();
  if (code && (TRACK_START.test(folded) || words <= 8 || folded.replace(/[^a-z0-9]/g, "") === code.replace(/-/g, "").toLowerCase())) {
    return { type: "track", code };
  }
  // Someone in danger gets the hotline numbers first, however the message goes on.
  if ((REPORT.test(folded) && (SEVERE.test(folded) || !LEGAL_QUESTION.test(folded))) || CHILD_HURT.test(folded)) return { type: "report", content: text.trim() };
  if (ROUND_VOTE.test(folded)) return { type: "roundVote" };
  const roundQuestion = ROUND_QUESTION.exec(folded);
  if (roundQuestion) {
    const prefix = roundQuestion[0].trim().split(" ").length;
    return { type: "roundQuestion", content: text.trim().split(/\s+/).slice(prefix).join(" ").replace(/^[\s:,.-]+/, "") };
  }
  if (words <= 16 && asksRoundPlan(folded) && !ASKS_THE_RULE.test(folded)) return { type: "roundPlan" };
  if (words <= 16 && asksForOpportunities(folded, text)) return { type: "opportunities", text: text.trim() };
  // "kiến nghị của em tới đâu rồi", "đề xuất hôm trước có ai trả lời chưa": tracking, not a new proposal.
  if (words <= 16 && ((OWN_PROPOSAL.test(folded) && PROGRESS.test(folded)) || ANYONE_ANSWERED.test(folded) || TRACK_ONLY.test(folded))) {
    return { type: "track", code: null };
  }
  const idea = IDEA_START.exec(folded);
  // "ý tưởng kinh doanh nào hợp với sinh viên?", "sáng kiến là gì": a question, not an idea sent.
  if (idea && !text.includes("?") && !(words <= 12 && (ASKS_HOW.test(folded) || /\b(nao|gi)\b/.test(folded))) && !ASKS_YES_NO.test(folded)) {
    const prefix = idea[0].trim().split(" ").length;
    return { type: "idea", content: text.trim().split(/\s+/).slice(prefix).join(" ").replace(/^[\s:,.-]+/, "") };
  }
  const proposal = PROPOSAL_START.exec(folded);
  // "gửi kiến nghị qua trợ lý thế nào", "kiến nghị là gì": a short question about proposals, not one.
  const rest = proposal ? folded.slice(proposal[0].length) : "";
  if (proposal && !(words <= 12 && ASKS_HOW.test(folded)) && !(words <= 20 && ENDS_ASKING_HOW.test(folded)) && !asksAboutProposing(rest)) {
    // Keep the user's own spelling of the content: drop as many words as the folded prefix had.
    const words = proposal[0].trim().split(" ").length;
    const content = text.trim().split(/\s+/).slice(words).join(" ").replace(/^[\s:,.-]+/, "");
    // The folded words have no punctuation left: a question mark is read on the text as typed.
    return endsAsking(rest) || text.trim().endsWith("?") ? { type: "propose", content, asks: true } : { type: "propose", content };
  }
  return { type: "question", text: text.trim() };
}

/**
 * "kiến nghị gửi rồi có sửa được không", "gửi kiến nghị có mất phí không", "phản ánh ổ gà thì gửi
 * cho ai": after the opening word the message asks about sending one (a name, a fee, changing or
 * cancelling it, who answers, where to send), not what should be done: the knowledge base answers.
 */
function asksAboutProposing(rest: string): boolean {
  const r = rest.trim();
  return endsAsking(r) && r.split(/\s+/).length <= 16 && ABOUT_PROPOSING.test(r);
}

const ENDS_ASKING = new RegExp(`\\b(?:khong|ko|k|hok|khum|chua|sao|gi|nao|ai|dau|the nao|ntn|lam sao)${TONE_TAIL}$`);
/** Ends the way a question does: a question mark or an asking word, tone words aside. */
function endsAsking(text: string): boolean {
  const t = text.trim();
  return /\?$/.test(t) || ENDS_ASKING.test(t);
}
// Words a proposal's own content also uses ("đường hư mà chưa ai sửa", "nhiều hộ", "tên đường") count
// only when they name the proposal or the step of sending it.
const ABOUT_PROPOSING =
  /\b((de lai|ghi|khai|lo) ten|an danh|cong khai|ai doc|doc duoc|mat phi|phi|sua (duoc|lai|kien nghi|noi dung)|huy|rut lai|xoa|theo doi|bao lau|ai (tra loi|xu ly|doc|giai quyet)|co quan nao|cho ai|qua (dau|zalo|telegram|web|mang)|qua han|bi tu choi|xu ly chua|tra loi chua|nhieu (kien nghi|cai|lan)|mot luc|(quen|mat|xem) ma|ma (kien nghi|theo doi)|lenh|go gi|the nao|ntn|lam sao|o dau|la gi|bao gio)\b/;

/** "có việc làm nào ở Rạch Giá không" asks for a list; "tìm việc ở đâu thì phải làm sao" asks how. */
function asksForOpportunities(folded: string, text: string): boolean {
  if (OPPORTUNITY_ASK.test(folded)) return !/\b(duoc|phai|the nao|sao|lam gi|how)\b/.test(folded);
  return folded.split(" ").length <= 12 && !text.includes("?") && OPPORTUNITY_NAMED.test(folded) && !QUESTION_WORDS.test(folded);
}

/** The message without address words and particles ("dạ em cảm ơn ad ạ" → "cam on"). */
function withoutPolite(folded: string): string {
  return folded
    .split(" ")
    .filter((w) => !POLITE.has(w))
    .join(" ");
}

/** Whether, besides the words `pattern` matches, the message holds only address words and particles. */
function socialOnly(folded: string, pattern: RegExp): boolean {
  const rest = folded.replace(new RegExp(pattern.source, "g"), " ").split(" ").filter((w) => w && !POLITE.has(w));
  return rest.length === 0;
}

function intentOfChoice(choice: string): Intent | null {
  if (choice.startsWith("topic:")) {
    const topic = choice.slice(6);
    if (topic === "laws" || topic === "jobs" || topic === "startup") return { type: "topic", topic };
  }
  if (choice === "proposal:start") return { type: "propose", content: "" };
  if (choice === "proposal:track") return { type: "track", code: null };
  if (choice === "escalate") return { type: "escalate" };
  if (choice.startsWith("pick:")) return { type: "pick", choice };
  // Only a vote from the list last shown counts: the conversation checks it (dialogue-round.ts onVote).
  if (choice.startsWith("vote:")) return { type: "vote", proposalId: choice.slice(5) };
  // "more questions" under the voting list: the next ten, from this position.
  const votePage = /^votes:(\d{1,4})$/.exec(choice);
  if (votePage) return { type: "roundVote", offset: Number(votePage[1]) };
  if (choice === "subscribe") return { type: "subscribe" };
  const poll = /^poll:([a-z0-9]{1,40}):([1-5])$/.exec(choice);
  if (poll) return { type: "pollAnswer", broadcastId: poll[1]!, option: Number(poll[2]) };
  // "xem thêm": the next page of the same filter, carried in the choice (Telegram allows 64 bytes),
  // with the audience after the place when one was read ("…:17.veteran", conversation/opportunities.ts).
  const more = /^opp:(\d{1,4}):([a-z_,]{0,60}):([a-z0-9 ]{0,40})(?::(\d{0,2})\.([a-z]{0,12}))?$/.exec(choice);
  if (more) {
    const audience = { ...(more[4] ? { age: Number(more[4]) } : {}), ...(more[5] ? { group: more[5] } : {}) };
    return { type: "opportunities", text: "", more: { offset: Number(more[1]), kinds: more[2] ? more[2].split(",") : [], placeKey: more[3]!, ...audience } };
  }
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
  // "what about a 16-year-old?", "and if I'm a student?": an English follow-up.
  return /^(con gi|con dieu|con ai|con cach|the con|vay con|vay thi|the thi|what about|how about|and if|and what about|what if|and for)\b/.test(f);
}
