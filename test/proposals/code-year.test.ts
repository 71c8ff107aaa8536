// The year in a proposal's code is the year in Vietnam when it was sent, whatever time zone the
// server runs in: something sent at 00:30 on 1 January in Vietnam (17:30 UTC on 31 December) is the
// first of the new year, and numbering starts again at 00001.
import { describe, expect, it } from "vitest";
import { createProposal } from "../../src/proposals/create-proposal.ts";
import { seedDepartments } from "../../src/proposals/seed-departments.ts";
import { freshDatabaseEachTest } from "../support/database.ts";

describe("the year of a proposal's code", () => {
  const fresh = freshDatabaseEachTest("sqlite");

  it("turns at midnight in Vietnam, not at midnight UTC", async () => {
    await seedDepartments(fresh.db);
    const { prisma } = fresh.db;
    const department = await prisma.department.findFirstOrThrow();
    const user = await prisma.chatUser.create({ data: { identities: { create: { channel: "web", externalId: "web-1", chatId: "web-chat-1" } } } });
    const send = (now: string) =>
      prisma.$transaction((tx) =>
        createProposal(tx, { kind: "proposal", userId: user.id, channel: "web", chatId: "web-chat-1", content: "xin mở thêm lớp học nghề buổi tối", topic: null, departmentId: department.id, now: new Date(now) }),
      );
    expect((await send("2026-12-31T16:59:00Z")).code).toBe("KN-2026-00001"); // 23:59 on 31 December in Vietnam
    expect((await send("2026-12-31T17:30:00Z")).code).toBe("KN-2027-00001"); // 00:30 on 1 January in Vietnam
    expect((await send("2027-01-01T03:00:00Z")).code).toBe("KN-2027-00002");
  });
});
