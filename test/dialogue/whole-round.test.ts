// A whole dialogue round, scripted (issue 18's target): 200 young people on the web chat, Telegram
// and Zalo send 300 questions (some with their name, phone number or e-mail in the text), the clock
// moves to voting and they vote (three votes each at most), the coordinator approves anonymised
// summaries, puts the 20 most-voted questions on the agenda across 5 departments, the departments
// answer, the coordinator approves the public answers and records the conclusions. Then: the public
// pages and the API show exactly those 20 with their approved answers and nobody's personal data;
// every sender and voter of a selected question got exactly one "on the agenda" and one "answered"
// notice per question (those who said STOP, none); and the bad input — a vote outside the
// window, twice (a double tap, or again from a second linked chat), for a merged or withdrawn
// question, a fourth vote, a question after collection closed — each got a clear reply and changed
// no count.
//
// The web chat goes over HTTP like the page; Telegram and Zalo messages go through the conversation
// the way their adapters' pipeline hands them over (delivery through the outbox). Staff steps are the
// use cases the console calls. One app, a fixed clock, no waits.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixedClock } from "../../src/clock.ts";
import { approvePublicText } from "../../src/dialogue/approve-public-text.ts";
import { listTopQuestions } from "../../src/dialogue/list-top-questions.ts";
import { openRound } from "../../src/dialogue/open-round.ts";
import { putOnAgenda } from "../../src/dialogue/put-on-agenda.ts";
import { recordConclusions } from "../../src/dialogue/record-conclusions.ts";
import { answerProposal } from "../../src/proposals/change-proposal-status.ts";
import { mergeProposals } from "../../src/proposals/merge-proposals.ts";
import { setProposalStatus } from "../../src/proposals/set-proposal-status.ts";
import type { Locale } from "../../src/prompts.ts";
import type { StaffActor } from "../../src/staff/staff-scope.ts";
import { json, runApp, type RunningApp } from "../support/app.ts";

const coordinator: StaffActor = { id: "c1", email: "dieuphoi@tinhdoan.gov.vn", name: "Điều phối", role: "coordinator", departmentId: null };
const PLAN = {
  title: "Đối thoại giữa Chủ tịch UBND tỉnh với thanh niên 2027",
  kind: "dialogue",
  topics: "Việc làm\nKhởi nghiệp\nHọc nghề",
  collectFrom: "2027-03-01",
  collectUntil: "2027-03-31",
  voteFrom: "2027-04-05",
  voteUntil: "2027-04-15",
  meetingAt: "2027-05-20T08:00",
  answersDue: "2027-06-20",
};
const PEOPLE = 200;
const QUESTIONS = 300;
const AGENDA = 20;
/** The two steps with hundreds of messages take 10-50 s on 2 shared cores; the default 30 s is too close. */
const LONG = 240_000;
const DEPARTMENTS = ["so-noi-vu", "so-tu-phap", "so-giao-duc-dao-tao", "so-khoa-hoc-cong-nghe", "so-y-te"];

