// Opportunities for the person who asks: "khóa học nghề cho bộ đội xuất ngũ" or "em 17 tuổi có việc
// làm thêm nào không" lists those meant for them first (the group's topic, an age range including the
// age), then those open to everyone, never those meant for other people or ages; the reply names the
// filter; "Xem thêm" keeps it; when only others' opportunities match the kind and place, the reply
// says so and offers them. The public page and the API take the same `age` and `audience`.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AGE_MAX, AGE_MIN, AUDIENCE_GROUPS, AUDIENCE_TOPIC, AUDIENCE_TOPICS, audienceIn } from "../../src/announcements/audience-words.ts";
import { createOpportunity } from "../../src/announcements/create-opportunity.ts";
import { fixedClock } from "../../src/clock.ts";
import { detectIntent, foldForIntent } from "../../src/conversation/intent.ts";
import { opportunityChoiceId } from "../../src/conversation/opportunities.ts";
import { defaultTopics } from "../../src/knowledge/topics.ts";
import type { StaffActor } from "../../src/staff/staff-scope.ts";
import { json, runApp, type RunningApp } from "../support/app.ts";

const read = (text: string) => audienceIn(foldForIntent(text));

describe("reading who the asker is", () => {
  it("reads each group the regulation names, with or without diacritics, in teencode and in English", () => {
    const cases: [string, string][] = [
      ["khóa học nghề miễn phí cho bộ đội xuất ngũ", "veteran"],
      ["khoa hoc nghe mien phi cho bo doi xuat ngu", "veteran"],
      ["việc làm cho người đã hoàn thành nghĩa vụ công an", "veteran"],
      ["e moi ra quan co viec gi ko", "veteran"],
      ["có lớp học nghề nào cho thanh niên nông thôn không", "rural"],
      ["khoa hoc cho nguoi khuyet tat", "disability"],
      ["co viec nao cho nkt ko ad", "disability"],
      ["việc làm cho người chấp hành xong án phạt tù", "reentry"],
      ["co viec nao cho nguoi hoan luong khong", "reentry"],
      ["lao động đi làm việc ở nước ngoài về nước có việc gì không", "abroad"],
      ["e di xkld ve co viec nao ko", "abroad"],
      ["có việc làm thêm nào cho sv không", "student"],
      ["việc làm cho học sinh, sinh viên", "student"],
      ["khóa học cho thanh niên dân tộc thiểu số", "ethnic"],
      ["viec lam cho dtts", "ethnic"],
      ["any courses for people with disabilities", "disability"],
      ["are there jobs for students", "student"],
      ["courses for demobilised soldiers", "veteran"],
    ];
    for (const [text, group] of cases) expect(read(text).group, text).toBe(group);
    // Every group is reachable, and maps to a topic the topic file knows.
    expect(new Set(cases.map(([, g]) => g))).toEqual(new Set(AUDIENCE_GROUPS));
    for (const topic of AUDIENCE_TOPICS) expect(defaultTopics().has(topic), topic).toBe(true);
    expect(new Set(Object.values(AUDIENCE_TOPIC))).toEqual(new Set(AUDIENCE_TOPICS));
  });

  it("reads the asker's age, and not numbers that are something else", () => {
    const ages: [string, number][] = [
      ["em 17 tuổi có việc làm thêm nào không", 17],
      ["e 17t co viec lam them nao ko", 17],
      ["mình 20, có việc làm nào ở Rạch Giá không", 20],
      ["17t co viec nao ko", 17],
      ["em năm nay 18 có khóa học nào không", 18],
      ["I'm 19, any jobs?", 19],
      ["jobs for a 22 year old", 22],
      ["em 17 tuổi cho em hỏi có việc làm thêm nào k", 17],
      ["em 17 còn đi học, có việc nào không", 17],
    ];
    for (const [text, age] of ages) expect(read(text).age, text).toBe(age);
    for (const text of ["có việc làm nào lương 10 triệu không", "khóa học cho 30 người", "việc làm cho người trên 18 tuổi", "việc làm từ 18 đến 25 tuổi", "em 5 tuổi", "còn 20 chỗ không", "có việc làm nào ở phường 12 không"]) {
      expect(read(text).age, text).toBeUndefined();
    }
    expect(read(`em ${AGE_MIN - 1} tuổi`).age).toBeUndefined();
    expect(read(`em ${AGE_MAX + 1} tuổi`).age).toBeUndefined();
  });

  it("reads no group from words that only look like one", () => {
    for (const text of ["có việc làm nào ở Rạch Giá không", "việc làm ở công ty nước ngoài", "sự kiện văn hóa dân tộc", "khóa học nghĩa vụ quân sự", "đưa ra từ tháng 3", "lễ ra quân chiến dịch tình nguyện hè"]) {
      expect(read(text).group, text).toBeUndefined();
    }
  });

  it("asks for a list when the age comes first, and keeps a choice's filter within Telegram's 64 bytes", () => {
    expect(detectIntent("em 17 tuổi có việc làm thêm nào không").type).toBe("opportunities");
    expect(detectIntent("mình 20 có việc nào không").type).toBe("opportunities");
    expect(detectIntent("việc làm thêm 16 tuổi có được không").type).not.toBe("opportunities");
    const id = opportunityChoiceId(9995, { kinds: ["job_fair", "course"], placeKey: "xa vinh hoa hung nam thuoc vung dong bang song cuu long", age: 17, group: "disability" });
    expect(Buffer.byteLength(id)).toBeLessThanOrEqual(64);
    const intent = detectIntent("Xem thêm", id);
    expect(intent).toMatchObject({ type: "opportunities", more: { offset: 9995, kinds: ["job_fair", "course"], age: 17, group: "disability" } });
  });
});

