// A whole small round through the console, the chat, the public pages, the feed and the API: a
// coordinator opens it (a plan with dates out of order comes back with a clear Vietnamese message),
// a young person sends a question with their name and phone number, the coordinator approves an
// anonymised summary, puts it on the agenda, approves the public answer and records conclusions.
// Every public surface shows only approved text: never the name, the phone number or the raw answer.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixedClock } from "../../src/clock.ts";
import { editRound } from "../../src/dialogue/edit-round.ts";
import { answerProposal } from "../../src/proposals/change-proposal-status.ts";
import type { StaffActor } from "../../src/staff/staff-scope.ts";
import { json, runApp, type RunningApp } from "../support/app.ts";
import { addStaff, loggedIn, type ConsoleClient } from "../console/console-client.ts";

const NAME = "Nguyễn Văn Bình";
const PHONE = "0912345678";
const QUESTION = `Em là ${NAME}, số điện thoại ${PHONE}, em muốn hỏi tỉnh có hỗ trợ vay vốn khởi nghiệp cho thanh niên không ạ`;
const SUMMARY = "Tỉnh có hỗ trợ vay vốn khởi nghiệp cho thanh niên không?";
const RAW_ANSWER = `Chào bạn ${NAME}, Sở sẽ gọi lại cho bạn qua số ${PHONE}. Thanh niên được vay vốn qua Ngân hàng Chính sách xã hội.`;
const PUBLIC_ANSWER = "Thanh niên được vay vốn khởi nghiệp qua Ngân hàng Chính sách xã hội theo quy định hiện hành.";
const FORM = {
  title: "Đối thoại giữa Chủ tịch UBND tỉnh với thanh niên 2027",
  kind: "dialogue",
  topics: "Việc làm\nKhởi nghiệp",
  departmentId: "",
  collectFrom: "2027-03-01",
  collectUntil: "2027-03-31",
  voteFrom: "2027-04-05",
  voteUntil: "2027-04-15",
  meetingAt: "2027-05-20T08:00",
  answersDue: "2027-06-20",
};
const SLUG = "doi-thoai-giua-chu-tich-ubnd-tinh-voi-thanh-nien-2027";
const COORDINATOR: StaffActor = { id: "api", email: "dieuphoi@tinh.gov.vn", name: "Điều phối", role: "coordinator", departmentId: null };

