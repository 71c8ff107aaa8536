// When two departments' rules match a text equally well, the coordinator triages, and the topic
// shown to the young person ("Lĩnh vực: …") is not borrowed from whichever rule came first: the
// issue's "mong tỉnh đầu tư xây dựng sân bóng" was summarised as enterprises that way.
import { describe, expect, it } from "vitest";
import { routeProposal } from "../../src/proposals/route-proposal.ts";
import { freshDatabaseEachTest } from "../support/database.ts";

describe("a tie between departments", () => {
  const fresh = freshDatabaseEachTest("sqlite");

  async function departments(rules: { slug: string; topic: string; keywords: string }[]) {
    const { prisma } = fresh.db;
    await prisma.department.create({ data: { slug: "tinh-doan", name: "Tỉnh đoàn (điều phối)", isCoordinator: true } });
    for (const r of rules) {
      await prisma.department.create({ data: { slug: r.slug, name: r.slug, routingRules: { create: [{ topic: r.topic, keywords: r.keywords }] } } });
    }
  }

  it("leaves the topic to the coordinator when the tied rules name different topics", async () => {
    // Listed first, so the old code took its topic.
    await departments([
      { slug: "so-tai-chinh", topic: "doanh-nghiep", keywords: "đầu tư" },
      { slug: "so-van-hoa", topic: "van-hoa-the-thao", keywords: "sân bóng" },
    ]);
    const r = await routeProposal({ db: fresh.db, text: "xã em chưa có sân bóng cho thanh niên, mong tỉnh đầu tư xây dựng" });
    expect(r).toMatchObject({ departmentName: "Tỉnh đoàn (điều phối)", matched: false, topic: null });
  });

  it("keeps the topic when every tied rule names the same one", async () => {
    await departments([
      { slug: "so-a", topic: "viec-lam", keywords: "việc làm" },
      { slug: "so-b", topic: "viec-lam", keywords: "tìm việc" },
    ]);
    const r = await routeProposal({ db: fresh.db, text: "em cần tìm việc, có chỗ nào giới thiệu việc làm không" });
    expect(r).toMatchObject({ departmentName: "Tỉnh đoàn (điều phối)", matched: false, topic: "viec-lam" });
  });
});
