// Seeding departments and routing rules at every start: a fresh database gets the whole seed, a
// second start changes nothing, a newer seed updates only what nobody edited, and what an
// administrator edited or deleted in the console stays as they left it, including in databases
// seeded before the seed's records existed.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { defaultTopics } from "../../src/knowledge/topics.ts";
import { joinKeywords, saveRoutingRule, deleteRoutingRule } from "../../src/proposals/save-routing-rule.ts";
import { readSeedFile, seedDepartments, type SeedFile } from "../../src/proposals/seed-departments.ts";
import type { StaffActor } from "../../src/staff/staff-scope.ts";
import { freshDatabaseEachTest } from "../support/database.ts";
import { tempDir } from "../support/env.ts";

const admin: StaffActor = { id: "admin", email: "qt@tinh.gov.vn", name: "Quản trị", role: "admin", departmentId: null };

describe("seeding departments and routing rules", () => {
  const fresh = freshDatabaseEachTest("sqlite");
  const dir = tempDir();
  afterAll(() => dir.remove());

  /** A copy of the shipped seed, changed by `edit`, written where seedDepartments can read it. */
  function seedVersion(name: string, edit: (seed: SeedFile) => void): string {
    const seed = structuredClone(readSeedFile());
    edit(seed);
    const file = path.join(dir.path, `${name}.yaml`);
    writeFileSync(file, stringify(seed));
    return file;
  }

  const rulesOf = async (slug: string) =>
    (await fresh.db.prisma.department.findUniqueOrThrow({ where: { slug }, include: { routingRules: { orderBy: { createdAt: "asc" } } } })).routingRules;

  it("names only topics the topic file knows", () => {
    const topics = defaultTopics();
    for (const d of readSeedFile().departments) for (const r of d.rules) if (r.topic) expect(topics.has(r.topic), `${d.slug}: ${r.topic}`).toBe(true);
  });

  it("creates everything once; a second start changes nothing", async () => {
    const seed = readSeedFile();
    const first = await seedDepartments(fresh.db);
    expect(first.created).toBe(seed.departments.length + seed.departments.reduce((n, d) => n + d.rules.length, 0));
    const slugs = (await fresh.db.prisma.department.findMany()).map((d) => d.slug);
    expect(slugs).toEqual(expect.arrayContaining(["so-noi-vu", "so-giao-duc-dao-tao", "so-xay-dung", "so-khoa-hoc-cong-nghe", "so-y-te", "cong-an-tinh", "tinh-doan"]));
    const before = await fresh.db.prisma.routingRule.count();
    expect(await seedDepartments(fresh.db)).toEqual({ created: 0, updated: 0, removed: 0 });
    expect(await fresh.db.prisma.routingRule.count()).toBe(before);
  });

  it("updates what nobody edited, and keeps what an administrator edited or deleted", async () => {
    await seedDepartments(fresh.db);
    const noiVu = await rulesOf("so-noi-vu");
    const [jobs, labour, civilService] = ["viec-lam", "lao-dong", "cong-chuc"].map((topic) => noiVu.find((r) => r.topic === topic));
    await saveRoutingRule({ db: fresh.db, actor: admin, id: labour!.id, input: { departmentId: labour!.departmentId, topic: "lao-dong", keywords: "nợ lương, sa thải" } });
    await deleteRoutingRule({ db: fresh.db, actor: admin, id: civilService!.id });
    const health = await fresh.db.prisma.department.findUniqueOrThrow({ where: { slug: "so-y-te" } });
    await fresh.db.prisma.department.update({ where: { id: health.id }, data: { dueDays: 7 } });

    const next = seedVersion("next", (seed) => {
      const noiVu = seed.departments.find((d) => d.slug === "so-noi-vu")!;
      for (const r of noiVu.rules) r.keywords = [...r.keywords, "từ khóa mới"];
      seed.departments.find((d) => d.slug === "so-y-te")!.dueDays = 20;
      seed.departments.find((d) => d.slug === "so-tu-phap")!.dueDays = 20;
    });
    const report = await seedDepartments(fresh.db, next);
    expect(report).toMatchObject({ created: 0, removed: 0 });

    const after = await rulesOf("so-noi-vu");
    expect(after.find((r) => r.id === jobs!.id)!.keywords).toContain("từ khóa mới"); // untouched: updated
    expect(after.find((r) => r.id === labour!.id)!.keywords).toBe("nợ lương, sa thải"); // edited: kept
    expect(after.some((r) => r.id === civilService!.id || r.topic === "cong-chuc")).toBe(false); // deleted: stays deleted
    expect((await fresh.db.prisma.department.findUniqueOrThrow({ where: { slug: "so-y-te" } })).dueDays).toBe(7);
    expect((await fresh.db.prisma.department.findUniqueOrThrow({ where: { slug: "so-tu-phap" } })).dueDays).toBe(20);
    expect(await seedDepartments(fresh.db, next)).toEqual({ created: 0, updated: 0, removed: 0 });
  });

  it("brings a database seeded before the seed records up to date without undoing an administrator's work", async () => {
    // What the previous version of the seed wrote (no SeedRecord rows): the rules as they were
    // (`was`), no rule added since, the retired ones, and none of the departments new since.
    const seed = readSeedFile();
    const added = new Set(["so-xay-dung", "cong-an-tinh"]);
    for (const d of seed.departments.filter((d) => !added.has(d.slug))) {
      await fresh.db.prisma.department.create({
        data: {
          slug: d.slug,
          name: d.name,
          description: d.description,
          isCoordinator: d.coordinator,
          dueDays: d.dueDays,
          routingRules: {
            create: [
              ...d.rules.filter((r) => !r.addedLater).map((r) => ({ topic: r.topic ?? null, keywords: joinKeywords(r.was[0] ?? r.keywords), priority: r.priority })),
              ...seed.retired.filter((x) => x.department === d.slug).map((x) => ({ topic: x.topic ?? null, keywords: joinKeywords(x.keywords) })),
            ],
          },
        },
      });
    }
    // The administrator's work on that database: one rule edited, one deleted.
    const health = (await rulesOf("so-y-te")).find((r) => r.topic === "y-te");
    await fresh.db.prisma.routingRule.update({ where: { id: health!.id }, data: { keywords: "bệnh viện, khám bệnh" } });
    const legal = (await rulesOf("so-tu-phap")).find((r) => r.topic === "phap-luat")!;
    await fresh.db.prisma.routingRule.delete({ where: { id: legal.id } });

    const report = await seedDepartments(fresh.db);
    expect(report.removed).toBe(seed.retired.length);

    expect((await rulesOf("so-giao-duc-dao-tao")).find((r) => r.topic === "giao-duc")!.keywords).toContain("trường thpt"); // `was`: updated
    expect((await rulesOf("so-tai-chinh")).map((r) => r.topic)).toEqual(["doanh-nghiep"]); // retired startups rule gone
    expect((await rulesOf("so-tai-chinh"))[0]!.keywords).not.toMatch(/(^|, )đầu tư(,|$)/);
    expect((await rulesOf("so-khoa-hoc-cong-nghe")).map((r) => r.topic)).toContain("khoi-nghiep"); // added later: created
    expect((await rulesOf("tinh-doan")).find((r) => r.toCommune)?.topic).toBe("ha-tang-dia-phuong");
    expect((await rulesOf("so-xay-dung")).length).toBeGreaterThan(0); // a new department with its rules
    expect((await rulesOf("so-y-te")).find((r) => r.id === health!.id)!.keywords).toBe("bệnh viện, khám bệnh"); // edited: kept
    expect((await rulesOf("so-tu-phap")).some((r) => r.topic === "phap-luat")).toBe(false); // deleted: stays deleted
    expect(await seedDepartments(fresh.db)).toEqual({ created: 0, updated: 0, removed: 0 });
  });
});
