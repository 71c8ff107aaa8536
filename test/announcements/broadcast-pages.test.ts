// Broadcasts and polls from the console, as a coordinator lives them: a poll with one option or a
// segment naming no commune is refused with a Vietnamese sentence and the text kept; the dry run
// shows the count, and the confirmed send reaches exactly that many (a count that changed meanwhile
// is shown again, nothing sent); pausing stops new messages going into the outbox and resuming goes
// on; the page shows each recipient by pseudonym with their status; a poll's results are a chart,
// a table and CSV/XLSX files with Vietnamese headers, and closing it refuses later answers. The API
// gives the same counts and results to a coordinator's token. Department staff are kept out.
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pumpBroadcasts } from "../../src/announcements/pump-broadcasts.ts";
import { fixedClock } from "../../src/clock.ts";
import { createApiToken } from "../../src/staff/create-api-token.ts";
import { addStaff, loggedIn, type ConsoleClient } from "../console/console-client.ts";
import { json, runApp, type RunningApp } from "../support/app.ts";

const ANNOUNCEMENT = "Ngày hội việc làm thanh niên sáng thứ Bảy 20/03 tại Nhà văn hóa thanh niên.";
const POLL = "Bạn muốn Tỉnh đoàn mở lớp kỹ năng nào trong hè này?";

