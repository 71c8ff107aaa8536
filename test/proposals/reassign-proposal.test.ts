// A coordinator corrects where routing sent an item, and its topic with it: the department, the
// topic, the history, the author's notice and the audit entry are one transaction (when the audit
// row cannot be written, nothing changes); with the department kept, only the topic is corrected,
// still audited, and the author is not told of a change that is not theirs to see.
import { afterEach, describe, expect, it } from "vitest";
import { defaultTopics } from "../../src/knowledge/topics.ts";
import { Prompts } from "../../src/prompts.ts";
import { createProposal } from "../../src/proposals/create-proposal.ts";
import { reassignProposal } from "../../src/proposals/reassign-proposal.ts";
import { seedDepartments } from "../../src/proposals/seed-departments.ts";
import type { StaffActor } from "../../src/staff/staff-scope.ts";
import { freshDatabaseEachTest } from "../support/database.ts";

const prompts = Prompts.load({ botName: "Trợ lý", orgName: "Tỉnh đoàn" });
const coordinator: StaffActor = { id: "c1", email: "dieuphoi@tinhdoan.gov.vn", name: "Điều phối", role: "coordinator", departmentId: null };
const SAN_BONG = "xã em chưa có sân bóng cho thanh niên, mong tỉnh đầu tư xây dựng";

describe("reassigning a proposal and correcting its topic", () => {
  const fresh = freshDatabaseEachTest("sqlite");
  afterEach(async () => {
    await fresh.db.prisma.$executeRawUnsafe(`DROP TRIGGER IF EXISTS audit_down`);
  });

  /** The misfire: the sports ground filed with Sở Tài chính as "doanh-nghiep". */
  async function misrouted() {
    await seedDepartments(fresh.db);
    const { prisma } = fresh.db;
    const finance = await prisma.department.findUniqueOrThrow({ where: { slug: "so-tai-chinh" } });
    const user = await prisma.chatUser.create({ data: { identities: { create: { channel: "web", externalId: "web-1", chatId: "web-chat-1" } } } });
    const created = await prisma.$transaction((tx) =>
      createProposal(tx, { kind: "proposal", userId: user.id, channel: "web", chatId: "web-chat-1", content: SAN_BONG, topic: "doanh-nghiep", departmentId: finance.id }),
    );
    const construction = await prisma.department.findUniqueOrThrow({ where: { slug: "so-xay-dung" } });
    return { code: created.code, finance, construction };
  }

  const stored = (code: string) => fresh.db.prisma.proposal.findUniqueOrThrow({ where: { code }, include: { events: true } });
  const auditOf = (code: string) => fresh.db.prisma.auditLog.findMany({ where: { target: code }, orderBy: { id: "asc" } });
  const auditDown = () =>
    fresh.db.prisma.$executeRawUnsafe(`CREATE TRIGGER audit_down BEFORE INSERT ON "AuditLog" BEGIN SELECT RAISE(ABORT, 'audit log unavailable'); END`);

  it("moves the item and corrects its topic, with one audit entry naming both", async () => {
    const { code, finance, construction } = await misrouted();
    const done = await reassignProposal({ db: fresh.db, prompts, actor: coordinator, code, input: { departmentId: construction.id, topic: "nha-o", note: "Xây dựng công trình" }, topics: defaultTopics() });
    expect(done).toBe("moved");
    const after = await stored(code);
    expect(after).toMatchObject({ departmentId: construction.id, topic: "nha-o", status: "routed" });
    expect(after.events.map((e) => e.toStatus)).toEqual(["received", "routed"]);
    const [entry] = await auditOf(code);
    expect(entry!.action).toBe("proposal.reassign");
    expect(JSON.parse(entry!.detail)).toMatchObject({ fromDepartmentId: finance.id, toDepartmentId: construction.id, fromTopic: "doanh-nghiep", topic: "nha-o" });
    expect(await fresh.db.prisma.outboxMessage.count({ where: { chatId: "web-chat-1" } })).toBe(1); // the author is told of the move
  });

  it("changes nothing when the audit entry cannot be written", async () => {
    const { code, finance, construction } = await misrouted();
    await auditDown();
    await expect(reassignProposal({ db: fresh.db, prompts, actor: coordinator, code, input: { departmentId: construction.id, topic: "nha-o" } })).rejects.toThrow();
    await expect(reassignProposal({ db: fresh.db, prompts, actor: coordinator, code, input: { departmentId: finance.id, topic: "nha-o" } })).rejects.toThrow();
    const after = await stored(code);
    expect(after).toMatchObject({ departmentId: finance.id, topic: "doanh-nghiep", status: "received" });
    expect(after.events).toHaveLength(1);
    expect(await fresh.db.prisma.outboxMessage.count()).toBe(0);
  });

  it("corrects only the topic when the department stays, without telling the author", async () => {
    const { code, finance } = await misrouted();
    const done = await reassignProposal({ db: fresh.db, prompts, actor: coordinator, code, input: { departmentId: finance.id, topic: "khoi-nghiep" }, topics: defaultTopics() });
    expect(done).toBe("topicCorrected");
    const after = await stored(code);
    expect(after).toMatchObject({ departmentId: finance.id, topic: "khoi-nghiep", status: "received" });
    expect(after.events).toHaveLength(1);
    expect(await fresh.db.prisma.outboxMessage.count()).toBe(0);
    const [entry] = await auditOf(code);
    expect(entry!.action).toBe("proposal.topic");
    expect(JSON.parse(entry!.detail)).toMatchObject({ fromTopic: "doanh-nghiep", topic: "khoi-nghiep" });
  });

  it("refuses an unknown topic, a change that changes nothing, and department staff", async () => {
    const { code, finance, construction } = await misrouted();
    await expect(
      reassignProposal({ db: fresh.db, prompts, actor: coordinator, code, input: { departmentId: construction.id, topic: "khong-co" }, topics: defaultTopics() }),
    ).rejects.toMatchObject({ code: "bad_request", detail: { field: "topic" } });
    await expect(reassignProposal({ db: fresh.db, prompts, actor: coordinator, code, input: { departmentId: finance.id, topic: "doanh-nghiep" } })).rejects.toMatchObject({
      code: "conflict",
    });
    const staff: StaffActor = { id: "s1", email: "tc@tinh.gov.vn", name: "Cán bộ", role: "department", departmentId: finance.id };
    await expect(reassignProposal({ db: fresh.db, prompts, actor: staff, code, input: { departmentId: construction.id } })).rejects.toMatchObject({ code: "forbidden" });
    expect(await stored(code)).toMatchObject({ departmentId: finance.id, topic: "doanh-nghiep" });
  });
});
