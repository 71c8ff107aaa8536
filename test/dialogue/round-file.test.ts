// The printed conference file and the report, as a coordinator downloads and reads them: a seeded
// round on a stopped clock (five questions, two topics, three on the agenda, one answered on time,
// one late, one not yet due), then the report's figures, the report page, the DOCX (opened with
// mammoth, and its word/document.xml read from the zip) and the XLSX (opened with exceljs). Only
// approved public texts reach the file; the senders' own words never do.
import { inflateRawSync } from "node:zlib";
import ExcelJS from "exceljs";
import mammoth from "mammoth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixedClock } from "../../src/clock.ts";
import { approvePublicText } from "../../src/dialogue/approve-public-text.ts";
import { castVote } from "../../src/dialogue/cast-vote.ts";
import { openRound } from "../../src/dialogue/open-round.ts";
import { putOnAgenda } from "../../src/dialogue/put-on-agenda.ts";
import { roundReport } from "../../src/dialogue/round-report.ts";
import { answerProposal } from "../../src/proposals/change-proposal-status.ts";
import { createProposal } from "../../src/proposals/create-proposal.ts";
import { mergeProposals } from "../../src/proposals/merge-proposals.ts";
import { Prompts } from "../../src/prompts.ts";
import type { StaffActor } from "../../src/staff/staff-scope.ts";
import { addStaff, loggedIn, type ConsoleClient } from "../console/console-client.ts";
import { runApp, type RunningApp } from "../support/app.ts";

const coordinator: StaffActor = { id: "c1", email: "dieuphoi@tinhdoan.gov.vn", name: "Điều phối", role: "coordinator", departmentId: null };
const texts = { prompts: Prompts.load() };
const PLAN = {
  title: "Đối thoại giữa Chủ tịch UBND tỉnh với thanh niên 2027",
  kind: "dialogue",
  collectFrom: "2027-03-01",
  collectUntil: "2027-03-31",
  voteFrom: "2027-04-05",
  voteUntil: "2027-04-15",
  meetingAt: "2027-05-20T08:00",
  answersDue: "2027-06-20",
};
const SLUG = "doi-thoai-giua-chu-tich-ubnd-tinh-voi-thanh-nien-2027";
const SENDER_WORDS = "Em tên Lan ở ấp Phú Hòa, xin hỏi về vay vốn học nghề";
const SUMMARIES = ["Hỗ trợ vay vốn học nghề cho thanh niên nông thôn", "Việc làm cho bộ đội xuất ngũ", "Quỹ hỗ trợ thanh niên khởi nghiệp"];
const PUBLIC_ANSWER = "Thanh niên nông thôn được vay vốn học nghề qua Ngân hàng Chính sách xã hội.";

/** One entry of a zip file (a DOCX is one), as stored: enough to read word/document.xml. */
function zipEntry(zip: Buffer, name: string): string {
  let end = zip.length - 22;
  while (end >= 0 && zip.readUInt32LE(end) !== 0x06054b50) end--;
  let at = zip.readUInt32LE(end + 16);
  for (let i = 0; i < zip.readUInt16LE(end + 10); i++) {
    const method = zip.readUInt16LE(at + 10);
    const size = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const skip = nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    if (zip.toString("utf8", at + 46, at + 46 + nameLength) === name) {
      const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
      const data = zip.subarray(start, start + size);
      return (method === 8 ? inflateRawSync(data) : data).toString("utf8");
    }
    at += 46 + skip;
  }
  throw new Error(`${name} is not in the zip`);
}