describe("broadcasts and polls in the console and the API", () => {
  let app: RunningApp;
  let coordinator: ConsoleClient;
  const clock = fixedClock("2027-03-15T03:00:00Z"); // Monday 10:00 in Vietnam: outside quiet hours
  const texts = () => ({ prompts: app.prompts, publicBaseUrl: "https://tro-ly.example.vn" });
  /** The pump, turned by hand: `window` messages per channel in the outbox at most. */
  const pump = (web: number) => pumpBroadcasts(app.db, { now: clock.now(), texts: texts(), window: { web } });
  const people: string[] = [];

  const subscribe = async (label: string, area: string) => {
    await app.chat(label, "/dangky");
    await app.chat(label, "1"); // việc làm
    await app.chat(label, area);
    await app.chat(label, "2"); // weekly: no opportunity notices in the way
    await app.chat(label, "Đồng ý");
    await app.web(label).inbox();
  };

  /** Posts a form with repeated fields (checkboxes), as a browser does. */
  const postForm = (path: string, fields: [string, string][]) => {
    const body = new URLSearchParams([["_csrf", coordinator.csrf], ...fields]);
    return coordinator.fetch(path, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", accept: "text/html" }, body });
  };
  const compose = (over: { kind?: string; text?: string; options?: string[]; area?: string; kinds?: string[]; expected?: number } = {}): [string, string][] => [
    ["kind", over.kind ?? "announcement"],
    ["text", over.text ?? ANNOUNCEMENT],
    ...(over.options ?? []).map((o, i): [string, string] => [`option${i + 1}`, o]),
    ...(over.kinds ?? ["job"]).map((k): [string, string] => ["kinds", k]),
    ["area", over.area ?? "Rạch Giá"],
    ...(over.expected === undefined ? [] : [["expected", String(over.expected)] as [string, string]]),
  ];
  const idFrom = (res: Response) => /\/console\/broadcasts\/([a-z0-9]+)\?ok=broadcastSent$/.exec(res.headers.get("location") ?? "")?.[1] ?? "";
  const outboxOf = async (id: string) => {
    const rows = await app.db.prisma.broadcastRecipient.findMany({ where: { broadcastId: id, outboxId: { not: null } }, select: { outboxId: true } });
    return app.db.prisma.outboxMessage.findMany({ where: { id: { in: rows.map((r) => r.outboxId!) } } });
  };

  beforeAll(async () => {
    app = await runApp({ clock });
    // The service's own pump runs on a timer; here the test turns it, so it holds the pump's lease.
    await app.db.prisma.jobLease.upsert({
      where: { name: "broadcasts" },
      create: { name: "broadcasts", owner: "test", until: new Date("2100-01-01T00:00:00Z") },
      update: { owner: "test", until: new Date("2100-01-01T00:00:00Z") },
    });
    await addStaff(app, "dieuphoi@tinhdoan.gov.vn", "coordinator");
    await addStaff(app, "canbo@snv.gov.vn", "department", "Sở Nội vụ");
    coordinator = await loggedIn(app, "dieuphoi@tinhdoan.gov.vn");
    for (let i = 0; i < 5; i++) {
      people.push(`web-rg${i}`);
      await subscribe(`web-rg${i}`, "Phường Rạch Giá");
    }
    await subscribe("web-hd", "Xã Hòn Đất");
  });
  afterAll(async () => {
    await app.stop();
  });

  it("keeps department staff out and shows coordinators the page in the menu", async () => {
    const department = await loggedIn(app, "canbo@snv.gov.vn");
    expect((await department.page("/console/broadcasts")).res.status).toBe(403);
    expect((await department.page("/console/queue")).html).not.toContain('href="/console/broadcasts"');
    const list = await coordinator.page("/console/broadcasts");
    expect(list.res.status).toBe(200);
    expect(list.html).toContain('href="/console/broadcasts" aria-current="page">Thông báo');
    expect(list.html).toContain("Chưa gửi thông báo hay khảo sát nào");
  });

  it("refuses a poll with one option and a segment that names no commune, with the text kept and nothing saved", async () => {
    const oneOption = await postForm("/console/broadcasts/count", compose({ kind: "poll", text: POLL, options: ["Tin học"] }));
    expect(oneOption.status).toBe(400);
    const html = await oneOption.text();
    expect(html).toContain("Khảo sát cần từ 2 đến 5 phương án");
    expect(html).toContain(POLL);
    expect(html).toContain('value="Tin học"');
    expect(html).not.toContain("Sẽ gửi tới");

    const badArea = await postForm("/console/broadcasts", compose({ area: "12345", expected: 5 }));
    expect(badArea.status).toBe(400);
    expect(await badArea.text()).toContain("Địa bàn: “12345” không giống tên một xã, phường");
    const badKind = await postForm("/console/broadcasts/count", compose({ kinds: ["bida"] }));
    expect(badKind.status).toBe(400);
    expect(await badKind.text()).toContain("Nhóm người nhận chưa hợp lệ");
    const nobody = await postForm("/console/broadcasts/count", compose({ area: "Phường Vĩnh Thanh" }));
    const nobodyHtml = await nobody.text();
    expect(nobodyHtml).toContain("Chưa có ai trong nhóm này đăng ký nhận tin");
    expect(nobodyHtml).not.toContain('name="expected"');
    expect(await app.db.prisma.broadcast.count()).toBe(0);
  });

  it("sends to exactly as many as the dry run counted, and asks again when the count changed meanwhile", async () => {
    const dry = await postForm("/console/broadcasts/count", compose());
    expect(dry.status).toBe(200);
    const html = await dry.text();
    const counted = Number(/data-recipients="(\d+)"/.exec(html)?.[1]);
    expect(counted).toBe(5); // the five in Rạch Giá; Hòn Đất is another commune
    expect(html).toContain("Sẽ gửi tới");
    expect(html).toContain('name="expected" value="5"');
    expect(await app.db.prisma.broadcast.count()).toBe(0); // a dry run sends nothing

    // Someone subscribes between the dry run and the confirmation: shown the new count, nothing sent.
    people.push("web-rg5");
    await subscribe("web-rg5", "Rạch Giá");
    const stale = await postForm("/console/broadcasts", compose({ expected: 5 }));
    expect(stale.status).toBe(409);
    expect(await stale.text()).toContain("Số người nhận đã thay đổi từ 5 thành 6");
    expect(await app.db.prisma.broadcast.count()).toBe(0);

    const sent = await postForm("/console/broadcasts", compose({ expected: 6 }));
    expect(sent.status).toBe(303);
    const id = idFrom(sent);
    expect(id).not.toBe("");
    for (let i = 0; i < 3; i++) await pump(100);
    expect(await outboxOf(id)).toHaveLength(6);
    for (const person of people) expect((await app.web(person).inbox()).map((m) => m.text).join("\n"), person).toContain(ANNOUNCEMENT);
    expect((await app.web("web-hd").inbox()).length).toBe(0);

    const page = await coordinator.page(`/console/broadcasts/${id}`);
    expect(page.html).toContain("Đã gửi xong");
    expect(page.html).toContain("6 / 6");
    expect(page.html.match(/Người dùng #[0-9a-f]{8}/g)).toHaveLength(6);
    expect(page.html).not.toMatch(/web-rg|chatId/);
    const list = await coordinator.page("/console/broadcasts");
    expect(list.html).toContain("6 / 6");
  });

  it("pauses (no new outbox rows), resumes (the rest go), and shows each recipient's status", async () => {
    const poll = compose({ kind: "poll", text: POLL, options: ["Tin học", "Ngoại ngữ", "Kỹ năng mềm"], expected: 6 });
    const sent = await postForm("/console/broadcasts", poll);
    expect(sent.status).toBe(303);
    const id = idFrom(sent);
    await pump(2);
    expect(await outboxOf(id)).toHaveLength(2);
    const live = await coordinator.page(`/console/broadcasts/${id}`);
    expect(live.html).toContain('hx-trigger="every 5s"');
    expect(live.html).toContain("Tạm dừng gửi");

    expect((await coordinator.post(`/console/broadcasts/${id}/pause`)).headers.get("location")).toBe(`/console/broadcasts/${id}?ok=broadcastPaused`);
    // The two already in the outbox are delivered; the pump adds nothing while paused.
    for (const person of people) await app.web(person).inbox();
    for (let i = 0; i < 3; i++) await pump(100);
    expect(await outboxOf(id)).toHaveLength(2);
    const paused = await coordinator.page(`/console/broadcasts/${id}`);
    expect(paused.html).toContain("Tạm dừng");
    expect(paused.html).toContain("Tiếp tục gửi");
    expect(paused.html).toMatch(/data-count="waiting">4</);
    expect(paused.html).toMatch(/data-count="sent">2</);
    // The progress box polled with the status the page had: told to reload.
    const fragment = await coordinator.fetch(`/console/broadcasts/${id}/progress?was=sending`, { headers: { accept: "text/html" } });
    expect(fragment.headers.get("hx-refresh")).toBe("true");
    // Pausing twice (another coordinator was quicker): a flash, not an error page.
    expect((await coordinator.post(`/console/broadcasts/${id}/pause`)).headers.get("location")).toBe(`/console/broadcasts/${id}?err=broadcastState`);

    // One message fails on the platform; resuming sends the rest.
    const [first] = await outboxOf(id);
    await app.db.prisma.outboxMessage.update({ where: { id: first!.id }, data: { status: "failed", lastError: "blocked" } });
    expect((await coordinator.post(`/console/broadcasts/${id}/resume`)).headers.get("location")).toBe(`/console/broadcasts/${id}?ok=broadcastResumed`);
    for (let i = 0; i < 3; i++) await pump(100);
    expect(await outboxOf(id)).toHaveLength(6);
    const done = await coordinator.page(`/console/broadcasts/${id}`);
    expect(done.html).toMatch(/data-count="pending">4</);
    expect(done.html).toMatch(/data-count="failed">1</);
    const failedOnly = await coordinator.page(`/console/broadcasts/${id}?status=failed`);
    expect(failedOnly.html.match(/Người dùng #[0-9a-f]{8}/g)).toHaveLength(1);
    expect(failedOnly.html).toContain("Gửi không thành công");
    const audit = await app.db.prisma.auditLog.findMany({ where: { target: id }, orderBy: { id: "asc" } });
    expect(audit.map((a) => a.action)).toEqual(["broadcast.send", "broadcast.pause", "broadcast.resume"]);
  });

  it("shows a poll's results as a chart and a table, exports them with Vietnamese headers, and closes the poll", async () => {
    const poll = (await app.db.prisma.broadcast.findFirstOrThrow({ where: { kind: "poll" } })).id;
    const answers: [string, number][] = [["web-rg1", 2], ["web-rg2", 2], ["web-rg3", 3]];
    // Each taps an option's button under the poll (its choice id is poll:<id>:<n>).
    const options = ["Tin học", "Ngoại ngữ", "Kỹ năng mềm"];
    for (const [person, option] of answers) {
      expect((await app.chat(person, options[option - 1]!, { choice: `poll:${poll}:${option}` })).replies[0].text).toContain("Đã ghi nhận câu trả lời của bạn");
    }
    const page = await coordinator.page(`/console/broadcasts/${poll}`);
    const data = JSON.parse(/<script type="application\/json" id="dashboard-data">([^<]*)<\/script>/.exec(page.html)![1]!);
    expect(data.results.labels).toEqual(["Tin học", "Ngoại ngữ", "Kỹ năng mềm"]);
    expect(data.results.series[0].data).toEqual([0, 2, 1]);
    expect(page.html).toContain('data-chart="results"');
    expect(page.html).toContain("/console/assets/chart.umd.min.js");
    expect(page.html).toContain("<strong>3</strong> người trả lời / 6 người được hỏi");

    const csv = await coordinator.fetch(`/console/broadcasts/${poll}/results.csv`);
    expect(csv.headers.get("content-disposition")).toMatch(/attachment; filename="khao-sat-2027-03-15-.+\.csv"/);
    const lines = (await csv.text()).replace(/^\uFEFF/, "").trim().split("\r\n");
    expect(lines[0]).toBe('"STT","Phương án","Số người chọn","Tỷ lệ (%)"');
    expect(lines.slice(1, 4)).toEqual(['1,"Tin học",0,0', '2,"Ngoại ngữ",2,66.7', '3,"Kỹ năng mềm",1,33.3']);
    expect(lines[4]).toBe('"","Tổng số câu trả lời",3,100');
    expect(lines[5]).toBe('"","Số người được hỏi",6,""');

    const xlsx = await coordinator.fetch(`/console/broadcasts/${poll}/results.xlsx`);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as never);
    const sheet = book.getWorksheet("Kết quả khảo sát")!;
    expect(sheet.getCell("A1").value).toBe(POLL);
    expect(sheet.getRow(3).values).toEqual([undefined, "STT", "Phương án", "Số người chọn", "Tỷ lệ (%)"]);
    expect(sheet.getRow(5).values).toEqual([undefined, 2, "Ngoại ngữ", 2, 66.7]);

    expect((await coordinator.post(`/console/broadcasts/${poll}/close`)).headers.get("location")).toBe(`/console/broadcasts/${poll}?ok=pollClosed`);
    expect((await app.chat("web-rg4", "Tin học", { choice: `poll:${poll}:1` })).replies[0].text).toContain("Khảo sát này đã kết thúc");
    const closed = await coordinator.page(`/console/broadcasts/${poll}`);
    expect(closed.html).toContain("Đã đóng lúc");
    expect(closed.html).not.toContain("/close");
    expect(closed.html).toContain("<strong>3</strong> người trả lời");
    expect((await coordinator.post(`/console/broadcasts/${poll}/close`)).headers.get("location")).toBe(`/console/broadcasts/${poll}?err=pollAlreadyClosed`);
    expect((await app.db.prisma.auditLog.findMany({ where: { target: poll, action: "broadcast.close" } })).length).toBe(1);
  });

  it("gives a coordinator's token the counts and results, and keeps department tokens and strangers out", async () => {
    const token = async (email: string) => {
      const staff = await app.db.prisma.staffUser.findUniqueOrThrow({ where: { email } });
      return (await createApiToken({ db: app.db, staffId: staff.id, name: "test", actor: "test" })).token;
    };
    const get = (path: string, bearer?: string) => fetch(app.url + path, { headers: bearer ? { authorization: `Bearer ${bearer}` } : {} });
    const poll = (await app.db.prisma.broadcast.findFirstOrThrow({ where: { kind: "poll" } })).id;
    const coordinatorToken = await token("dieuphoi@tinhdoan.gov.vn");

    const res = await get(`/api/v1/broadcasts/${poll}`, coordinatorToken);
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body).toMatchObject({
      id: poll,
      kind: "poll",
      status: "sent",
      text: POLL,
      // Typed "Rạch Giá"; stored under the name subscribers chose for that place (known-places.ts).
      segment: { kinds: ["job"], area: "Phường Rạch Giá", ageBands: [], channels: [] },
      counts: { total: 6, failed: 1, waiting: 0 },
      poll: { answered: 3, asked: 6, closed: true, options: [{ option: 1, label: "Tin học", count: 0 }, { option: 2, label: "Ngoại ngữ", count: 2 }, { option: 3, label: "Kỹ năng mềm", count: 1 }] },
    });
    expect(JSON.stringify(body)).not.toMatch(/userId|chatId|web-rg/);
    const announcement = (await app.db.prisma.broadcast.findFirstOrThrow({ where: { kind: "announcement" } })).id;
    expect((await json(await get(`/api/v1/broadcasts/${announcement}`, coordinatorToken))).poll).toBeNull();

    expect((await get(`/api/v1/broadcasts/${poll}`)).status).toBe(401);
    expect((await get(`/api/v1/broadcasts/${poll}`, await token("canbo@snv.gov.vn"))).status).toBe(403);
    expect((await get("/api/v1/broadcasts/khongcotinnaydau", coordinatorToken)).status).toBe(404);
    expect((await get("/api/v1/broadcasts/a%20b", coordinatorToken)).status).toBe(400);
    const openapi = await json(await get("/api/v1/openapi.json"));
    expect(openapi.paths["/api/v1/broadcasts/{id}"].get.responses["200"].content["application/json"].schema).toEqual({ $ref: "#/components/schemas/Broadcast" });
  });
});