/** What young people ask, and the summary a coordinator would publish for it. */
const ASKED: [question: string, summary: string][] = [
  ["Tỉnh có chính sách hỗ trợ thanh niên nông thôn vay vốn học nghề không ạ?", "hỗ trợ thanh niên nông thôn vay vốn học nghề"],
  ["Sinh viên mới ra trường muốn khởi nghiệp thì được vay vốn ưu đãi ở đâu?", "vay vốn ưu đãi cho sinh viên mới ra trường khởi nghiệp"],
  ["Khi nào tỉnh tổ chức ngày hội việc làm cho thanh niên vậy ạ?", "lịch ngày hội việc làm cho thanh niên"],
  ["Thanh niên đi làm việc ở nước ngoài theo hợp đồng cần chuẩn bị những gì?", "chuẩn bị đi làm việc ở nước ngoài theo hợp đồng"],
  ["Tỉnh có kế hoạch xây thêm sân chơi thể thao cho thanh niên không?", "xây thêm sân chơi thể thao cho thanh niên"],
  ["Em muốn được tư vấn pháp luật miễn phí về hợp đồng lao động thì hỏi ở đâu?", "tư vấn pháp luật miễn phí về hợp đồng lao động"],
  ["Trường nghề của tỉnh có miễn học phí cho bộ đội xuất ngũ không ạ?", "miễn học phí học nghề cho bộ đội xuất ngũ"],
  ["Tỉnh hỗ trợ thanh niên làm nông nghiệp công nghệ cao như thế nào?", "hỗ trợ thanh niên làm nông nghiệp công nghệ cao"],
  ["Làm sao để thanh niên được góp ý vào các chính sách của tỉnh?", "cách thanh niên góp ý vào chính sách của tỉnh"],
  ["Tỉnh có chương trình nhà ở xã hội cho công nhân trẻ không?", "nhà ở xã hội cho công nhân trẻ"],
  ["Thanh niên khuyết tật được hỗ trợ học nghề và tìm việc ra sao?", "hỗ trợ thanh niên khuyết tật học nghề và tìm việc"],
  ["Học sinh vùng sâu có được hỗ trợ mạng internet để học trực tuyến không?", "hỗ trợ internet cho học sinh vùng sâu học trực tuyến"],
  ["Tỉnh có quỹ hỗ trợ ý tưởng khởi nghiệp sáng tạo của sinh viên không?", "quỹ hỗ trợ ý tưởng khởi nghiệp sáng tạo của sinh viên"],
  ["Thanh niên tình nguyện mùa hè có được cấp giấy chứng nhận không ạ?", "giấy chứng nhận cho thanh niên tình nguyện mùa hè"],
  ["Tỉnh có lớp kỹ năng số miễn phí cho thanh niên đang thất nghiệp không?", "lớp kỹ năng số miễn phí cho thanh niên thất nghiệp"],
];
const FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng"];
const MIDDLE = ["Văn", "Thị", "Minh", "Ngọc", "Thanh", "Quốc", "Hoài", "Gia", "Bảo", "Khánh"];
const GIVEN = ["An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Khoa", "Lan", "My", "Nam", "Oanh", "Phúc", "Quân", "Sơn", "Tâm", "Uyên", "Vy", "Xuân", "Yến", "Đạt"];

type Channel = "web" | "telegram" | "zalo";
interface Person {
  i: number;
  name: string;
  /** Made-up numbers and example.com addresses: test senders, not anybody's. */
  phone: string;
  email: string;
  channel: Channel;
  /** The id the outbox addresses them by (the web session's id on the web). */
  chatId: string;
  locale: Locale;
  userId: string;
  /** A second chat linked to the first with /lienket ("zalo:<id>"): one person, one set of votes. */
  alsoAt?: string;
}
interface Reply {
  text: string;
  choices?: { id: string; label: string }[];
}
interface Said {
  kind: string;
  replies: Reply[];
  proposal?: { code: string };
}
interface Question {
  n: number;
  code: string;
  id: string;
  sender: Person;
  summary: string;
  /** The people whose votes were counted for it, by the bot's own reply. */
  voters: Set<Person>;
  /** Questions merged into this one (their senders hear about it too). */
  merged: Question[];
}