const coordinator: StaffActor = { id: "c1", email: "dieuphoi@tinhdoan.gov.vn", name: "Điều phối", role: "coordinator", departmentId: null };
const topics = new Set(defaultTopics().codes());
/** A place whose folded key (43 characters) is longer than a choice id keeps. */
const LONG_PLACE = "Phường Nguyễn Thượng Hiền Thuận Phước Khánh";

describe("opportunities filtered by who they are for", () => {
  let app: RunningApp;
  const clock = fixedClock("2027-03-01T03:00:00Z");
  const add = (input: Record<string, string>) =>
    createOpportunity({ db: app.db, actor: coordinator, input: { organiser: "Trung tâm Dịch vụ việc làm", place: "Phường Rạch Giá", ...input }, topics, now: clock.now() });

  beforeAll(async () => {
    app = await runApp({ clock });
    // Courses: six for demobilised soldiers (the last deadline latest), one open to all whose deadline
    // is nearer than all of them, one for people with disabilities nearer still.
    for (let i = 1; i <= 6; i++) await add({ kind: "course", title: `Khóa học nghề cho bộ đội xuất ngũ số ${i}`, deadline: `2027-03-${20 + i}`, topics: "hoc-nghe,nghia-vu-quan-su" });
    await add({ kind: "course", title: "Lớp tin học văn phòng cho mọi người", deadline: "2027-03-12", topics: "hoc-nghe" });
    await add({ kind: "course", title: "Lớp may cho người khuyết tật", deadline: "2027-03-10", topics: "hoc-nghe,nguoi-khuyet-tat" });
    // Jobs by age.
    await add({ kind: "job", title: "Phục vụ quán cà phê bán thời gian", deadline: "2027-03-15", ageMin: "16", ageMax: "22" });
    await add({ kind: "job", title: "Nhân viên kho", deadline: "2027-03-11", ageMin: "18" });
    await add({ kind: "job", title: "Tuyển công nhân lắp ráp", deadline: "2027-03-14" });
    await add({ kind: "job", title: "Bảo vệ tòa nhà", deadline: "2027-03-09", ageMin: "25", ageMax: "40" });
    // A fair only for workers back from abroad.
    await add({ kind: "job_fair", title: "Ngày hội việc làm cho lao động về nước", startsAt: "2027-03-18", topics: "viec-lam,xuat-khau-lao-dong" });
    // Six jobs for students in a commune with a long name (the choice id must cut it).
    for (let i = 1; i <= 6; i++) await add({ kind: "job", title: `Gia sư cho sinh viên số ${i}`, place: LONG_PLACE, deadline: `2027-04-0${i}`, topics: "hoc-sinh-sinh-vien" });
  });
  afterAll(async () => {
    await app.stop();
  });

  const linesOf = (text: string) => text.split("\n").filter((l) => /^\d+\. /.test(l));

  it("lists the courses for demobilised soldiers first, then those open to all, never those for others; 'Xem thêm' keeps the filter", async () => {
    const first = await app.chat("web-bodoi", "có khóa học nghề nào cho bộ đội xuất ngũ ở Rạch Giá không");
    expect(first.kind).toBe("opportunities");
    const text: string = first.replies[0].text;
    expect(text).toContain("(khóa học, học nghề ở Phường Rạch Giá, cho bộ đội xuất ngũ)");
    expect(text).toContain("1–5 trên 7");
    expect(linesOf(text).map((l) => l.split(" — ")[0])).toEqual([1, 2, 3, 4, 5].map((i) => `${i}. Khóa học nghề cho bộ đội xuất ngũ số ${i}`));
    expect(text).not.toContain("khuyết tật");
    expect(text).toContain("/co-hoi?kind=course&place=phuong+rach+gia&audience=nghia-vu-quan-su");
    const more = first.replies[0].choices.find((c: { label: string }) => c.label === "Xem thêm");
    expect(Buffer.byteLength(more.id)).toBeLessThanOrEqual(64);

    const second = await app.chat("web-bodoi", "Xem thêm", { choice: more.id });
    const rest: string = second.replies[0].text;
    expect(rest).toContain("cho bộ đội xuất ngũ");
    expect(rest).toContain("6–7 trên 7");
    expect(linesOf(rest).map((l) => l.split(" — ")[0])).toEqual(["6. Khóa học nghề cho bộ đội xuất ngũ số 6", "7. Lớp tin học văn phòng cho mọi người"]);
    expect(rest).not.toContain("khuyết tật");
  });

  it("lists the jobs whose age range includes 17, then those with no range, and says it filtered by age", async () => {
    const reply = await app.chat("web-17", "em 17 tuổi có việc làm thêm nào không");
    expect(reply.kind).toBe("opportunities");
    const text: string = reply.replies[0].text;
    expect(text).toContain("phù hợp tuổi 17");
    expect(text).toContain("Cơ hội ghi rõ dành cho đối tượng, độ tuổi này đứng trước");
    const titles = linesOf(text).map((l) => l.split(" — ")[0]!.replace(/^\d+\. /, ""));
    expect(titles[0]).toBe("Phục vụ quán cà phê bán thời gian");
    expect(titles[1]).toBe("Tuyển công nhân lắp ráp");
    expect(titles).not.toContain("Nhân viên kho");
    expect(titles).not.toContain("Bảo vệ tòa nhà");
    // Without an age, everything of the kind is listed, the nearest deadline first, as before.
    const all: string = (await app.chat("web-all", "có việc làm nào ở Rạch Giá không")).replies[0].text;
    expect(all).toContain("1–4 trên 4");
    expect(linesOf(all)[0]).toContain("Bảo vệ tòa nhà");
    expect(all).not.toContain("phù hợp tuổi");
  });

  it("pages through a long place's jobs for students with an id that fits in 64 bytes", async () => {
    const first = await app.chat("web-sv", `có việc làm nào cho sinh viên ở ${LONG_PLACE} không`);
    expect(first.replies[0].text).toContain("1–5 trên 6");
    expect(first.replies[0].text).toContain("cho học sinh, sinh viên");
    const more = first.replies[0].choices.find((c: { label: string }) => c.label === "Xem thêm");
    expect(Buffer.byteLength(more.id)).toBeLessThanOrEqual(64);
    const second = await app.chat("web-sv", "Xem thêm", { choice: more.id });
    expect(second.replies[0].text).toContain("6–6 trên 6");
    expect(second.replies[0].text).toContain("6. Gia sư cho sinh viên số 6");
    expect(second.replies[0].text).toContain("cho học sinh, sinh viên");
  });

  it("says when nothing is for them though some match the kind, and offers those as a choice", async () => {
    const none = await app.chat("web-fair", "có ngày hội việc làm nào cho sinh viên không");
    expect(none.kind).toBe("opportunities");
    const text: string = none.replies[0].text;
    expect(text).toContain("Hiện chưa có cơ hội nào đang mở (ngày hội việc làm, cho học sinh, sinh viên)");
    expect(text).toContain("Có 1 cơ hội (ngày hội việc làm) đang mở nhưng dành cho đối tượng hoặc độ tuổi khác");
    expect(text).not.toContain("Ngày hội việc làm cho lao động về nước");
    const labels = none.replies[0].choices.map((c: { label: string }) => c.label);
    expect(labels).toEqual(["📋 Xem 1 cơ hội không lọc theo đối tượng", "🔔 Đăng ký nhận tin"]);
    const unfiltered = await app.chat("web-fair", labels[0], { choice: none.replies[0].choices[0].id });
    expect(unfiltered.replies[0].text).toContain("1. Ngày hội việc làm cho lao động về nước");
    expect(unfiltered.replies[0].text).not.toContain("cho học sinh, sinh viên");
  });

  it("names the filter in English too", async () => {
    await app.chat("web-en", "/lang en");
    const reply = await app.chat("web-en", "any courses for demobilised soldiers");
    expect(reply.kind).toBe("opportunities");
    expect(reply.replies[0].text).toContain("for demobilised soldiers");
    expect(linesOf(reply.replies[0].text)[0]).toContain("Khóa học nghề cho bộ đội xuất ngũ số 1");
    const none = await app.chat("web-en", "any job fairs for students");
    expect(none.replies[0].text).toContain("Open (job fairs) but meant for other people or ages: 1.");
  });

  it("takes age and audience at /api/v1/opportunities, refusing what is not one", async () => {
    const byAge = await json(await app.get("/api/v1/opportunities?kind=job&age=17&place=phuong+rach+gia"));
    expect(byAge.items.map((o: { title: string }) => o.title)).toEqual(["Phục vụ quán cà phê bán thời gian", "Tuyển công nhân lắp ráp"]);
    const forVeterans = await json(await app.get(`/api/v1/opportunities?kind=course&audience=${AUDIENCE_TOPIC.veteran}`));
    expect(forVeterans.total).toBe(7);
    expect(forVeterans.items[0].title).toBe("Khóa học nghề cho bộ đội xuất ngũ số 1");
    expect(forVeterans.items.at(-1).title).toBe("Lớp tin học văn phòng cho mọi người");
    for (const [query, field] of [["age=9", "age"], ["age=41", "age"], ["age=17.5", "age"], ["age=abc", "age"], ["audience=viec-lam", "audience"], ["audience=bo-doi", "audience"]] as const) {
      const res = await app.get(`/api/v1/opportunities?${query}`);
      expect(res.status, query).toBe(400);
      const body = await json(res);
      expect(body.error.message, query).toContain(`${field}:`);
      if (field === "audience") expect(body.error.message).toContain("nghia-vu-quan-su");
    }
    const openapi = await json(await app.get("/api/v1/openapi.json"));
    const params = openapi.paths["/api/v1/opportunities"].get.parameters;
    expect(params.find((p: { name: string }) => p.name === "audience").schema.enum).toEqual([...AUDIENCE_TOPICS]);
    expect(params.find((p: { name: string }) => p.name === "age").schema).toMatchObject({ minimum: 10, maximum: 40 });
  });

  it("takes age and audience at /co-hoi, naming the filter, and ignores a wrong one with a note", async () => {
    const titlesIn = (html: string) => [...html.matchAll(/<h2>([^<]+)<\/h2>/g)].map((m) => m[1]!);
    const html = await (await app.get(`/co-hoi?kind=course&audience=${AUDIENCE_TOPIC.disability}`)).text();
    expect(titlesIn(html)).toEqual(["Lớp may cho người khuyết tật", "Lớp tin học văn phòng cho mọi người"]);
    expect(html).toContain("Đang lọc theo đối tượng: cho người khuyết tật.");
    expect(html).toContain("Dành cho: người khuyết tật");
    expect(html).toContain('<option value="nguoi-khuyet-tat" selected>');
    const wrong = await (await app.get("/co-hoi?kind=course&audience=bo-doi&age=99")).text();
    expect(wrong).toContain("Không lọc theo đối tượng “bo-doi”");
    expect(wrong).toContain("Không lọc theo tuổi “99”");
    expect(titlesIn(wrong)).toHaveLength(8);
    const english = await (await app.get("/co-hoi?lang=en&kind=job&age=17")).text();
    expect(english).toContain("Filtered by audience: suitable for age 17.");
    expect(titlesIn(english)).not.toContain("Nhân viên kho");
  });
});
