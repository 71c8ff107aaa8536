// The JSON API for other government systems, told as integrators and staff would see it: tokens
// per role, scope (department staff see only their department), answers and status changes that
// reach the young person's chat, knowledge uploads that are searchable at once, and the OpenAPI
// document. Runs on SQLite and, when configured, on PostgreSQL (api.pg.test.ts).
import { afterAll, beforeAll, expect, it } from "vitest";
import type { DatabaseTarget } from "../../src/db/database-url.ts";
import { createApiToken } from "../../src/staff/create-api-token.ts";
import { json, runApp, type RunningApp } from "../support/app.ts";

const EDUCATION = "Đề nghị mở thêm lớp học nghề miễn phí cho thanh niên nông thôn ở xã em";
const JOBS = "Đề nghị tỉnh tổ chức thêm sàn giao dịch việc làm cho thanh niên mỗi quý";

const UPLOAD_MAX_BYTES = 20_000;

const FESTIVAL_DOC = `---
title: Hướng dẫn tham gia Ngày hội Ong Xanh
kind: guide
---

## Ngày hội Ong Xanh tổ chức ở đâu?
Ngày hội Ong Xanh dành cho thanh niên tình nguyện được tổ chức tại Quảng trường Hoa Sen vào ngày 26 tháng 3 hằng năm.
`;

