// Opening an item whose author consented to be contacted shows their contact, and that view is
// audit-logged once per staff session and item: reloading the page, or the service restarting,
// adds no line; another session (signing in again) or another item does. The audit page reads the
// line as a sentence, not as an action code and JSON.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runApp, type RunningApp } from "../support/app.ts";
import { tempDir } from "../support/env.ts";
import { addStaff, ConsoleClient, fileProposal, loggedIn } from "./console-client.ts";

describe("views of personal data in the audit log", () => {
  const data = tempDir();
  let app: RunningApp;
  let first: string;
  let second: string;

  const views = (target: string) => app.db.prisma.auditLog.count({ where: { action: "personal_data.view", target, actor: "dieuphoi@tinh.gov.vn" } });

  beforeAll(async () => {
    app = await runApp({ dataDir: data.path });
    await addStaff(app, "dieuphoi@tinh.gov.vn", "coordinator");
    await addStaff(app, "quantri@tinh.gov.vn", "admin");
    first = await fileProposal(app, "web-contact-1", "Đề nghị mở thêm lớp học nghề miễn phí cho thanh niên nông thôn ở xã em", "0912 345 678");
    second = await fileProposal(app, "web-contact-2", "Đề nghị tổ chức thêm phiên giao dịch việc làm cho thanh niên ở huyện", "lan@example.com");
  });
  afterAll(async () => {
    await app?.stop();
    data.remove();
  });

  it("logs one view per session and item, across reloads and a restart", async () => {
    const coordinator = await loggedIn(app, "dieuphoi@tinh.gov.vn");
    for (let i = 0; i < 3; i++) expect((await coordinator.page(`/console/items/${first}`)).html).toContain("0912345678");
    expect(await views(first)).toBe(1);

    await coordinator.page(`/console/items/${second}`);
    expect(await views(second)).toBe(1);

    // Same session cookie after a restart: the audit table remembers the view.
    await app.stop({ keepData: true });
    app = await runApp({ dataDir: data.path });
    const again = new ConsoleClient(app.url);
    for (const [name, value] of coordinator.cookies) again.cookies.set(name, value);
    expect((await again.page(`/console/items/${first}`)).html).toContain("0912345678");
    expect(await views(first)).toBe(1);

    // A new sign-in is a new session: its first view is a new line.
    const newSession = await loggedIn(app, "dieuphoi@tinh.gov.vn");
    await newSession.page(`/console/items/${first}`);
    await newSession.page(`/console/items/${first}`);
    expect(await views(first)).toBe(2);
  });

  it("reads the view as a sentence on the audit page", async () => {
    const admin = await loggedIn(app, "quantri@tinh.gov.vn");
    const { html } = await admin.page("/console/audit?action=personal_data.view");
    expect(html).toContain(`dieuphoi xem dữ liệu cá nhân (thông tin liên hệ) của người gửi kiến nghị <a href="/console/items/${first}">${first}</a>`);
    const table = html.slice(html.indexOf("<table"));
    expect(table).not.toContain("personal_data.view");
    expect(table).not.toContain("{&quot;");
    expect(table).not.toContain('{"');
  });
});
