// Reading a question before retrieval: language, the kind of answer asked for, the asking
// sentence of a long message, numbers written one way, grammar words told apart by their marks.
import { describe, expect, it } from "vitest";
import { defaultLexicon } from "../../src/knowledge/search/lexicon.ts";
import { prepareQuery, understandQuestion } from "../../src/knowledge/search/question.ts";
import { normalizeNumbers, normalizeText, phraseTokens, bigrams } from "../../src/knowledge/text.ts";

const lexicon = defaultLexicon();
const read = (text: string) => understandQuestion(text, lexicon);

describe("reading a question", () => {
  it.each([
    ["bao nhiêu tuổi thì được vào Đoàn", "age"],
    ["how old do you have to be to join the youth union", "age"],
    ["tro cap that nghiep duoc may thang", "duration"],
    ["thử việc tối đa bao lâu", "duration"],
    ["lương thử việc được bao nhiêu phần trăm", "money"],
    ["nộp hồ sơ thất nghiệp ở đâu", "place"],
    ["muốn vào đoàn thì làm sao", "procedure"],
    ["16 tuổi đi làm thêm được không", "yesno"],
    // Ending on a question mark or a tone word does not hide a yes/no question.
    ["vậy họ có thu tiền em không ạ?", "yesno"],
    ["trung tâm có thu phí không?", "yesno"],
    ["thu viec", "open"],
    // A share is an amount: "%" is not a word, and English names the rate.
    ["tăng ca ngày lễ đc trả bn % lương v mn", "money"],
    ["trợ cấp thất nghiệp tính theo tỉ lệ nào ạ", "money"],
    ["What percentage of my salary goes to unemployment insurance?", "money"],
    ["what interest rate applies to an overdue job-creation loan", "money"],
  ])("%j asks for %s", (text, type) => {
    expect(read(text).type).toBe(type);
  });

  it("tells English from Vietnamese typed without marks", () => {
    expect(read("How much is probation pay?").language).toBe("en");
    expect(read("luong thu viec bao nhieu").language).toBe("vi");
    expect(read("e 16t di lam them dc ko").language).toBe("vi");
    // English naming Vietnamese things is still English, and answered in English.
    expect(read("How many days off do workers get for Tết Nguyên Đán by law?").language).toBe("en");
    expect(read("What rights do đoàn viên have?").language).toBe("en");
    expect(read("Can I still get trợ cấp thất nghiệp if I quit?").language).toBe("en");
    // A Vietnamese sentence with a loanword or two stays Vietnamese.
    expect(read("Em làm part time cho quán cà phê thì có được ký hợp đồng không ạ?").language).toBe("vi");
    expect(read("deadline nộp hồ sơ thất nghiệp là khi nào vậy mn").language).toBe("vi");
  });

  it("separates the sentence that asks from the story, keeping the story's facts at a lower weight", () => {
    const q = read("Em 19 tuổi, làm bán hàng ở Long Xuyên được 2 tháng. Hôm trước công ty gọi em đi phỏng vấn lại. Thử việc mà chỉ trả 4 triệu thì có đúng luật không ạ?");
    expect(q.focus).toBe("Thử việc mà chỉ trả 4 triệu thì có đúng luật không ạ?");
    expect(q.context).toContain("Long Xuyên");
    const parts = prepareQuery(q.text, lexicon).analyzed.parts!;
    expect(parts.find((p) => p.tokens.includes("xuyên"))!.weight).toBeLessThan(1);
    expect(parts.find((p) => p.tokens.includes("thử"))!.weight).toBe(1);
    expect(q.mentions).toEqual(expect.arrayContaining(["money", "duration", "age"]));
  });

  it("reads an asking sentence that names nothing with the story just before it", () => {
    // "Vậy có đúng luật không?" points back at what the previous sentence tells.
    const q = read("Em làm bán hàng ở Long Xuyên được 2 tháng. Công ty báo lương 7 triệu mà thử việc trả có 4 triệu. Vậy có đúng luật không ạ?");
    expect(q.focus).toBe("Công ty báo lương 7 triệu mà thử việc trả có 4 triệu. Vậy có đúng luật không ạ?");
    expect(q.context).toBe("Em làm bán hàng ở Long Xuyên được 2 tháng.");
    const short = read("cty phạt tiền nv đi trễ, trừ thẳng vô lương 200k/lần, v có đúng luật ko mn");
    expect(short.focus).toContain("trừ thẳng vô lương");
    const english = read("I've been working at a guy's shop for 4 months and he never asked me to sign anything. Is that legal?");
    expect(english.focus).toContain("never asked me to sign anything");
  });

  it("reads an English question's contractions and chat words before translating it", () => {
    const words = (text: string) => prepareQuery(text, lexicon).analyzed.parts!.map((p) => p.tokens.join(" "));
    // "hasn't" is read as "has not" first: "not paid me" is unpaid wages.
    expect(words("My boss hasn't paid me for two months")).toContain("nợ lương");
    expect(words("I'm 17, can't I work nights?")).toEqual(expect.arrayContaining(["ban đêm"]));
    // Chat English is neither translated nor searched for.
    const chat = words("pls help, whats the min wage now lol");
    expect(chat).toContain("lương tối thiểu");
    expect(chat.join(" ")).not.toMatch(/\b(pls|whats|now|lol)\b/);
  });

  it("knows questions about things no department here answers", () => {
    for (const text of ["What's the weather like in Can Tho this weekend?", "kết quả bóng đá tối qua thế nào", "giải giúp em phương trình x^2 - 4 = 0", "làm sao để tỏ tình với crush", "người yêu em giận không nhắn tin 3 ngày rồi, em nên làm gì", "nên mua điện thoại nào tầm 5 triệu", "giá bitcoin hôm nay bao nhiêu", "My girlfriend is ignoring me, how do I get my ex back?", "Người yêu cũ nhắn tin muốn quay lại, mình có nên đồng ý không?", "lam sao de doi mat khau zalo tren dien thoai", "Mẹo ôn thi môn Toán tốt nghiệp THPT là gì?", "hoc bong du hoc Uc nao de xin", "How do I reset my Instagram password?", "làm hộ chiếu ở đâu", "thu tuc sang ten xe may cu", "How do I renew my driving license?", "What is the legal marriage age in South Korea?", "how do i enlist in the US Army as a green card holder", "what is the unemployment rate in the United States right now", "how much does a tourist visa to the US cost", "is it going to rain tomorrow in an giang",
      // Another country's own rules, even asked with a legal word.
      "luat lao dong nhat ban cho lam them toi da bao nhieu gio mot tuan", "Luật lao động của Úc cho du học sinh làm bao nhiêu giờ một tuần vậy ạ?", "What's the minimum wage in Thailand in 2026?", "Japan's labor law on overtime?", "How do I apply for a US tourist visa from Vietnam?",
      // Traffic fines, plates and investing: no department here and no text in the base.
      "xe máy vượt đèn đỏ bị phạt bn tiền v mn", "What is the fine for riding a motorbike without a helmet?", "đk biển số cho xe máy mới mua hết bn tiền v ad", "Should I buy VinFast stock this week or wait?", "My girlfriend broke up with me, how do I get her back?", "My girlfriend hasn't texted me back in two days. Should I break up with her or just wait?"]) {
      expect(read(text).offTopic, text).toBe(true);
    }
    for (const text of ["cá độ bóng đá qua app có bị bắt không", "em 19 tuổi quen bạn gái 15 tuổi có phạm tội không", "tính giúp em lương tăng ca ngày lễ", "Em 15 tuổi, crush em 20 tuổi rủ quan hệ thì anh ấy có phạm tội không", "Em quen người yêu cũ 2 năm, giờ anh ta dọa tung ảnh nóng thì em phải làm sao", "bạn trai em giận rồi đánh em, em có nên báo công an không", "mua điện thoại trả góp mà công ty tài chính đòi nợ có đúng luật không", "người yêu cũ dọa tung ảnh nóng nếu không quay lại thì làm sao", "học bổng khuyến khích học tập được bao nhiêu", "bị lộ mật khẩu ngân hàng thì báo ai", "đi làm ở nước ngoài bị chủ giữ hộ chiếu thì sao", "xin visa du lịch rồi ở lại làm việc có được không", "Is it legal for an agency to charge a deposit to work in Japan?", "my cousin is a trainee in Korea and the boss keeps her passport", "coming back home after my contract in japan ends, do i register residence?", "Is there any support for us young people who want to start a business?", "what does the youth law say about the rights of us teenagers", "đi xuất khẩu lao động Nhật Bản cần điều kiện gì", "lương tối thiểu vùng 2026 ở An Giang là bao nhiêu", "Is the minimum wage the same for Vietnamese workers at a Korean company in Vietnam?", "đánh người khi say rượu có bị đi tù không", "chồng nợ tiền chơi chứng khoán thì vợ có phải trả không", "Chia tay rồi có đòi lại được quà đã tặng người yêu không?", "My ex broke up with me. Can I get back the phone I gave her?", "Nhà cô ấy đòi thêm tiền tổn thất tinh thần, tối đa là bao nhiêu ạ?"]) {
      expect(read(text).offTopic, text).toBe(false);
    }
  });

  it("drops the social layer and tone endings, and weighs grammar words by their marks", () => {
    const { parts } = prepareQuery("ad ơi cho em hỏi bảo hiểm thất nghiệp được bao nhiêu ạ", lexicon).analyzed;
    const tokens = parts!.flatMap((p) => p.tokens);
    expect(tokens).not.toContain("ơi");
    expect(tokens).not.toContain("ạ");
    const weightOf = (t: string) => parts![0]!.tokenWeights![parts![0]!.tokens.indexOf(t)];
    expect(weightOf("bảo")).toBe(1);
    expect(weightOf("bao")).toBeLessThan(1);
  });

  it("drops an address closing a phrase in the middle of a message, keeping the phrase break", () => {
    const tokens = prepareQuery("ngày thành lập đoàn là ngày mấy v mn, mai kt 15p r", lexicon).analyzed.parts!.flatMap((p) => p.tokens);
    expect(tokens).not.toContain("mọi");
    expect(tokens).not.toContain("v");
    expect(tokens.join(" ")).toContain("15 phút");
  });

  it("writes numbers one way, and forms no syllable pair across punctuation", () => {
    const tokens = (s: string) => normalizeNumbers(phraseTokens(normalizeText(s))).join(" ");
    expect(tokens("mười sáu tuổi")).toBe("16 tuổi");
    expect(tokens("e 16t lương 7tr, 7 củ")).toBe("e 16 tuổi lương 7 triệu | 7 triệu");
    expect(tokens("mười năm")).toBe("10 năm");
    expect(tokens("một số người")).toBe("một số người");
    expect(bigrams(phraseTokens(normalizeText("quy định. Pháp luật")))).toEqual(["quy định", "pháp luật"]);
  });

  it("notices a question about whether a document is still in force", () => {
    expect(read("Luật Việc làm 2013 còn hiệu lực không").asksStatus).toBe(true);
    expect(read("luật thanh niên mới nhất là luật nào").asksStatus).toBe(true);
    expect(read("luật thanh niên quy định tuổi thanh niên").asksStatus).toBe(false);
    // English ways of asking from when a law applies.
    expect(read("when does the new drug prevention law from 2025 take effect?").asksStatus).toBe(true);
    expect(read("When does the 2025 Cybersecurity Law come into force?").asksStatus).toBe(true);
    expect(read("what does the cybersecurity law force companies to do").asksStatus).toBe(false);
  });

  it("reads the ages an English message gives, however it writes them", () => {
    expect(read("Im 26, never went to college, can the army still call me up?").ages).toEqual([26]);
    expect(read("my friend (19) is dating a 15 yo girl, is that a crime?").ages).toEqual([19, 15]);
    expect(read("I'm 17 and the karaoke place is hiring, is it legal for them to hire me?").ages).toEqual([17]);
    expect(read("I’m 17 and my boss wants me to work nights, is that ok?").ages).toEqual([17]);
    // A number with a unit after it, a count or a list label is not an age.
    expect(read("I'm 5 months pregnant, can my boss fire me?").ages).toEqual([]);
    expect(read("I'm 3 payments behind on my loan, what happens?").ages).toEqual([]);
    expect(read("Two questions: (1) can my boss make me work 12 hours a day? (2) is overtime paid double?").ages).toEqual([]);
    expect(read("what does Article 35(1) of the labour code say?").ages).toEqual([]);
    // Broken English drops "years": "when 15 old", "my sister 16yrs old".
    expect(read("can i work when 15 old? my parents say i too young for job").ages).toEqual([15]);
    expect(read("my sister 16yrs old wants a part time job").ages).toEqual([16]);
  });

  it("asks 'when' only when 'when' opens the question, not when it sets a condition", () => {
    expect(read("can i work when 15 old?").type).not.toBe("duration");
    expect(read("is it legal to fire me when I am pregnant?").type).not.toBe("duration");
    expect(read("when does my unemployment benefit start?").type).toBe("duration");
    expect(read("When is the deadline to register for military service?").type).toBe("duration");
    expect(read("from when do I count my annual leave").type).toBe("duration");
    expect(read("What is the time limit for taking my former employer to court?").type).toBe("duration");
  });

  it("reads English hours, minutes and years in the documents' words", () => {
    const said = (text: string) => (prepareQuery(text, lexicon).analyzed.parts ?? []).map((p) => p.tokens.join(" ")).join(" | ");
    expect(said("my boss makes me work 10 hrs a day")).toContain("10 giờ");
    expect(said("a 30 mins break")).toContain("30 phút");
    expect(said("I paid in for 2 yrs")).toContain("2 năm");
  });

  it("reads a text once however often question understanding asks for it, and shares the reading unchanged", () => {
    const first = lexicon.analyzeQuery("em 16t di lam dc ko");
    expect(lexicon.analyzeQuery("em 16t di lam dc ko")).toBe(first);
    expect(Object.isFrozen(first.tokens)).toBe(true);
    // The English reading of the same text is another reading.
    expect(lexicon.analyzeQuery("em 16t di lam dc ko", { english: true })).not.toBe(first);
    // Reading a question twice gives the same query.
    const q = "Em 17 tuổi, đang học lớp 11, muốn vào Đoàn thì làm sao ạ?";
    expect(prepareQuery(q, lexicon)).toEqual(prepareQuery(q, lexicon));
  });

  it("searches Vietnamese named inside an English question as the phrase it is, unmarked syllables included", () => {
    const parts = (text: string) => prepareQuery(text, lexicon).analyzed.parts!.map((p) => p.tokens.join(" "));
    expect(parts("which department handles unpaid wages now? there's no Sở Lao động anymore right?")).toContain("sở lao động");
    expect(parts("What age range counts as thanh niên under the law?")).toContain("thanh niên");
    // An English age read as Vietnamese keeps its number beside it.
    expect(parts("who keeps our 2 year old daughter after a divorce?")).toContain("2 tuổi");
    // English words next to a Vietnamese one are not taken into it.
    expect(parts("Can I join Đoàn at 15?")).toContain("đoàn");
    // Typed without marks, a phrase the lexicon knows is read in its marked form and in full.
    expect(parts("by law who counts as thanh nien, what age range?")).toContain("thanh niên");
    expect(parts("if i delete my data, does my kien nghi get deleted too?")).toContain("kiến nghị");
    expect(parts("i quit 2 months ago and still havent applied for tro cap that nghiep")).toContain("trợ cấp thất nghiệp");
    // English words that look like syllables are not read as Vietnamese ("to do", "me", "an").
    const words = parts("what do i need to do to join an union? can i do it at 15?").flatMap((p) => p.split(" "));
    expect(words).toContain("đoàn");
    for (const syllable of ["tờ", "đô", "ăn", "đó"]) expect(words).not.toContain(syllable);
  });

  it("counts the separate things a message asks, not the clauses that only tell", () => {
    expect(read("Em 17 tuổi, đang học lớp 11, muốn vào Đoàn thì làm sao ạ?").asks).toBe(1);
    expect(read("e 16t di lam them quan cafe ca dem dc ko").asks).toBe(1);
    expect(read("When I quit my job, can I get benefits?").asks).toBe(1);
    expect(read("Công ty báo lương 7 triệu mà thử việc trả có 4 triệu, vậy có đúng luật không ạ?").asks).toBe(1);
    expect(read("Em đang học đại học thì có được hoãn nghĩa vụ không, và học xong thì còn bị gọi đến mấy tuổi ạ?").asks).toBe(2);
    expect(read("can a 14 year old work part time at a tea shop? how many hours a day max?").asks).toBe(2);
    expect(read("I finished military service last year. can i get support to learn a trade, and is there a deadline to apply?").asks).toBe(2);
    expect(read("Tôi muốn nghỉ việc. Vậy tôi phải báo trước bao lâu và có cần công ty đồng ý không?").asks).toBe(2);
  });

  it("reads 'how much' with a time word as asking how long, not how much money", () => {
    expect(read("How much weekly rest am I entitled to?").type).toBe("duration");
    expect(read("how much annual leave do I get after one year?").type).toBe("duration");
    expect(read("How much is the minimum wage in region 1?").type).toBe("money");
  });

  it("reads an English question that names only 'the legal cap' with the story before it", () => {
    const q = read("my manager keeps us doing overtime basically every night, it's like 70 hrs a month. what's the legal cap per month?");
    expect(q.pointsBack).toBe(true);
    expect(q.focus).toContain("overtime");
  });
});