export function runApiSuite(provider: DatabaseTarget["provider"]): void {
  let app: RunningApp;
  const tokens = { admin: "", coordinator: "", education: "", jobs: "" };
  const departments: Record<string, { id: string; slug: string; name: string }> = {};
  const codes = { education: "", jobs: "", educationNoContact: "" };

  const call = (method: string, path: string, token: string | undefined, body?: unknown) =>
    fetch(app.url + path, {
      method,
      headers: {
        ...(token !== undefined ? { authorization: `Bearer ${token}` } : {}),
        ...(body !== undefined ? { "content-type": "application/json" } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  const get = (path: string, token: string) => call("GET", path, token);
  const post = (path: string, token: string, body: unknown) => call("POST", path, token, body);
  const inbox = (user: string) => app.web(user).inbox();

  /** A proposal made the way a young person makes one: in the web chat. */
  async function propose(user: string, content: string, contact?: string): Promise<string> {
    await app.chat(user, `/kiennghi ${content}`);
    const created = await app.chat(user, "đồng ý");
    expect(created.kind).toBe("proposal_created");
    await app.chat(user, contact ?? "bỏ qua");
    await inbox(user); // start each story with an empty inbox
    return created.proposal.code as string;
  }

  async function staffToken(email: string, role: string, departmentSlug?: string): Promise<string> {
    const dept = departmentSlug ? await app.db.prisma.department.findUniqueOrThrow({ where: { slug: departmentSlug } }) : null;
    const staff = await app.db.prisma.staffUser.create({
      data: { email, name: email.split("@")[0]!, passwordHash: "not-used-by-the-api", role, departmentId: dept?.id ?? null },
    });
    return (await createApiToken({ db: app.db, staffId: staff.id, name: "test", actor: "test" })).token;
  }

  beforeAll(async () => {
    app = await runApp({ provider, env: { UPLOAD_MAX_BYTES: String(UPLOAD_MAX_BYTES) } });
    for (const d of await app.db.prisma.department.findMany({ select: { id: true, slug: true, name: true } })) departments[d.slug] = d;
    tokens.admin = await staffToken("admin@tinh.gov.vn", "admin");
    tokens.coordinator = await staffToken("dieuphoi@tinhdoan.gov.vn", "coordinator", "tinh-doan");
    tokens.education = await staffToken("canbo@sgddt.gov.vn", "department", "so-giao-duc-dao-tao");
    tokens.jobs = await staffToken("canbo@snv.gov.vn", "department", "so-noi-vu");
    codes.education = await propose("api-lan", EDUCATION, "0912 345 678");
    codes.educationNoContact = await propose("api-hoa", EDUCATION);
    codes.jobs = await propose("api-nam", JOBS);
  });
  afterAll(async () => {
    await app?.stop();
  });

  it("serves an OpenAPI 3.1 document without a token, listing every route", async () => {
    const res = await app.get("/api/v1/openapi.json");
    expect(res.status).toBe(200);
    const doc = await json(res);
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths).sort()).toEqual([
      "/api/v1/broadcasts/{id}",
      "/api/v1/documents",
      "/api/v1/documents/{id}",
      "/api/v1/openapi.json",
      "/api/v1/opportunities",
      "/api/v1/proposals",
      "/api/v1/proposals/{code}",
      "/api/v1/proposals/{code}/answer",
      "/api/v1/proposals/{code}/status",
      "/api/v1/rounds",
      "/api/v1/rounds/{slug}",
    ]);
    expect(Object.keys(doc.paths["/api/v1/documents"]).sort()).toEqual(["get", "post"]);
    expect(doc.components.schemas.StatusInput.properties.status.enum).toContain("in_progress");
    expect(doc.paths["/api/v1/proposals"].get.parameters.map((p: { name: string }) => p.name)).toEqual(["status", "kind", "department", "page", "pageSize"]);
    // Every call with a token counts against its rate limit, and says so.
    expect(doc.paths["/api/v1/documents"].post.responses["429"]).toEqual({
      description: "Over the token's rate limit; retry after `Retry-After` seconds",
      content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
    });
    expect(doc.paths["/api/v1/openapi.json"].get.responses["429"]).toBeUndefined();
    // Every $ref points at a schema that exists.
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/(\w+)"/g)].map((m) => m[1]!);
    for (const name of refs) expect(doc.components.schemas[name], name).toBeDefined();
  });

  it("refuses requests without a valid token with 401 and a Bearer challenge", async () => {
    for (const res of [
      await call("GET", "/api/v1/proposals", undefined),
      await call("GET", "/api/v1/proposals", "ya_not-a-real-token"),
      await call("GET", "/api/v1/documents", "something-else"),
      await fetch(`${app.url}/api/v1/proposals`, { headers: { authorization: `Basic ${tokens.admin}` } }),
    ]) {
      expect(res.status).toBe(401);
      expect(res.headers.get("www-authenticate")).toMatch(/^Bearer/);
      expect((await json(res)).error.code).toBe("unauthorized");
    }
  });

  it("refuses a revoked token and the token of a deactivated account", async () => {
    const revoked = await staffToken("revoked@tinh.gov.vn", "coordinator");
    expect((await get("/api/v1/proposals", revoked)).status).toBe(200);
    await app.db.prisma.apiToken.updateMany({ where: { staff: { email: "revoked@tinh.gov.vn" } }, data: { revokedAt: new Date() } });
    expect((await get("/api/v1/proposals", revoked)).status).toBe(401);

    const inactive = await staffToken("left@tinh.gov.vn", "coordinator");
    await app.db.prisma.staffUser.update({ where: { email: "left@tinh.gov.vn" }, data: { active: false } });
    const res = await get("/api/v1/proposals", inactive);
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toContain('error="invalid_token"');
  });

  it("records when a token was last used", async () => {
    await get("/api/v1/proposals", tokens.coordinator);
    const row = await app.db.prisma.apiToken.findFirstOrThrow({ where: { staff: { email: "dieuphoi@tinhdoan.gov.vn" } } });
    expect(row.lastUsedAt).toBeInstanceOf(Date);
    expect(Date.now() - row.lastUsedAt!.getTime()).toBeLessThan(60_000);
  });

  it("lists only the department's own proposals to department staff, without personal data", async () => {
    // A contact without a consent on record (withdrawn, say) is not shown either.
    await app.db.prisma.proposal.update({ where: { code: codes.educationNoContact }, data: { contact: "0987654321" } });
    const res = await get("/api/v1/proposals", tokens.education);
    expect(res.status).toBe(200);
    const page = await json(res);
    expect(page).toMatchObject({ page: 1, pageSize: 20, total: 2 });
    expect(page.items.map((p: { code: string }) => p.code).sort()).toEqual([codes.education, codes.educationNoContact].sort());
    const withContact = page.items.find((p: { code: string }) => p.code === codes.education);
    expect(withContact).toEqual({
      code: codes.education,
      kind: "proposal",
      status: "received",
      content: EDUCATION,
      topic: expect.any(String),
      department: departments["so-giao-duc-dao-tao"],
      channel: "web",
      createdAt: expect.any(String),
      dueAt: expect.any(String),
      answeredAt: null,
      answer: null,
      overdue: false,
      contact: "0912345678",
    });
    const withoutContact = page.items.find((p: { code: string }) => p.code === codes.educationNoContact);
    expect(withoutContact).not.toHaveProperty("contact");
    expect(JSON.stringify(page)).not.toMatch(/userId|chatId|api-lan|api-hoa|0987654321/);
    const viewed = await app.db.prisma.auditLog.findFirstOrThrow({ where: { action: "personal_data.view", actor: "api:canbo@sgddt.gov.vn" } });
    expect(JSON.parse(viewed.detail)).toEqual({ field: "contact", codes: [codes.education] });

    // Asking for another department's items through the filter finds nothing.
    const other = await json(await get("/api/v1/proposals?department=so-noi-vu", tokens.education));
    expect(other).toMatchObject({ total: 0, items: [] });
  });

  it("lets coordinators see every proposal, filtered by department id or slug, status and kind, page by page", async () => {
    const all = await json(await get("/api/v1/proposals?pageSize=100", tokens.coordinator));
    expect(all.items.map((p: { code: string }) => p.code)).toEqual(expect.arrayContaining(Object.values(codes)));
    const bySlug = await json(await get("/api/v1/proposals?department=so-noi-vu", tokens.coordinator));
    expect(bySlug.items.map((p: { code: string }) => p.code)).toEqual([codes.jobs]);
    const byId = await json(await get(`/api/v1/proposals?department=${departments["so-noi-vu"]!.id}&status=received&kind=proposal`, tokens.coordinator));
    expect(byId.total).toBe(1);
    const questions = await json(await get("/api/v1/proposals?kind=question", tokens.coordinator));
    expect(questions.total).toBe(0);
    const second = await json(await get("/api/v1/proposals?department=so-giao-duc-dao-tao&pageSize=1&page=2", tokens.coordinator));
    expect(second).toMatchObject({ page: 2, pageSize: 1, total: 2 });
    expect(second.items).toHaveLength(1);
  });

  it("names the bad query parameter", async () => {
    for (const [query, field] of [
      ["status=waiting", "status"],
      ["pageSize=1000", "pageSize"],
      ["page=0", "page"],
      ["department=no-such-department", "department"],
    ] as const) {
      const res = await get(`/api/v1/proposals?${query}`, tokens.coordinator);
      expect(res.status, query).toBe(400);
      expect((await json(res)).error).toMatchObject({ code: "bad_request", field });
    }
  });

  it("hides other departments' proposals from department staff: read, answer and status are 404", async () => {
    const path = `/api/v1/proposals/${codes.jobs}`;
    for (const res of [
      await get(path, tokens.education),
      await post(`${path}/answer`, tokens.education, { text: "Chúng tôi sẽ xem xét." }),
      await post(`${path}/status`, tokens.education, { status: "in_progress" }),
      await get("/api/v1/proposals/KN-2099-99999", tokens.education),
    ]) {
      expect(res.status).toBe(404);
      expect((await json(res)).error.code).toBe("not_found");
    }
    const own = await get(path, tokens.jobs);
    expect(own.status).toBe(200);
    expect((await json(own)).history).toEqual([{ from: null, to: "received", actor: "user", note: null, at: expect.any(String) }]);
    expect((await app.db.prisma.proposal.findUniqueOrThrow({ where: { code: codes.jobs } })).status).toBe("received");
  });

  it("changes a status: history, the author is told, an audit entry; bad statuses are 400 and forbidden moves 409", async () => {
    const res = await post(`/api/v1/proposals/${codes.jobs.toLowerCase()}/status`, tokens.jobs, { status: "in_progress", note: "Đã giao phòng Việc làm" });
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({ code: codes.jobs, status: "in_progress" });
    expect((await inbox("api-nam")).map((m) => m.text)).toEqual([expect.stringContaining("đang được xử lý")]);
    const item = await json(await get(`/api/v1/proposals/${codes.jobs}`, tokens.jobs));
    expect(item.status).toBe("in_progress");
    expect(item.history.at(-1)).toMatchObject({ from: "received", to: "in_progress", actor: "api:canbo@snv.gov.vn", note: "Đã giao phòng Việc làm" });
    const audit = await app.db.prisma.auditLog.findFirstOrThrow({ where: { action: "proposal.status", target: codes.jobs } });
    expect(audit.actor).toBe("api:canbo@snv.gov.vn");

    const invalid = await post(`/api/v1/proposals/${codes.jobs}/status`, tokens.jobs, { status: "done" });
    expect(invalid.status).toBe(400);
    expect((await json(invalid)).error).toMatchObject({ code: "bad_request", field: "status" });
    const answered = await post(`/api/v1/proposals/${codes.jobs}/status`, tokens.jobs, { status: "answered" });
    expect((await json(answered)).error).toMatchObject({ field: "status", message: expect.stringContaining("/answer") });

    const noReason = await post(`/api/v1/proposals/${codes.jobs}/status`, tokens.jobs, { status: "rejected" });
    expect((await json(noReason)).error).toMatchObject({ code: "bad_request", field: "note" });

    await post(`/api/v1/proposals/${codes.jobs}/status`, tokens.jobs, { status: "closed" });
    const forbiddenMove = await post(`/api/v1/proposals/${codes.jobs}/status`, tokens.jobs, { status: "routed" });
    expect(forbiddenMove.status).toBe(409);
    expect((await json(forbiddenMove)).error.code).toBe("conflict");
  });

  it("lets coordinators reassign a proposal, but not department staff", async () => {
    const refused = await post(`/api/v1/proposals/${codes.educationNoContact}/status`, tokens.education, { status: "routed", department: "so-noi-vu" });
    expect(refused.status).toBe(403);
    expect((await json(refused)).error.code).toBe("forbidden");

    const moved = await post(`/api/v1/proposals/${codes.educationNoContact}/status`, tokens.coordinator, { status: "routed", department: "so-noi-vu" });
    expect(moved.status).toBe(200);
    expect((await json(await get(`/api/v1/proposals/${codes.educationNoContact}`, tokens.jobs))).department.slug).toBe("so-noi-vu");
    expect((await get(`/api/v1/proposals/${codes.educationNoContact}`, tokens.education)).status).toBe(404);
  });

  it("answers a proposal: the answer reaches the author's web chat", async () => {
    const empty = await post(`/api/v1/proposals/${codes.education}/answer`, tokens.education, { text: "   " });
    expect(empty.status).toBe(400);
    expect((await json(empty)).error.field).toBe("text");
    const tooLong = await post(`/api/v1/proposals/${codes.education}/answer`, tokens.education, { text: "a".repeat(4001) });
    expect((await json(tooLong)).error.field).toBe("text");

    const text = "Sở sẽ mở lớp học nghề miễn phí tại xã vào tháng 3.";
    const res = await post(`/api/v1/proposals/${codes.education}/answer`, tokens.education, { text });
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({ code: codes.education, status: "answered", delivered: true });
    const [message] = await inbox("api-lan");
    expect(message!.text).toContain(text);

    const item = await json(await get(`/api/v1/proposals/${codes.education}`, tokens.coordinator));
    expect(item).toMatchObject({ status: "answered", answer: text, answeredAt: expect.any(String) });
    expect(await app.db.prisma.auditLog.count({ where: { action: "proposal.answer", target: codes.education, actor: "api:canbo@sgddt.gov.vn" } })).toBe(1);
  });

  it("lets administrators upload a document that the bot answers from at once, and delete it", async () => {
    const before = await app.chat("api-reader", "Ngày hội Ong Xanh tổ chức ở đâu?");
    expect(JSON.stringify(before.sources)).not.toContain("Ong Xanh");

    const res = await post("/api/v1/documents", tokens.admin, { fileName: "../Ngày hội Ong Xanh.md", content: FESTIVAL_DOC });
    expect(res.status).toBe(201);
    const uploaded = await json(res);
    expect(uploaded).toEqual({ id: expect.any(String), title: "Hướng dẫn tham gia Ngày hội Ong Xanh", status: "created", chunkCount: expect.any(Number), sourcePath: "upload/ngay-hoi-ong-xanh.md" });

    const answer = await app.chat("api-reader", "Ngày hội Ong Xanh tổ chức ở đâu?");
    expect(answer.kind).toBe("answer");
    expect(answer.replies[0].text).toContain("Quảng trường Hoa Sen");
    expect(answer.sources[0].title).toContain("Ong Xanh");

    const list = await json(await get("/api/v1/documents", tokens.admin));
    expect(list.items.find((d: { id: string }) => d.id === uploaded.id)).toMatchObject({
      title: "Hướng dẫn tham gia Ngày hội Ong Xanh",
      kind: "guide",
      status: "in_force",
      sourcePath: "upload/ngay-hoi-ong-xanh.md",
      updatedBy: "api:admin@tinh.gov.vn",
    });
    expect(await app.db.prisma.auditLog.count({ where: { action: "document.upload", actor: "api:admin@tinh.gov.vn" } })).toBe(1);

    const deleted = await call("DELETE", `/api/v1/documents/${uploaded.id}`, tokens.admin);
    expect(await json(deleted)).toEqual({ id: uploaded.id, deleted: true });
    expect((await call("DELETE", `/api/v1/documents/${uploaded.id}`, tokens.admin)).status).toBe(404);
    const after = await app.chat("api-reader", "Ngày hội Ong Xanh tổ chức ở đâu?");
    expect(JSON.stringify(after)).not.toContain("Quảng trường Hoa Sen");
    expect((await json(await get("/api/v1/documents", tokens.admin))).items.map((d: { id: string }) => d.id)).not.toContain(uploaded.id);
  });

  it("reports why an upload cannot be used, and refuses to delete knowledge-folder documents", async () => {
    const notPdf = await post("/api/v1/documents", tokens.admin, { fileName: "bao-cao.pdf", contentBase64: Buffer.from("just text").toString("base64") });
    expect(notPdf.status).toBe(400);
    expect((await json(notPdf)).error.message).toContain("not a PDF");
    const badType = await post("/api/v1/documents", tokens.admin, { fileName: "bang-tinh.xlsx", contentBase64: "AAAA" });
    expect((await json(badType)).error).toMatchObject({ code: "bad_request", field: "fileName" });
    const neither = await post("/api/v1/documents", tokens.admin, { fileName: "a.md" });
    expect((await json(neither)).error).toMatchObject({ code: "bad_request", field: "content" });
    const badBase64 = await post("/api/v1/documents", tokens.admin, { fileName: "a.pdf", contentBase64: "not base64!" });
    expect((await json(badBase64)).error.field).toBe("contentBase64");

    const tooBig = await post("/api/v1/documents", tokens.admin, { fileName: "lon.md", content: "# Lớn\n" + "a".repeat(UPLOAD_MAX_BYTES) });
    expect(tooBig.status).toBe(413);
    expect((await json(tooBig)).error.code).toBe("payload_too_large");
    const hugeBody = await post("/api/v1/documents", tokens.admin, { fileName: "lon.pdf", contentBase64: "A".repeat(UPLOAD_MAX_BYTES * 2 + 70_000) });
    expect(hugeBody.status).toBe(413);

    const folderDoc = await app.db.prisma.document.findFirstOrThrow({ where: { sourcePath: { startsWith: "knowledge/" } } });
    const refused = await call("DELETE", `/api/v1/documents/${folderDoc.id}`, tokens.admin);
    expect(refused.status).toBe(409);
  });

  it("keeps documents to administrators (403 for everyone else)", async () => {
    for (const token of [tokens.coordinator, tokens.education]) {
      for (const res of [
        await get("/api/v1/documents", token),
        await post("/api/v1/documents", token, { fileName: "x.md", content: FESTIVAL_DOC }),
        await call("DELETE", "/api/v1/documents/anything", token),
      ]) {
        expect(res.status).toBe(403);
        expect((await json(res)).error.code).toBe("forbidden");
      }
    }
  });
}