describe("a round's printed file and report", () => {
  let app: RunningApp;
  let staff: ConsoleClient;
  let roundId: string;
  let labourName: string;
  const clock = fixedClock("2027-02-20T03:00:00Z");

  beforeAll(async () => {
    app = await runApp({ clock });
    const db = app.db;
    const opened = await openRound({ db, actor: coordinator, input: PLAN, now: clock.now() });
    roundId = opened.id;
    const coord = await db.prisma.department.findFirstOrThrow({ where: { isCoordinator: true } });
    const labour = await db.prisma.department.findFirstOrThrow({ where: { isCoordinator: false } });
    labourName = labour.name;
    const user = async () => (await db.prisma.chatUser.create({ data: {} })).id;
    const ask = async (content: string, topic: string | null) => {
      const userId = await user();
      return db.prisma.$transaction((tx) =>
        createProposal(tx, { kind: "proposal", userId, channel: "web", chatId: "x", content, topic, departmentId: coord.id, roundId, now: new Date("2027-03-10T03:00:00Z") }),
      );
    };
    const q1 = await ask(SENDER_WORDS, "viec-lam");
    const q2 = await ask("Bộ đội xuất ngũ về địa phương tìm việc ở đâu?", "viec-lam");
    const q3 = await ask("Tỉnh có quỹ nào hỗ trợ thanh niên khởi nghiệp không?", "khoi-nghiep");
    await ask("Câu hỏi chưa phân loại về sinh hoạt đoàn ở xã", null);
    const q5 = await ask("Vay vốn học nghề cho thanh niên nông thôn thế nào?", "viec-lam");
    await mergeProposals({ db, actor: coordinator, code: q5.code, intoCode: q1.code, historyNote: "trùng" });
    for (const [i, q] of [q1, q2, q3].entries()) await approvePublicText({ db, actor: coordinator, slug: SLUG, code: q.code, input: { summary: SUMMARIES[i] }, now: clock.now(), texts });

    const voting = new Date("2027-04-10T03:00:00Z");
    const [u1, u2, u3] = [await user(), await user(), await user()];
    for (const [voter, q] of [[u1, q1], [u1, q2], [u2, q1], [u3, q3]] as const) {
      await db.prisma.$transaction((tx) => castVote(tx, { proposalId: q.id, userId: voter, now: voting, source: { channel: "telegram" }, provider: db.provider }));
    }
    const agendaDay = new Date("2027-04-20T03:00:00Z");
    await putOnAgenda({ db, actor: coordinator, slug: SLUG, code: q1.code, input: { departmentId: labour.id, dueAt: "2027-06-10" }, now: agendaDay, texts });
    await putOnAgenda({ db, actor: coordinator, slug: SLUG, code: q2.code, input: { departmentId: labour.id, dueAt: "2027-05-31" }, now: agendaDay, texts });
    await putOnAgenda({ db, actor: coordinator, slug: SLUG, code: q3.code, input: { departmentId: coord.id, dueAt: "2027-06-30" }, now: agendaDay, texts });
    // q1 answered on time (76 days after it was received), q2 late (87 days), q3 not yet due.
    await answerProposal({ db, prompts: texts.prompts, code: q1.code, answer: "Có. Chị Lan gọi 0912 345 678 để được hướng dẫn.", actor: "canbo@so.gov.vn", now: new Date("2027-05-25T03:00:00Z") });
    await answerProposal({ db, prompts: texts.prompts, code: q2.code, answer: "Liên hệ Trung tâm Dịch vụ việc làm.", actor: "canbo@so.gov.vn", now: new Date("2027-06-05T03:00:00Z") });
    await approvePublicText({ db, actor: coordinator, slug: SLUG, code: q1.code, input: { summary: SUMMARIES[0], answer: PUBLIC_ANSWER }, now: clock.now(), texts });
    clock.set("2027-06-15T03:00:00Z");

    await addStaff(app, "dieuphoi@tinhdoan.gov.vn", "coordinator");
    staff = await loggedIn(app, "dieuphoi@tinhdoan.gov.vn");
  });
  afterAll(async () => {
    await app.stop();
  });

  it("counts questions by topic, the share answered on time, the average days to answer and the votes", async () => {
    const report = await roundReport(app.db, roundId, clock.now());
    expect(report).toMatchObject({ questions: 5, onAgenda: 3, answered: 2, answeredOnTime: 1, decided: 2, onTimeShare: 0.5, averageDaysToAnswer: 81.5, votes: 4, voters: 3 });
    expect(report.byTopic).toEqual([
      { topic: "viec-lam", questions: 3, onAgenda: 2 },
      { topic: "khoi-nghiep", questions: 1, onAgenda: 1 },
      { topic: "", questions: 1, onAgenda: 0 },
    ]);
    // Once q3's deadline passes unanswered, it counts against the on-time share.
    expect((await roundReport(app.db, roundId, new Date("2027-07-02T00:00:00Z"))).onTimeShare).toBeCloseTo(1 / 3);
  });

  it("shows the report in the console, topics by name", async () => {
    const { res, html } = await staff.page(`/console/dialogue/${SLUG}/report`);
    expect(res.status).toBe(200);
    expect(html).toMatch(/Tỷ lệ trả lời đúng hạn<\/th><td>50% \(1\/2 câu/);
    expect(html).toMatch(/Số ngày trả lời trung bình \(từ ngày nhận câu hỏi\)<\/th><td>81,5</);
    expect(html).toMatch(/Số phiếu bình chọn<\/th><td>4</);
    expect(html).toMatch(/<td data-label="Chủ đề">Việc làm<\/td><td data-label="Câu hỏi nhận được">3<\/td><td data-label="Đưa vào chương trình">2<\/td>/);
    expect(html).toContain("Chưa phân loại");
    expect((await staff.page(`/console/dialogue/${SLUG}`)).html).toContain(`/console/dialogue/${SLUG}/file.docx`);
  });

  it("downloads the DOCX: title, agenda with votes, departments and dates, the approved answer, the report; never the senders' words", async () => {
    const res = await staff.fetch(`/console/dialogue/${SLUG}/file.docx`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("wordprocessingml.document");
    expect(res.headers.get("content-disposition")).toBe(`attachment; filename="${SLUG}-2027-06-15.docx"`);
    const docx = Buffer.from(await res.arrayBuffer());
    const { value: text } = await mammoth.extractRawText({ buffer: docx });
    expect(text).toContain(PLAN.title);
    expect(text).toContain("Thời gian hội nghị: 08:00 20/05/2027");
    expect(text).toContain("Chương trình hội nghị: các câu hỏi được chọn");
    // The agenda, most votes first: q1 (2 votes), then q2 and q3 (1 each) in the order sent.
    const order = SUMMARIES.map((s) => text.indexOf(s));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect(order[0]).toBeLessThan(order[1]!);
    expect(order[1]).toBeLessThan(order[2]!);
    expect(text).toContain(`Câu 1. ${SUMMARIES[0]}`);
    expect(text).toContain(`Trả lời của ${labourName} (ngày 25/05/2027):`);
    expect(text).toContain(PUBLIC_ANSWER);
    expect(text).toContain("Chưa có câu trả lời công khai."); // q2 answered, its public answer not approved
    expect(text).toContain("10/06/2027");
    expect(text).toContain("Tỷ lệ trả lời đúng hạn: 50% (1/2");
    expect(text).toContain("Số phiếu bình chọn: 4");
    expect(text).toContain("Khởi nghiệp");
    expect(text).not.toContain("Phú Hòa");
    expect(text).not.toContain("0912 345 678");
    const xml = zipEntry(docx, "word/document.xml");
    expect(xml).toContain("<w:tbl>");
    expect(xml).toContain(`<w:t xml:space="preserve">${SUMMARIES[1]}</w:t>`);
  });

  it("downloads the XLSX: the agenda sheet and the report sheet, with Vietnamese headings", async () => {
    const res = await staff.fetch(`/console/dialogue/${SLUG}/file.xlsx`);
    expect(res.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await res.arrayBuffer()) as ArrayBuffer);
    expect(book.worksheets.map((s) => s.name)).toEqual(["Chương trình", "Báo cáo"]);
    const agenda = book.getWorksheet("Chương trình")!;
    const row = (n: number) => (agenda.getRow(n).values as unknown[]).slice(1).map((v) => (v === undefined ? "" : String(v)));
    expect(row(1)).toEqual(["STT", "Câu hỏi", "Số phiếu", "Đơn vị trả lời", "Hạn trả lời", "Ngày trả lời", "Đúng hạn", "Câu trả lời công khai"]);
    expect(row(2)).toEqual(["1", SUMMARIES[0], "2", labourName, "10/06/2027", "25/05/2027", "Có", PUBLIC_ANSWER]);
    expect(row(3).slice(0, 7)).toEqual(["2", SUMMARIES[1], "1", labourName, "31/05/2027", "05/06/2027", "Không"]);
    expect(row(4)[5]).toBe("");
    expect(agenda.rowCount).toBe(4);
    const report = book.getWorksheet("Báo cáo")!;
    const cells = new Map<string, string>();
    report.eachRow((r) => {
      const [label, value] = (r.values as unknown[]).slice(1).map(String);
      if (label) cells.set(label, value ?? "");
    });
    expect(cells.get("Số câu hỏi nhận được")).toBe("5");
    expect(cells.get("Tỷ lệ trả lời đúng hạn")).toMatch(/^50% \(1\/2/);
    expect(cells.get("Số ngày trả lời trung bình (từ ngày nhận câu hỏi)")).toBe("81,5");
    expect(cells.get("Số phiếu bình chọn")).toBe("4");
    expect(cells.get("Việc làm")).toBe("3");
    for (const [label, value] of cells) expect(`${label} ${value}`).not.toContain("Phú Hòa");
  });
});
