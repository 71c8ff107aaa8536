// Keeping the knowledge base current from the console: upload (and a refused file with its
// reason), "try a question", editing Markdown, marking as expired, deleting — each live at once
// and audit-logged — and turning what the bot could not answer into a new FAQ entry.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runApp, type RunningApp } from "../support/app.ts";
import { addStaff, loggedIn, type ConsoleClient } from "./console-client.ts";

const GUIDE = `---
title: Hướng dẫn mượn sân Nhà văn hóa Thanh niên tỉnh
kind: guide
status: in_force
topics: [doan-thanh-nien]
---

## Mượn sân bóng rổ ở Nhà văn hóa Thanh niên
Đoàn viên mượn sân bóng rổ ở Nhà văn hóa Thanh niên tỉnh bằng thẻ hội viên, đăng ký trước hai ngày tại quầy lễ tân. Sân mở cửa từ 6 giờ đến 21 giờ.
`;

async function upload(client: ConsoleClient, name: string, body: string | Uint8Array, csrf = client.csrf): Promise<Response> {
  const form = new FormData();
  form.set("_csrf", csrf);
  form.set("file", new Blob([body]), name);
  return client.fetch("/console/knowledge/upload", { method: "POST", body: form, headers: { accept: "text/html" } });
}

describe("knowledge pages", () => {
  let app: RunningApp;
  let admin: ConsoleClient;
  let staff: ConsoleClient;
  let documentId: string;

  beforeAll(async () => {
    app = await runApp({ env: { UPLOAD_MAX_BYTES: "20000" } });
    await addStaff(app, "kb-admin@tinh.gov.vn", "admin");
    await addStaff(app, "kb-staff@tinh.gov.vn", "department", "so-noi-vu");
    admin = await loggedIn(app, "kb-admin@tinh.gov.vn");
    staff = await loggedIn(app, "kb-staff@tinh.gov.vn");
  });
  afterAll(async () => {
    await app.stop();
  });

  it("uploads a Markdown document that answers at once, and audits it", async () => {
    await admin.page("/console/knowledge");
    const res = await upload(admin, "Hướng dẫn mượn sân (2026).md", GUIDE);
    expect(res.status).toBe(303);
    const location = res.headers.get("location")!;
    expect(location).toMatch(/^\/console\/knowledge\/[\w-]+\?ok=uploaded$/);
    documentId = location.split("/")[3]!.split("?")[0]!;
    const doc = await app.db.prisma.document.findUniqueOrThrow({ where: { id: documentId } });
    expect(doc).toMatchObject({ sourcePath: "upload/huong-dan-muon-san-2026.md", updatedBy: "kb-admin@tinh.gov.vn", status: "in_force" });
    const tried = await admin.page(`/console/try?q=${encodeURIComponent("mượn sân bóng rổ nhà văn hóa thanh niên thế nào")}`);
    expect(tried.html).toContain("Hướng dẫn mượn sân Nhà văn hóa Thanh niên tỉnh");
    expect(tried.html).toContain("thẻ hội viên");
    expect(tried.html).toMatch(/điểm \d/);
    const reply = await app.chat("web-kb", "muon san bong ro o nha van hoa thanh nien the nao");
    expect(reply.kind).toBe("answer");
    expect(reply.replies[0].text).toContain("thẻ hội viên");
    expect(await app.db.prisma.auditLog.count({ where: { action: "document.upload", actor: "kb-admin@tinh.gov.vn" } })).toBe(1);
    // Found in the list whatever the case and diacritics of the search.
    for (const q of ["nhà văn hóa", "NHA VAN HOA", "muon san"]) {
      expect((await admin.page(`/console/knowledge?q=${encodeURIComponent(q)}`)).html, q).toContain(`/console/knowledge/${documentId}`);
    }
    expect((await admin.page("/console/knowledge?q=bong+da")).html).not.toContain(`/console/knowledge/${documentId}`);
  });

  it("shows why a file was refused, and refuses files over UPLOAD_MAX_BYTES", async () => {
    const fake = await upload(admin, "quy-che.pdf", "đây không phải PDF");
    expect(fake.status).toBe(400);
    const html = await fake.text();
    expect(html).toContain("Không đọc được tệp");
    expect(html).toContain("not a PDF");
    const big = await upload(admin, "lon.txt", "a".repeat(30_000));
    expect(big.status).toBe(413);
    expect(await big.text()).toContain("lớn hơn giới hạn");
    const noToken = await upload(admin, "x.md", GUIDE, "");
    expect(noToken.status).toBe(403);
  });

  it("lets only administrators change the knowledge base", async () => {
    const list = await staff.page("/console/knowledge");
    expect(list.res.status).toBe(200);
    expect(list.html).not.toContain("Tải tài liệu lên");
    expect((await upload(staff, "x.md", GUIDE)).status).toBe(403);
    expect((await staff.post(`/console/knowledge/${documentId}/delete`)).status).toBe(403);
    expect((await staff.page("/console/try?q=bao+nhieu+tuoi")).res.status).toBe(200);
  });

  it("edits Markdown (refusing broken front matter with the reason) and the change is live", async () => {
    const page = await admin.page(`/console/knowledge/${documentId}`);
    expect(page.html).toContain("title: Hướng dẫn mượn sân Nhà văn hóa Thanh niên tỉnh");
    const broken = await admin.post(`/console/knowledge/${documentId}`, { markdown: GUIDE.replace("status: in_force", "status: sap-het-han") });
    expect(broken.status).toBe(400);
    expect(await broken.text()).toContain("front matter field");
    const saved = await admin.post(`/console/knowledge/${documentId}`, { markdown: GUIDE.replace("21 giờ", "22 giờ 30") });
    expect(saved.headers.get("location")).toBe(`/console/knowledge/${documentId}?ok=saved`);
    const tried = await admin.page(`/console/try?q=${encodeURIComponent("nhà văn hóa thanh niên mở cửa sân bóng rổ đến mấy giờ")}`);
    expect(tried.html).toContain("22 giờ 30");
    expect(await app.db.prisma.auditLog.count({ where: { action: "document.update" } })).toBe(1);
  });

  it("marks a document as expired: answers then warn it is no longer in force", async () => {
    const res = await admin.post(`/console/knowledge/${documentId}/expire`, { replacedBy: "Quy định mới của Nhà văn hóa" });
    expect(res.headers.get("location")).toBe(`/console/knowledge/${documentId}?ok=expired`);
    expect((await app.db.prisma.document.findUniqueOrThrow({ where: { id: documentId } })).status).toBe("replaced");
    const tried = await admin.page(`/console/try?q=${encodeURIComponent("mượn sân bóng rổ nhà văn hóa thanh niên thế nào")}`);
    expect(tried.html).toContain("Quy định mới của Nhà văn hóa");
  });

  it("deletes a document, and the bot no longer finds it", async () => {
    const res = await admin.post(`/console/knowledge/${documentId}/delete`);
    expect(res.headers.get("location")).toBe("/console/knowledge?ok=deleted");
    expect(await app.db.prisma.document.findUnique({ where: { id: documentId } })).toBeNull();
    const tried = await admin.page(`/console/try?q=${encodeURIComponent("mượn sân bóng rổ nhà văn hóa thanh niên thế nào")}`);
    expect(tried.html).not.toContain("thẻ hội viên");
    expect(await app.db.prisma.auditLog.count({ where: { action: "document.delete", actor: "kb-admin@tinh.gov.vn" } })).toBe(1);
  });

  it("groups what the bot could not answer, and turns a staff answer into an FAQ entry", async () => {
    for (const [user, text] of [
      ["web-fb-1", "thủ tục đăng ký nuôi chim yến trong nhà phố như thế nào"],
      ["web-fb-2", "thu tuc dang ky nuoi chim yen trong nha pho nhu the nao vay"],
      ["web-fb-3", "giá vé xe buýt tuyến sân bay bao nhiêu"],
    ]) expect((await app.chat(user!, text!)).kind).toBe("fallback");
    const page = await admin.page("/console/unanswered");
    expect(page.res.status).toBe(200);
    expect(page.html).toContain("nuôi chim yến");
    expect(page.html).toMatch(/<strong>2<\/strong>/);
    expect((await staff.page("/console/unanswered")).res.status).toBe(403);

    const asked = await app.chat("web-fb-1", "/lienhe thủ tục đăng ký nuôi chim yến trong nhà phố như thế nào");
    const code = asked.proposal.code as string;
    expect(code).toMatch(/^CH-/);
    await admin.post(`/console/items/${code}/answer`, { answer: "Nuôi chim yến trong nhà phố cần đăng ký với Ủy ban nhân dân xã theo Nghị định 13/2020/NĐ-CP." });
    const draft = await admin.page(`/console/faq/${code}`);
    expect(draft.html).toContain("## Hỏi: thủ tục đăng ký nuôi chim yến");
    expect(draft.html).toContain("Đáp: Nuôi chim yến trong nhà phố cần đăng ký");
    const markdown = /<textarea name="markdown"[^>]*>([\s\S]*?)<\/textarea>/.exec(draft.html)![1]!.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
    expect(markdown).toContain("kind: faq");
    const saved = await admin.post(`/console/faq/${code}`, { markdown });
    expect(saved.status).toBe(303);
    expect(saved.headers.get("location")).toMatch(/\?ok=faqSaved$/);
    const reply = await app.chat("web-fb-4", "đăng ký nuôi chim yến trong nhà phố như thế nào");
    expect(reply.kind).toBe("answer");
    expect(reply.replies[0].text).toContain("Nghị định 13/2020/NĐ-CP");
  });
});
