// The console on PostgreSQL: the queries behind every page (queue filters and search, grouping,
// distinct lists, sessions, export, audit log) run there as they do on SQLite.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runApp, type RunningApp } from "../support/app.ts";
import { POSTGRES_URL } from "../support/env.ts";
import { addStaff, fileProposal, loggedIn, type ConsoleClient } from "./console-client.ts";

describe.skipIf(!POSTGRES_URL)("the console on PostgreSQL (skipped: TEST_POSTGRES_URL not set)", () => {
  let app: RunningApp;
  let admin: ConsoleClient;
  let code: string;

  beforeAll(async () => {
    app = await runApp({ provider: "postgresql" });
    await addStaff(app, "pg-admin@tinh.gov.vn", "admin");
    admin = await loggedIn(app, "pg-admin@tinh.gov.vn");
    code = await fileProposal(app, "web-pg", "Đề nghị mở thêm lớp học nghề miễn phí cho thanh niên nông thôn", "0912 345 678");
    await app.chat("web-pg", "giá vé xe buýt đi sân bay bao nhiêu");
  });
  afterAll(async () => {
    await app?.stop();
  });

  it("renders every page", async () => {
    for (const page of [
      `/console/queue?q=${code}&status=open&kind=proposal&channel=web&overdue=&from=2020-01-01&to=2099-12-31`,
      `/console/items/${code}`,
      "/console/knowledge?q=luat",
      "/console/try?q=thanh+nien+bao+nhieu+tuoi",
      "/console/unanswered",
      "/console/dashboard",
      "/console/settings",
      "/console/audit?action=auth.",
    ]) {
      const { res } = await admin.page(page);
      expect(res.status, page).toBe(200);
    }
    expect((await admin.page(`/console/queue?q=${code}`)).html).toContain(`/console/items/${code}`);
  });

  it("answers, notes, exports", async () => {
    expect((await admin.post(`/console/items/${code}/note`, { text: "Ghi chú" })).status).toBe(303);
    expect((await admin.post(`/console/items/${code}/answer`, { answer: "Sở sẽ mở lớp vào tháng 6." })).status).toBe(303);
    const inbox = await app.web("web-pg").inbox();
    expect(inbox.map((m) => m.text).join("\n")).toContain("Sở sẽ mở lớp vào tháng 6.");
    const csv = await (await admin.fetch("/console/export.csv")).text();
    expect(csv).toContain(code);
    expect(csv).toContain("0912345678");
  });
});
