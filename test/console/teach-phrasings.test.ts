// Staff teach the bot: a question it could not answer is linked to the passage that answers it;
// nothing changes until an administrator approves; then the same question is answered from that
// passage (and still after a restart), personal data typed in the question is never stored, a
// department account may not approve, and every step is audit-logged.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runApp, type RunningApp } from "../support/app.ts";
import { tempDir } from "../support/env.ts";
import { addStaff, loggedIn, type ConsoleClient } from "./console-client.ts";

// A wording that shares nothing with the passage it asks about.
const QUESTION = "ad oi nhà em có con mèo tên Mun, sđt 0912345678, em cần giấy gì để chứng minh là dân ở đây";

describe("teaching the bot a wording", () => {
  const data = tempDir("ya-teach-");
  let app: RunningApp;
  let admin: ConsoleClient;
  let coordinator: ConsoleClient;
  let staff: ConsoleClient;

  beforeAll(async () => {
    app = await runApp({ dataDir: data.path });
    await addStaff(app, "teach-admin@tinh.gov.vn", "admin");
    await addStaff(app, "teach-coord@tinh.gov.vn", "coordinator");
    await addStaff(app, "teach-staff@tinh.gov.vn", "department", "so-noi-vu");
    admin = await loggedIn(app, "teach-admin@tinh.gov.vn");
    coordinator = await loggedIn(app, "teach-coord@tinh.gov.vn");
    staff = await loggedIn(app, "teach-staff@tinh.gov.vn");
  });
  afterAll(async () => {
    await app.stop();
    data.remove();
  });

  it("answers a linked wording only after an administrator approves it", async () => {
    const before = await app.chat("teach-1", QUESTION);
    expect(before.kind).not.toBe("answer");
    // The coordinator finds the passage about temporary residence and links the question to it.
    const page = await coordinator.page(`/console/teach?origin=unanswered&q=${encodeURIComponent("đăng ký tạm trú cần giấy tờ gì")}`);
    const chunkId = /name="chunkId" value="([^"]+)"/.exec(page.html)?.[1];
    expect(chunkId).toBeTruthy();
    const passage = await app.db.prisma.chunk.findUniqueOrThrow({ where: { id: chunkId! }, include: { document: true } });
    const proposed = await coordinator.post("/console/teach", { q: QUESTION, chunkId: chunkId!, origin: "unanswered" });
    expect(proposed.headers.get("location")).toBe("/console/phrasings?ok=phrasingProposed");
    const stored = await app.db.prisma.taughtPhrasing.findFirstOrThrow();
    expect(stored).toMatchObject({ status: "pending", createdBy: "teach-coord@tinh.gov.vn", documentId: passage.documentId, citation: passage.citation });
    expect(stored.text).not.toContain("0912345678");
    // Proposing the same wording again does not add a second row.
    const again = await coordinator.post("/console/teach", { q: QUESTION, chunkId: chunkId!, origin: "unanswered" });
    expect(again.headers.get("location")).toBe("/console/phrasings?ok=phrasingExists");
    expect((await app.chat("teach-2", QUESTION)).kind).not.toBe("answer");

    // Only an administrator approves.
    const refused = await staff.post(`/console/phrasings/${stored.id}/approve`);
    expect(refused.status).toBe(403);
    const byCoordinator = await coordinator.post(`/console/phrasings/${stored.id}/approve`);
    expect(byCoordinator.status).toBe(403);
    const approved = await admin.post(`/console/phrasings/${stored.id}/approve`);
    expect(approved.headers.get("location")).toBe("/console/phrasings?ok=phrasingApproved");

    const after = await app.chat("teach-3", QUESTION);
    expect(after.kind).toBe("answer");
    expect(after.sources[0]).toMatchObject({ title: expect.any(String), citation: expect.stringContaining(passage.citation.split(" – ")[0]!.slice(0, 20)) });
    const actions = await app.db.prisma.auditLog.findMany({ where: { action: { startsWith: "knowledge.phrasing." } }, select: { action: true, actor: true } });
    expect(actions).toEqual(
      expect.arrayContaining([
        { action: "knowledge.phrasing.propose", actor: "teach-coord@tinh.gov.vn" },
        { action: "knowledge.phrasing.approve", actor: "teach-admin@tinh.gov.vn" },
      ]),
    );
  }, 60_000);

  it("keeps the taught wording after a restart", async () => {
    await app.stop({ keepData: true });
    app = await runApp({ dataDir: data.path });
    expect((await app.chat("teach-4", QUESTION)).kind).toBe("answer");
  }, 60_000);
});