describe("a whole dialogue round: 200 people, 300 questions, 20 answered", () => {
  let app: RunningApp;
  const clock = fixedClock("2027-02-20T03:00:00Z");
  const people: Person[] = [];
  const questions: Question[] = [];
  let slug = "";
  let roundId = "";
  let update = 0;
  /** Questions that left the voting list (merged, withdrawn): never counted, never on the agenda. */
  const gone = new Set<Question>();
  const stopped = new Set<Person>();
  let agenda: Question[] = [];
  const texts = () => ({ prompts: app.prompts, publicBaseUrl: app.config.publicBaseUrl });
  const t = (p: Person, key: string, vars?: Record<string, string | number>) => app.prompts.t(p.locale, key, vars);

  beforeAll(async () => {
    app = await runApp({ clock });
    ({ slug, id: roundId } = await openRound({ db: app.db, actor: coordinator, input: PLAN, now: clock.now() }));
  });
  afterAll(async () => {
    await app.stop();
  });

  /** One message from `p`, on their channel; `choice` is a button they pressed. */
  async function say(p: Person, text: string, choice?: string): Promise<Said> {
    if (p.channel === "web") return app.chat(`web-${p.i}`, text, choice ? { choice } : {});
    update += 1;
    const result = await app.conversation.handle(
      { channel: p.channel, chatId: p.chatId, userId: p.chatId, displayName: p.name, language: p.locale, text, messageId: String(update), date: clock.now(), ...(choice ? { choice } : {}) },
      { dedupeKey: String(update), delivery: "outbox" },
    );
    return result!;
  }

  function personOf(i: number): Person {
    const channel: Channel = (["web", "telegram", "zalo"] as const)[i % 3]!;
    const name = `${FAMILY[i % 10]} ${MIDDLE[(i * 3) % 10]} ${GIVEN[Math.floor(i / 10)]}`;
    return {
      i,
      name,
      phone: `0901${String(i).padStart(6, "0")}`,
      email: `thanhnien.${i}@example.com`,
      channel,
      chatId: channel === "telegram" ? String(700_000_000 + i) : channel === "zalo" ? `zl${9_100_000 + i}` : "",
      // A few Telegram users have their app in English.
      locale: i % 30 === 4 ? "en" : "vi",
      userId: "",
    };
  }

  /** The question text person `p` sends as question number `n` (some with their name, phone or e-mail). */
  function questionText(p: Person, n: number): string {
    const base = ASKED[n % ASKED.length]![0];
    if (n % 4 === 0) return `Em là ${p.name}, số điện thoại ${n % 8 === 0 ? p.phone : p.phone.replace(/(\d{4})(\d{3})(\d{3})/, "$1 $2 $3")}. ${base}`;
    if (n % 4 === 1) return `${base} Có gì trả lời giúp em qua email ${p.email} nhé.`;
    return base;
  }

  /** Through the ordinary intake: the question, "đồng ý", then "Bỏ qua" when asked for a contact. */
  async function sendQuestion(p: Person, text: string): Promise<Said> {
    let step = await say(p, `câu hỏi đối thoại: ${text}`);
    if (step.replies[0]?.choices?.some((c) => c.id === "commune:skip")) step = await say(p, "", "commune:skip");
    expect(step.replies[0]!.choices!.map((c) => c.id)).toEqual(["confirm:yes", "confirm:edit", "confirm:no"]);
    const created = await say(p, "đồng ý");
    expect(created.kind).toBe("proposal_created");
    const skip = created.replies.at(-1)?.choices?.find((c) => c.id === "contact:skip");
    if (skip) await say(p, "", skip.id);
    return created;
  }

  /** The vote buttons of a list (not "more questions"). */
  const votesIn = (choices: Reply["choices"]) => (choices ?? []).filter((c) => c.id.startsWith("vote:"));
  const byChoice = (id: string) => questions.find((q) => `vote:${q.id}` === id)!;
  const votesOf = (p: Person) => questions.filter((q) => q.voters.has(p)).length;
  /** A pick from the list last shown: a button, or on Zalo (no buttons) its number. */
  const press = (p: Person, offered: NonNullable<Reply["choices"]>, choice: { id: string }) =>
    p.channel === "zalo" ? say(p, String(offered.findIndex((c) => c.id === choice.id) + 1)) : say(p, "", choice.id);
  const roundVotes = () => app.db.prisma.roundVote.count({ where: { roundId } });
  const counted = () => questions.reduce((sum, q) => sum + q.voters.size, 0);

  it("takes 300 questions from 200 people on three channels during collection", { timeout: LONG }, async () => {
    clock.set("2027-03-01T02:00:00Z");
    for (let i = 0; i < PEOPLE; i++) people.push(personOf(i));
    // Everyone sends one question, then the first hundred a second; the last ten are the same as an
    // earlier one in other words, so the coordinator has duplicates to merge.
    for (let n = 0; n < QUESTIONS; n++) {
      const sender = people[n % PEOPLE]!;
      const text = n >= QUESTIONS - 10 ? questionText(sender, (n - (QUESTIONS - 10)) * 7) : questionText(sender, n);
      clock.set(new Date(clock.now().getTime() + 60_000));
      const created = await sendQuestion(sender, text);
      expect(created.replies[0]!.text).toContain(t(sender, "dialogue.tagged", { round: PLAN.title, voteFrom: "05/04/2027" }));
      const stored = await app.db.prisma.proposal.findUniqueOrThrow({ where: { code: created.proposal!.code } });
      expect(stored.roundId).toBe(roundId);
      const summary = `Câu ${n + 1}: ${ASKED[(n >= QUESTIONS - 10 ? (n - (QUESTIONS - 10)) * 7 : n) % ASKED.length]![1]}`;
      questions.push({ n, code: stored.code, id: stored.id, sender, summary, voters: new Set(), merged: [] });
    }
    for (const p of people) {
      const identity = await app.db.prisma.channelIdentity.findFirstOrThrow({ where: { channel: p.channel, externalId: p.channel === "web" ? app.web(`web-${p.i}`).webId : p.chatId } });
      p.userId = identity.userId;
      if (p.channel === "web") p.chatId = identity.chatId;
    }
    expect(await app.db.prisma.proposal.count({ where: { roundId } })).toBe(QUESTIONS);
    expect(new Set(people.map((p) => p.userId)).size).toBe(PEOPLE);
  });

  it("makes a question confirmed after collection closed an ordinary proposal, and says so; one sent later goes as an ordinary proposal too", async () => {
    const late = people[5]!;
    clock.set("2027-03-31T16:30:00Z"); // 23:30 on the last day, Vietnam time: still collecting
    await say(late, `câu hỏi đối thoại: ${ASKED[3]![0]}`);
    clock.set("2027-03-31T17:30:00Z"); // 00:30 the next day: collection closed
    const created = await say(late, "đồng ý");
    expect(created.kind).toBe("proposal_created");
    expect(created.replies[0]!.text).toContain(t(late, "dialogue.collectionClosed", { round: PLAN.title }));
    expect((await app.db.prisma.proposal.findUniqueOrThrow({ where: { code: created.proposal!.code } })).roundId).toBeNull();

    clock.set("2027-04-02T03:00:00Z");
    const after = people[6]!;
    const told = await say(after, `câu hỏi đối thoại: ${ASKED[4]![0]}`);
    // Told first, in their language, that it goes as an ordinary proposal; then asked to confirm it.
    expect(told.replies[0]!.text.startsWith(t(after, "dialogue.notCollectingAsProposal", { link: "§" }).split("§")[0]!)).toBe(true);
    expect(told.replies.length).toBeGreaterThan(1);
    expect(told.kind).not.toBe("proposal_created");
    const ordinary = await say(after, "đồng ý");
    expect(ordinary.kind).toBe("proposal_created");
    expect((await app.db.prisma.proposal.findUniqueOrThrow({ where: { code: ordinary.proposal!.code } })).roundId).toBeNull();
    expect(await app.db.prisma.proposal.count({ where: { roundId } })).toBe(QUESTIONS);
  });

  it("lets the coordinator merge the duplicates and approve a summary for every other question", async () => {
    for (let d = 0; d < 10; d++) {
      const twin = questions[QUESTIONS - 10 + d]!;
      const into = questions[d * 7]!;
      await mergeProposals({ db: app.db, actor: coordinator, code: twin.code, intoCode: into.code, historyNote: "trùng câu hỏi" });
      into.merged.push(twin);
      gone.add(twin);
    }
    for (const q of questions.filter((x) => !gone.has(x))) {
      await approvePublicText({ db: app.db, actor: coordinator, slug, code: q.code, input: { summary: q.summary }, now: clock.now(), texts: texts() });
    }
    // Before voting opens: no list, and a button pasted from elsewhere is not a vote.
    const early = people[3]!;
    expect((await say(early, "bình chọn")).replies[0]!.text).toContain(t(early, "dialogue.notVoting", { plan: "" }).trim());
    const pasted = await say(early, "", `vote:${questions[0]!.id}`);
    expect(pasted.replies[0]!.text).toBe(t(early, "dialogue.voteStale"));
    expect(pasted.replies[1]!.text).toContain(t(early, "dialogue.notVoting", { plan: "" }).trim());
    expect(await roundVotes()).toBe(0);
  });

  it("counts three votes per person from the lists they are shown, and refuses a vote for a merged or withdrawn question, twice, or a fourth", { timeout: LONG }, async () => {
    clock.set("2027-04-05T03:00:00Z");
    const [first, second] = [people[0]!, people[3]!];
    const list = await say(first, "bình chọn");
    expect(list.replies[0]!.text.split("\n")[0]).toBe(t(first, "dialogue.voteList", { round: PLAN.title, until: "15/04/2027", left: 3, list: "" }).split("\n")[0]);
    const shown = votesIn(list.replies[0]!.choices);
    expect(shown).toHaveLength(10);
    expect(votesIn((await say(second, "bình chọn")).replies[0]!.choices)).toEqual(shown);
    // While the list is on their screens, the coordinator merges the tenth into the first and the
    // ninth is withdrawn by its sender; their buttons are still there.
    const [target, merged, withdrawn] = [byChoice(shown[0]!.id), byChoice(shown[9]!.id), byChoice(shown[8]!.id)];
    await mergeProposals({ db: app.db, actor: coordinator, code: merged.code, intoCode: target.code, historyNote: "trùng câu hỏi" });
    target.merged.push(merged);
    await setProposalStatus({ db: app.db, prompts: app.prompts, actor: coordinator, code: withdrawn.code, status: "closed", note: "Người gửi rút lại câu hỏi." });
    gone.add(merged).add(withdrawn);
    expect((await say(first, "", shown[9]!.id)).replies[0]!.text).toBe(t(first, "dialogue.voteUnavailable", { left: 3 }));
    expect((await say(second, "", shown[8]!.id)).replies[0]!.text).toBe(t(second, "dialogue.voteUnavailable", { left: 3 }));
    expect(await roundVotes()).toBe(0);

    // Twice for the same question: a double tap in the web chat counts once.
    const quick = people[9]!;
    const pick = votesIn((await say(quick, "bình chọn")).replies[0]!.choices)[0]!;
    const taps = (await Promise.all([say(quick, "", pick.id), say(quick, "", pick.id)])).map((r) => r.replies[0]!.text);
    expect(taps.filter((x) => x === t(quick, "dialogue.voted", { left: 2 }))).toHaveLength(1);
    expect([t(quick, "dialogue.alreadyVoted", { left: 2 }), t(quick, "dialogue.voteStale")]).toContain(taps.find((x) => x !== t(quick, "dialogue.voted", { left: 2 })));
    byChoice(pick.id).voters.add(quick);
    expect(await roundVotes()).toBe(1);

    // A fourth vote: two buttons tapped together for the third vote count once.
    const eager = people[12]!;
    let list12 = (await say(eager, "bình chọn")).replies[0]!.choices;
    for (let k = 0; k < 2; k++) {
      const choice = votesIn(list12)[0]!;
      list12 = (await say(eager, "", choice.id)).replies[1]!.choices;
      byChoice(choice.id).voters.add(eager);
    }
    const [third, fourth] = votesIn(list12);
    const together = await Promise.all([say(eager, "", third!.id), say(eager, "", fourth!.id)]);
    const votedLast = t(eager, "dialogue.votedLast", { max: 3 });
    expect(together.filter((r) => r.replies[0]!.text === votedLast)).toHaveLength(1);
    expect(together.flatMap((r) => r.replies.map((x) => x.text))).toContain(t(eager, "dialogue.voteLimit", { max: 3 }));
    byChoice((together[0]!.replies[0]!.text === votedLast ? third : fourth)!.id).voters.add(eager);
    expect(await roundVotes()).toBe(counted());

    // One person on two chats, linked with /lienket, still has one vote per question and three in all:
    // the list on the other chat's screen stays, but its picks are this person's.
    const both = people[40]!; // Telegram
    const secondChat: Person = { ...both, channel: "zalo", chatId: "zl9200040" };
    both.alsoAt = `zalo:${secondChat.chatId}`;
    const code = /\b([A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4})\b/.exec((await say(both, "/lienket")).replies.map((r) => r.text).join("\n"))![1]!;
    await say(secondChat, `/lienket ${code}`);
    expect((await say(secondChat, "đồng ý")).replies[0]!.text).toContain("✅");
    const zaloList = votesIn((await say(secondChat, "bình chọn")).replies[0]!.choices);
    let telegramList = (await say(both, "bình chọn")).replies[0]!.choices;
    let zaloNow: Reply["choices"] = [];
    for (let k = 0; k < 3; k++) {
      // The first from the top of the list Zalo shows too, then the next ones on Telegram's list.
      const choice = k === 0 ? zaloList[0]! : votesIn(telegramList)[0]!;
      const voted = await say(both, "", choice.id);
      expect(voted.replies[0]!.text).toBe(k < 2 ? t(both, "dialogue.voted", { left: 2 - k }) : t(both, "dialogue.votedLast", { max: 3 }));
      byChoice(choice.id).voters.add(both);
      telegramList = voted.replies[1]?.choices;
      if (k === 1) {
        // Zalo's list still shows the first one, voted for on Telegram.
        const again = await say(secondChat, "1");
        expect(again.replies[0]!.text).toBe(t(both, "dialogue.alreadyVoted", { left: 1 }));
        zaloNow = again.replies[1]!.choices;
      }
    }
    const unvoted = (zaloNow ?? []).findIndex((c) => c.id.startsWith("vote:") && !byChoice(c.id).voters.has(both));
    expect((await say(secondChat, String(unvoted + 1))).replies[0]!.text).toBe(t(both, "dialogue.voteLimit", { max: 3 }));
    expect(await roundVotes()).toBe(counted());

    // Everyone votes from the list they are shown, some after "more questions", up to three votes.
    for (const p of people) {
      clock.set(new Date(clock.now().getTime() + 60_000));
      let offered = (await say(p, "bình chọn")).replies[0]!.choices ?? [];
      const wanted = p.i % 17 === 0 ? 1 : 3;
      for (let k = votesOf(p); k < wanted; k++) {
        // A third of the picks are from the second page ("more questions").
        const more = (p.i + k) % 3 === 0 ? offered.find((c) => c.id.startsWith("votes:")) : undefined;
        if (more) offered = (await press(p, offered, more)).replies[0]!.choices ?? [];
        const choices = votesIn(offered);
        const choice = choices[(p.i * 7 + k * 3) % choices.length]!;
        const voted = await press(p, offered, choice);
        const left = 2 - k;
        expect(voted.replies[0]!.text).toBe(left > 0 ? t(p, "dialogue.voted", { left }) : t(p, "dialogue.votedLast", { max: 3 }));
        const q = byChoice(choice.id);
        expect(q.voters.has(p)).toBe(false);
        q.voters.add(p);
        offered = voted.replies[1]?.choices ?? [];
        expect(offered.some((c) => c.id === choice.id)).toBe(false); // not offered again
      }
    }
    expect(await roundVotes()).toBe(counted());

    // A fourth vote: an old button once the three are used gets a clear no, and so does the list.
    const full = people[1]!;
    const other = questions.find((q) => !gone.has(q) && !q.voters.has(full))!;
    expect((await say(full, "", `vote:${other.id}`)).replies.map((r) => r.text)).toEqual([t(full, "dialogue.voteStale"), t(full, "dialogue.voteLimit", { max: 3 })]);
    expect((await say(full, "bình chọn")).replies[0]!.text).toBe(t(full, "dialogue.voteLimit", { max: 3 }));
    expect(await roundVotes()).toBe(counted());

    // The votes the public sees are the ones counted, question by question.
    const open = questions.filter((q) => !gone.has(q));
    const round = await json(await app.get(`/api/v1/rounds/${slug}`));
    expect(round.questions).toHaveLength(open.length);
    const bySummary = new Map(questions.map((q) => [q.summary, q]));
    for (const shownQ of round.questions) expect(shownQ.votes).toBe(bySummary.get(shownQ.summary)!.voters.size);
    expect(round.questions.some((x: { summary: string }) => x.summary === merged.summary || x.summary === withdrawn.summary)).toBe(false);

    // After the window: a list still on the screen from the last evening is not counted.
    const late = people[17]!; // one vote so far, on Zalo
    clock.set("2027-04-15T16:30:00Z"); // 23:30 on the last voting day, Vietnam time
    expect(votesIn((await say(late, "bình chọn")).replies[0]!.choices).length).toBeGreaterThan(0);
    clock.set("2027-04-15T17:05:00Z");
    expect((await say(late, "1")).replies[0]!.text).toBe(t(late, "dialogue.voteClosed"));
    expect(await roundVotes()).toBe(counted());
  });

  it("puts the 20 most-voted questions on the agenda across 5 departments, after some people said STOP", async () => {
    // Some people say STOP before the agenda is set: two on each channel among those it concerns.
    const top = [...questions].filter((q) => !gone.has(q)).sort((a, b) => b.voters.size - a.voters.size || a.n - b.n).slice(0, AGENDA);
    const concerned = (p: Person) => top.some((q) => reached(q).has(p));
    for (const channel of ["web", "telegram", "zalo"] as const) {
      for (const p of people.filter((x) => x.channel === channel && concerned(x) && x.i > 10).slice(0, 2)) {
        const text = channel === "web" ? "/huydangky" : channel === "telegram" ? "STOP" : "ngừng nhận tin";
        expect((await say(p, text)).replies[0]!.text).toBe(t(p, "notices.stopped"));
        stopped.add(p);
      }
    }
    expect(stopped.size).toBe(6);

    clock.set("2027-04-16T03:00:00Z");

    // The coordinator's list, most votes first, is the one counted here; equal votes in the order sent.
    const ranked = await listTopQuestions(app.db.prisma, roundId);
    expect(ranked.slice(0, AGENDA).map((q) => q.code)).toEqual(top.map((q) => q.code));
    expect(ranked[AGENDA - 1]!.votes).toBeGreaterThan(0);
    expect(questions.some((q) => !top.includes(q) && q.voters.size > 0)).toBe(true); // some voters' questions miss the agenda
    const departments = await Promise.all(DEPARTMENTS.map((s) => app.db.prisma.department.findUniqueOrThrow({ where: { slug: s } })));
    for (const [k, q] of top.entries()) {
      const { notified } = await putOnAgenda({ db: app.db, actor: coordinator, slug, code: q.code, input: { departmentId: departments[k % 5]!.id, dueAt: "2027-06-10" }, now: clock.now(), texts: texts() });
      expect(notified).toBe([...reached(q)].filter((p) => !stopped.has(p)).length);
    }
    agenda = top;
  });

  it("takes the departments' answers, publishes the approved ones and the conclusions", async () => {
    clock.set("2027-05-22T03:00:00Z");
    for (const [k, q] of agenda.entries()) {
      const department = DEPARTMENTS[k % 5]!;
      // The department's own answer speaks to the sender by name; only the approved text is public.
      await answerProposal({ db: app.db, prompts: app.prompts, code: q.code, answer: `Chào bạn ${q.sender.name}, cán bộ sẽ gọi lại số ${q.sender.phone} để trao đổi thêm.`, actor: `canbo@${department}.gov.vn`, now: clock.now() });
    }
    clock.set("2027-05-25T03:00:00Z");
    for (const q of agenda) {
      const { notified } = await approvePublicText({ db: app.db, actor: coordinator, slug, code: q.code, input: { summary: q.summary, answer: publicAnswer(q) }, now: clock.now(), texts: texts() });
      expect(notified).toBe([...reached(q)].filter((p) => !stopped.has(p)).length);
    }
    // Moving a question to another department, or approving its answer again, tells nobody twice.
    const moved = agenda[0]!;
    const elsewhere = await app.db.prisma.department.findUniqueOrThrow({ where: { slug: DEPARTMENTS[1]! } });
    expect((await putOnAgenda({ db: app.db, actor: coordinator, slug, code: moved.code, input: { departmentId: elsewhere.id, dueAt: "2027-06-12" }, now: clock.now(), texts: texts() })).notified).toBe(0);
    expect((await approvePublicText({ db: app.db, actor: coordinator, slug, code: moved.code, input: { summary: moved.summary, answer: publicAnswer(moved) }, now: clock.now(), texts: texts() })).notified).toBe(0);
    clock.set("2027-05-26T03:00:00Z");
    await recordConclusions({ db: app.db, actor: coordinator, slug, input: { conclusions: "Giao các sở, ngành liên quan tiếp tục trả lời bằng văn bản và báo cáo kết quả tại hội nghị năm sau." }, now: clock.now() });

    const round = await json(await app.get(`/api/v1/rounds/${slug}`));
    expect(round.status).toBe("concluded");
    expect(round.questions).toHaveLength(AGENDA);
    expect(new Set(round.questions.map((q: { summary: string }) => q.summary))).toEqual(new Set(agenda.map((q) => q.summary)));
    for (const shown of round.questions) {
      const q = agenda.find((x) => x.summary === shown.summary)!;
      expect(shown).toMatchObject({ onAgenda: true, answer: publicAnswer(q), votes: q.voters.size });
    }
    const page = await (await app.get(`/doi-thoai/${slug}`)).text();
    expect(page.match(/<li class="card">/g)).toHaveLength(AGENDA);
    for (const q of agenda) expect(page).toContain(publicAnswer(q));
    expect(page).not.toContain(app.prompts.t("vi", "dialoguePage.noAnswer"));
    const feed = await (await app.get("/doi-thoai/feed.xml")).text();
    expect(feed.match(/<entry>/g)).toHaveLength(1);
    expect(feed).toContain(`/doi-thoai/${slug}"/>`);
    expect(feed).toContain(app.prompts.t("vi", "dialoguePage.statusConcluded"));
  });

  it("shows nobody's name, phone number or e-mail on any public page", async () => {
    const pages = [`/doi-thoai`, `/doi-thoai/${slug}`, `/doi-thoai/feed.xml`, `/api/v1/rounds`, `/api/v1/rounds/${slug}`];
    for (const path of [...pages, ...pages.map((p) => `${p}?lang=en`)]) {
      const res = await app.get(path);
      expect(res.status, path).toBe(200);
      const body = await res.text();
      // Digits written with spaces or dots in between are still the number.
      const digits = body.replace(/(\d)[\s.-]+(?=\d)/g, "$1");
      for (const p of people) {
        const tail = p.name.split(" ").slice(1).join(" ");
        expect(body, `${path}: ${p.name}`).not.toContain(p.name);
        expect(body, `${path}: ${tail}`).not.toContain(tail);
        expect(digits, `${path}: ${p.phone}`).not.toContain(p.phone);
        expect(body, `${path}: ${p.email}`).not.toContain(p.email);
      }
      for (const q of questions) expect(body).not.toContain(q.code);
    }
  });

  it("told every sender and voter of a selected question exactly once that it was on the agenda and once that it was answered", async () => {
    const rows = await app.db.prisma.outboxMessage.findMany({ select: { channel: true, chatId: true, payload: true } });
    const link = `/doi-thoai/${slug}`;
    const notices = new Map<string, { kind: "agenda" | "answered"; text: string }[]>();
    for (const row of rows) {
      const text = (JSON.parse(row.payload) as { text: string }).text;
      if (!text.includes(link)) continue;
      const kind = text.startsWith("📌") ? "agenda" : text.startsWith("✅") ? "answered" : null;
      if (!kind) continue;
      const key = `${row.channel}:${row.chatId}`;
      notices.set(key, [...(notices.get(key) ?? []), { kind, text }]);
    }
    let told = 0;
    for (const p of people) {
      const mine = [`${p.channel}:${p.chatId}`, ...(p.alsoAt ? [p.alsoAt] : [])].flatMap((chat) => notices.get(chat) ?? []);
      const concerns = stopped.has(p) ? [] : agenda.filter((q) => reached(q).has(p));
      expect(mine, `${p.name} (${p.channel})`).toHaveLength(concerns.length * 2);
      for (const q of concerns) {
        for (const kind of ["agenda", "answered"] as const) {
          const about = mine.filter((m) => m.kind === kind && m.text.includes(`“${q.summary}”`));
          expect(about, `${p.name}: ${kind} ${q.code}`).toHaveLength(1);
          if (p.locale === "en") expect(about[0]!.text).toContain(kind === "agenda" ? "has been put on the agenda" : "has been answered by");
          if (kind === "answered") expect(about[0]!.text).toContain(publicAnswer(q));
          expect(about[0]!.text).not.toContain(q.sender.phone);
        }
      }
      told += concerns.length ? 1 : 0;
    }
    // The story is only worth its assertions if it reached many people, in both languages, and some said STOP.
    expect(told).toBeGreaterThan(100);
    expect(people.some((p) => p.locale === "en" && !stopped.has(p) && agenda.some((q) => reached(q).has(p)))).toBe(true);
    expect([...stopped].every((p) => agenda.some((q) => reached(q).has(p)))).toBe(true);
  });

  /** The people a question's notices are for: its sender, the senders of its duplicates, its voters. */
  function reached(q: Question): Set<Person> {
    return new Set([q.sender, ...q.merged.map((m) => m.sender), ...q.voters, ...q.merged.flatMap((m) => [...m.voters])]);
  }

  function publicAnswer(q: Question): string {
    return `Trả lời câu ${q.n + 1}: tỉnh tiếp thu ý kiến và đưa nội dung này vào kế hoạch công tác thanh niên; kết quả thực hiện được báo cáo tại hội nghị năm sau.`;
  }
});