describe("a dialogue round from the console to the public pages", () => {
  let app: RunningApp;
  let coordinator: ConsoleClient;
  let code = "";
  const clock = fixedClock("2027-02-10T03:00:00Z");

  beforeAll(async () => {
    app = await runApp({ clock });
    await addStaff(app, "dieuphoi@tinh.gov.vn", "coordinator");
    await addStaff(app, "canbo@tinh.gov.vn", "department", "Sở Nội vụ");
    coordinator = await loggedIn(app, "dieuphoi@tinh.gov.vn");
  });
  afterAll(async () => {
    await app.stop();
  });

  /** Moves the service's clock; a console session does not last a month, so the coordinator signs in again. */
  const moveTo = async (at: string) => {
    clock.set(at);
    coordinator = await loggedIn(app, "dieuphoi@tinh.gov.vn");
  };
  const publicPage = async (path: string) => {
    const res = await app.get(path);
    return { res, html: await res.text() };
  };
  const expectNoPersonalData = (text: string) => {
    expect(text).not.toContain(PHONE);
    expect(text).not.toContain("Văn Bình");
    expect(text).not.toContain("Nguyễn");
    expect(text).not.toContain("Chào bạn");
  };

  it("opens a round from the console, refusing dates out of order with a clear message", async () => {
    const department = await loggedIn(app, "canbo@tinh.gov.vn");
    expect((await department.page("/console/dialogue")).res.status).toBe(403);
    const list = await coordinator.page("/console/dialogue");
    expect(list.res.status).toBe(200);
    expect(list.html).toContain("Chưa có đợt đối thoại nào");

    const bad = await coordinator.post("/console/dialogue", { ...FORM, voteFrom: "2027-03-20" });
    expect(bad.status).toBe(400);
    const badHtml = await bad.text();
    expect(badHtml).toContain("Bình chọn phải bắt đầu sau khi hết hạn nhận câu hỏi.");
    expect(badHtml).toContain(`value="${FORM.title}"`); // what was typed is kept
    expect(await app.db.prisma.dialogueRound.count()).toBe(0);

    const ok = await coordinator.post("/console/dialogue", FORM);
    expect(ok.status).toBe(303);
    expect(ok.headers.get("location")).toBe(`/console/dialogue/${SLUG}?ok=roundSaved`);
    expect(await app.db.prisma.auditLog.count({ where: { action: "round.open", target: SLUG } })).toBe(1);
    // A second conference collecting at the same time would leave the chat guessing which one a question is for.
    const overlap = await coordinator.post("/console/dialogue", { ...FORM, title: "Đối thoại chuyên đề việc làm 2027" });
    expect(overlap.status).toBe(400);
    expect(await overlap.text()).toContain(`Thời gian nhận câu hỏi trùng với đợt “${FORM.title}” (01/03/2027 – 31/03/2027)`);

    const plan = await publicPage(`/doi-thoai/${SLUG}`);
    expect(plan.res.status).toBe(200);
    expect(plan.html).toContain("01/03/2027 – 31/03/2027");
    expect(plan.html).toContain("08:00 20/05/2027");
    expect(plan.res.headers.get("content-security-policy")).toContain("script-src 'self'");
    expect(plan.html).not.toContain("<script");

    // A time given through the API (08:00) is shown with its time in the edit form, so saving the
    // form again keeps it instead of moving it to the start of the day.
    await editRound({ db: app.db, actor: COORDINATOR, slug: SLUG, input: { ...FORM, collectFrom: "2027-03-01T08:00" }, now: clock.now() });
    const edit = await coordinator.page(`/console/dialogue/${SLUG}/edit`);
    expect(edit.html).toContain('type="datetime-local" name="collectFrom" value="2027-03-01T08:00"');
    expect(edit.html).toContain('type="date" name="collectUntil" value="2027-03-31"');
    expect((await coordinator.post(`/console/dialogue/${SLUG}/edit`, { ...FORM, collectFrom: "2027-03-01T08:00" })).status).toBe(303);
    expect((await app.db.prisma.dialogueRound.findUniqueOrThrow({ where: { slug: SLUG } })).collectFrom.toISOString()).toBe("2027-03-01T01:00:00.000Z");
  });

  it("takes a question in chat, and the coordinator approves a summary without the personal data", async () => {
    await moveTo("2027-03-10T03:00:00Z");
    await app.chat("web-binh", `câu hỏi đối thoại: ${QUESTION}`);
    const created = await app.chat("web-binh", "đồng ý");
    code = created.proposal.code;
    const page = await coordinator.page(`/console/dialogue/${SLUG}`);
    expect(page.html).toContain(code);

    const refused = await coordinator.post(`/console/dialogue/${SLUG}/items/${code}/public`, { summary: `Bạn ${PHONE} hỏi về vay vốn` });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain("hãy bỏ số điện thoại hoặc email");
    const approved = await coordinator.post(`/console/dialogue/${SLUG}/items/${code}/public`, { summary: SUMMARY });
    expect(approved.status).toBe(303);
  });

  it("shows the approved summary with its votes while voting, and nothing personal", async () => {
    await moveTo("2027-04-10T03:00:00Z");
    const list = await app.chat("web-voter", "bình chọn");
    // A web session's votes count from five minutes after its first message.
    clock.set("2027-04-10T03:05:00Z");
    await app.chat("web-voter", "", { choice: list.replies[0].choices[0].id });
    const { html } = await publicPage(`/doi-thoai/${SLUG}`);
    expect(html).toContain(SUMMARY.replace("?", ""));
    expect(html).toContain("1 phiếu");
    expectNoPersonalData(html);
    // The coordinator sees where the votes came from.
    const round = await coordinator.page(`/console/dialogue/${SLUG}`);
    expect(round.html).toMatch(/Phiếu bình chọn: <strong>1<\/strong> \(Trang web: 1\)/);
  });

  it("answers a mistyped round address with a page that leads to the list, not with JSON", async () => {
    const res = await app.get("/doi-thoai/doi-thoai-khong-co");
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toContain("text/html");
    const html = await res.text();
    expect(html).toContain("Không tìm thấy đợt đối thoại");
    expect(html).toContain('href="/doi-thoai"');
    const en = await (await app.get("/doi-thoai/Not_A_Slug?lang=en")).text();
    expect(en).toContain("Dialogue round not found");
  });

  it("after the meeting shows the agenda with the approved answer and the conclusions only", async () => {
    await moveTo("2027-04-20T03:00:00Z");
    const labour = await app.db.prisma.department.findFirstOrThrow({ where: { slug: "so-noi-vu" } });
    const pastDue = await coordinator.post(`/console/dialogue/${SLUG}/items/${code}/agenda`, { departmentId: labour.id, dueAt: "2027-04-01" });
    expect(pastDue.status).toBe(400);
    expect(await pastDue.text()).toContain("hạn đã qua");
    expect((await coordinator.post(`/console/dialogue/${SLUG}/items/${code}/agenda`, { departmentId: labour.id, dueAt: "2027-05-15" })).status).toBe(303);
    await answerProposal({ db: app.db, prompts: app.prompts, code, answer: RAW_ANSWER, actor: "canbo@tinh.gov.vn", now: clock.now() });

    await moveTo("2027-05-20T05:00:00Z");
    const before = await publicPage(`/doi-thoai/${SLUG}`);
    expect(before.html).toContain("Chưa có câu trả lời công khai.");
    expectNoPersonalData(before.html);

    expect((await coordinator.post(`/console/dialogue/${SLUG}/items/${code}/public`, { summary: SUMMARY, answer: PUBLIC_ANSWER })).status).toBe(303);
    expect((await coordinator.post(`/console/dialogue/${SLUG}/conclusions`, { conclusions: "Giao Sở Nội vụ phối hợp Tỉnh đoàn tổ chức tập huấn khởi nghiệp." })).status).toBe(303);

    const after = await publicPage(`/doi-thoai/${SLUG}`);
    expect(after.html).toContain(PUBLIC_ANSWER);
    expect(after.html).toContain("Trả lời của Sở Nội vụ");
    expect(after.html).toContain("Giao Sở Nội vụ phối hợp Tỉnh đoàn tổ chức tập huấn khởi nghiệp.");
    expectNoPersonalData(after.html);
    const index = await publicPage("/doi-thoai");
    expect(index.html).toContain(`href="/doi-thoai/${SLUG}"`);
    expect(index.html).toContain("Đã có kết luận");
  });

  it("publishes the rounds as an Atom feed and under /api/v1/rounds, public data only", async () => {
    const feed = await app.get("/doi-thoai/feed.xml");
    expect(feed.headers.get("content-type")).toContain("application/atom+xml");
    const xml = await feed.text();
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="utf-8"\?>\n<feed xmlns="http:\/\/www.w3.org\/2005\/Atom"/);
    expect(xml).toContain(`<title>${FORM.title}</title>`);
    expect(xml).toContain(`/doi-thoai/${SLUG}"/>`);
    expect((xml.match(/<entry>/g) ?? []).length).toBe(1);

    const list = await json(await app.get("/api/v1/rounds"));
    expect(list.items).toHaveLength(1);
    expect(Object.keys(list.items[0]).sort()).toEqual(["answersDue", "collectFrom", "collectUntil", "kind", "meetingAt", "organiser", "slug", "status", "title", "topics", "voteFrom", "voteUntil"]);
    expect(list.items[0]).toMatchObject({ slug: SLUG, kind: "dialogue", status: "concluded", topics: ["Việc làm", "Khởi nghiệp"], meetingAt: "2027-05-20T01:00:00.000Z" });

    const res = await app.get(`/api/v1/rounds/${SLUG}`);
    expect(res.status).toBe(200);
    const round = await json(res);
    expect(round.questions).toEqual([{ summary: SUMMARY, votes: 1, onAgenda: true, department: "Sở Nội vụ", answer: PUBLIC_ANSWER }]);
    expect(round.conclusions).toContain("tập huấn khởi nghiệp");
    expectNoPersonalData(JSON.stringify(round));
    expect((await app.get("/api/v1/rounds/khong-co")).status).toBe(404);
  });
});
