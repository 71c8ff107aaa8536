// The data layer, run by the same suite on SQLite (repository.test.ts) and PostgreSQL
// (repository.pg.test.ts): what the use cases store and read must behave the same on both.
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ackWebInbox, readWebInbox } from "../../src/channels/web/web-inbox.ts";
import { resolveIdentity } from "../../src/conversation/resolve-identity.ts";
import { openDatabase, type Db } from "../../src/db/client.ts";
import type { DatabaseTarget } from "../../src/db/database-url.ts";
import { migrateDatabase } from "../../src/db/migrate.ts";
import { ingestDocument, removeDocument } from "../../src/knowledge/admin/ingest-document.ts";
import { readKnowledgeVersion } from "../../src/knowledge/knowledge-version.ts";
import { createProposal } from "../../src/proposals/create-proposal.ts";
import { listProposals } from "../../src/proposals/list-proposals.ts";
import { fillMissingSearchText } from "../../src/proposals/search-text.ts";
import type { StaffActor } from "../../src/staff/staff-scope.ts";
import { createTestDatabase, repoRoot, type TestDatabase } from "../support/env.ts";

export function runRepositorySuite(provider: DatabaseTarget["provider"]) {
  let testDb: TestDatabase;
  let db: Db;
  beforeAll(async () => {
    testDb = await createTestDatabase(provider);
    await migrateDatabase(testDb.target);
    db = await openDatabase(testDb.target);
  });
  afterAll(async () => {
    await db?.close();
    await testDb?.cleanup();
  });

  const message = (over: Partial<Parameters<typeof resolveIdentity>[1]> = {}) => ({
    channel: "telegram" as const, chatId: "100", userId: "42", text: "hi", messageId: "1", date: new Date(), ...over,
  });

  it("knows a user again on the same channel and follows a change of chat", async () => {
    const first = await resolveIdentity(db, message({ language: "en", displayName: "Lan" }));
    const again = await resolveIdentity(db, message({ chatId: "200" }));
    expect(again.id).toBe(first.id);
    expect(again.locale).toBe("en");
    const stored = await db.prisma.channelIdentity.findUniqueOrThrow({ where: { id: first.id } });
    expect(stored.chatId).toBe("200");
    expect(stored.displayName).toBe("Lan");
    const other = await resolveIdentity(db, message({ channel: "zalo" }));
    expect(other.userId).not.toBe(first.userId);
  });

  it("ingests a document idempotently, replaces its chunks on change and removes it", async () => {
    const file = path.join(repoRoot, "test/fixtures/knowledge/luat-thanh-nien.md");
    const bytes = readFileSync(file);
    const v0 = await readKnowledgeVersion(db.prisma);
    const created = await ingestDocument({ db, sourcePath: "knowledge/luat-thanh-nien.md", fileName: "luat-thanh-nien.md", bytes });
    expect(created.status).toBe("created");
    expect(created.chunks).toBeGreaterThanOrEqual(3);
    const again = await ingestDocument({ db, sourcePath: "knowledge/luat-thanh-nien.md", fileName: "luat-thanh-nien.md", bytes });
    expect(again.status).toBe("unchanged");
    expect(await readKnowledgeVersion(db.prisma)).toBe(v0 + 1);

    const changed = Buffer.from(bytes.toString("utf8").replace("Tháng 3 hằng năm", "Tháng Ba hằng năm"));
    const updated = await ingestDocument({ db, sourcePath: "knowledge/luat-thanh-nien.md", fileName: "luat-thanh-nien.md", bytes: changed });
    expect(updated.status).toBe("updated");
    const chunks = await db.prisma.chunk.findMany({ where: { documentId: created.documentId } });
    expect(chunks).toHaveLength(updated.chunks);
    expect(chunks.some((c) => c.text.includes("Tháng Ba hằng năm"))).toBe(true);
    expect(chunks.some((c) => c.text.includes("Tháng 3 hằng năm"))).toBe(false);

    expect(await removeDocument({ db, documentId: created.documentId })).toBe(true);
    expect(await db.prisma.chunk.count({ where: { documentId: created.documentId } })).toBe(0);
    expect(await readKnowledgeVersion(db.prisma)).toBe(v0 + 3);
  });

  it("hands a web user's pending messages over, oldest first, until that user acknowledges them", async () => {
    await db.prisma.outboxMessage.createMany({
      data: [
        { channel: "web", chatId: "web-a", payload: JSON.stringify({ text: "một" }) },
        { channel: "web", chatId: "web-a", payload: JSON.stringify({ text: "hai" }) },
        { channel: "web", chatId: "web-b", payload: JSON.stringify({ text: "khác" }) },
      ],
    });
    const mine = await readWebInbox(db, "web-a");
    expect(mine.map((m) => m.text)).toEqual(["một", "hai"]);
    expect((await readWebInbox(db, "web-a")).map((m) => m.text)).toEqual(["một", "hai"]);
    const theirs = await readWebInbox(db, "web-b");
    expect(await ackWebInbox(db, "web-a", [...mine.map((m) => m.id), ...theirs.map((m) => m.id)])).toBe(2);
    expect(await readWebInbox(db, "web-a")).toEqual([]);
    expect((await readWebInbox(db, "web-b")).map((m) => m.text)).toEqual(["khác"]);
  });

  it("refuses to record the same update twice", async () => {
    await db.prisma.processedUpdate.create({ data: { channel: "telegram", updateId: "777" } });
    await expect(db.prisma.processedUpdate.create({ data: { channel: "telegram", updateId: "777" } })).rejects.toMatchObject({
      code: "P2002",
    });
  });

  it("keeps a proposal's status history in order and its code unique", async () => {
    const dept = await db.prisma.department.create({ data: { slug: `dept-${provider}`, name: "Sở Nội vụ" } });
    const proposal = await db.prisma.proposal.create({
      data: {
        code: "KN-2026-00001", channel: "web", content: "Đề nghị mở thêm lớp học nghề", departmentId: dept.id,
        dueAt: new Date(Date.now() + 15 * 864e5),
        events: { create: [{ toStatus: "received", actor: "user" }, { fromStatus: "received", toStatus: "routed", actor: "system" }] },
      },
    });
    const events = await db.prisma.proposalEvent.findMany({ where: { proposalId: proposal.id }, orderBy: { id: "asc" } });
    expect(events.map((e) => e.toStatus)).toEqual(["received", "routed"]);
    await expect(
      db.prisma.proposal.create({ data: { code: "KN-2026-00001", channel: "web", content: "x", departmentId: dept.id, dueAt: new Date() } }),
    ).rejects.toMatchObject({ code: "P2002" });
  });

  it("finds proposals by their words whatever the case and diacritics, including ones stored before search text existed", async () => {
    const dept = await db.prisma.department.create({ data: { slug: `search-${provider}`, name: "Sở Xây dựng" } });
    const admin: StaffActor = { id: "admin", email: "admin@tinh.gov.vn", name: "Quản trị", role: "admin", departmentId: null };
    const user = await db.prisma.chatUser.create({ data: {} });
    // (a question: the test above took proposal code KN-2026-00001 without the counter)
    const road = await db.prisma.$transaction((tx) =>
      createProposal(tx, { kind: "question", userId: user.id, channel: "web", chatId: "s1", content: "ĐƯỜNG vào Trường THPT xã em bị ngập", topic: null, departmentId: dept.id }),
    );
    // As a proposal filed before migration 0004: no search text yet.
    await db.prisma.proposal.create({
      data: { code: "KN-2025-09999", channel: "web", content: "Đề nghị lắp đèn đường ở thôn Đông", departmentId: dept.id, dueAt: new Date(Date.now() + 864e5) },
    });
    // Content that folds to nothing (zero-width characters) stays without search text, and does not
    // keep the filling going round: batches of one visit each row once.
    await db.prisma.proposal.create({
      data: { code: "KN-2025-09998", channel: "web", content: "\u200b", departmentId: dept.id, dueAt: new Date(Date.now() + 864e5) },
    });
    expect(await fillMissingSearchText(db, 1)).toBeGreaterThanOrEqual(1); // (with the proposal of the test above)
    expect(await fillMissingSearchText(db, 1)).toBe(0);
    const found = async (q: string) =>
      (await listProposals({ db, actor: admin, filter: { q, departmentId: dept.id } })).items.map((i) => i.code).sort();
    for (const q of ["đường", "Đường", "duong", "DUONG"]) expect(await found(q), q).toEqual(["KN-2025-09999", road.code].sort());
    expect(await found("truong thpt")).toEqual([road.code]);
    expect(await found("Đèn đường")).toEqual(["KN-2025-09999"]);
    expect(await found(road.code.slice(-5).toLowerCase())).toEqual([road.code]);
    expect(await found("cầu")).toEqual([]);
  });
}
