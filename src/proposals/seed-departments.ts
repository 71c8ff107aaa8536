// Use case: bring the departments and routing rules of prisma/seed/departments.yaml into the
// database at every start: create what is missing, update what the seed wrote and nobody edited
// since, remove retired rules still as seeded, and leave whatever an administrator changed or
// deleted in the console as they left it. SeedRecord remembers, per seed entry, the row it wrote
// and a hash of what it wrote; a row that no longer hashes the same was edited, and is theirs.
// Databases seeded before SeedRecord existed are adopted once, using the entries' `was` and
// `addedLater` hints (see the seed file's header).
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { z } from "zod";
import type { Db, Prisma } from "../db/client.ts";
import { DEPARTMENT_KINDS } from "./save-department.ts";
import { joinKeywords } from "./save-routing-rule.ts";

const seedFile = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../prisma/seed/departments.yaml");

const Slug = z.string().regex(/^[a-z0-9-]+$/);
const Keywords = z.array(z.string().trim().min(1)).min(1);

const RuleSeed = z
  .object({
    key: Slug.optional(),
    topic: Slug.optional(),
    keywords: Keywords,
    priority: z.number().int().default(0),
    toCommune: z.boolean().default(false),
    was: z.array(Keywords).default([]),
    addedLater: z.boolean().default(false),
  })
  .refine((r) => r.key ?? r.topic, { error: "a rule needs a key or a topic" });

const DepartmentSeed = z.object({
  slug: Slug,
  name: z.string().min(1),
  description: z.string().default(""),
  kind: z.enum(DEPARTMENT_KINDS).default("department"),
  coordinator: z.boolean().default(false),
  dueDays: z.number().int().min(1).max(365).default(15),
  rules: z.array(RuleSeed).default([]),
});

const RetiredRule = z.object({ department: Slug, key: Slug.optional(), topic: Slug.optional(), keywords: Keywords });

export const SeedFile = z
  .object({ departments: z.array(DepartmentSeed), retired: z.array(RetiredRule).default([]) })
  .superRefine((seed, ctx) => {
    const keys = new Set<string>();
    for (const d of seed.departments) {
      for (const key of [`department:${d.slug}`, ...d.rules.map((r) => ruleKey(d.slug, r))]) {
        if (keys.has(key)) ctx.addIssue({ code: "custom", message: `${key} appears twice` });
        keys.add(key);
      }
    }
  });
export type SeedFile = z.infer<typeof SeedFile>;

export function readSeedFile(file = seedFile): SeedFile {
  const parsed = SeedFile.safeParse(parse(readFileSync(file, "utf8")));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${file}: ${issue.path.join(".") || "(root)"}: ${issue.message}`);
  }
  return parsed.data;
}

export interface SeedReport {
  created: number;
  updated: number;
  removed: number;
}

type Tx = Prisma.TransactionClient;
type RuleRow = { id: string; departmentId: string; topic: string | null; keywords: string; priority: number; toCommune: boolean };

function ruleKey(slug: string, r: { key?: string | undefined; topic?: string | undefined }): string {
  return `rule:${slug}/${r.key ?? r.topic}`;
}

const hashOf = (content: object) => createHash("sha256").update(JSON.stringify(content)).digest("hex").slice(0, 32);

// What an entry consists of, in a fixed field order so that equal contents hash equally.
const departmentContent = (d: { name: string; description: string; kind: string; isCoordinator: boolean; dueDays: number }) => ({
  name: d.name,
  description: d.description,
  kind: d.kind,
  isCoordinator: d.isCoordinator,
  dueDays: d.dueDays,
});
const ruleContent = (r: Omit<RuleRow, "id">) => ({ departmentId: r.departmentId, topic: r.topic, keywords: r.keywords, priority: r.priority, toCommune: r.toCommune });

export async function seedDepartments(db: Db, file = seedFile): Promise<SeedReport> {
  const seed = readSeedFile(file);
  try {
    return await db.prisma.$transaction((tx) => applySeed(tx, seed));
  } catch (err) {
    // Two instances starting at once: the second to commit hits a unique key; by now the other's
    // writes are visible, so one more pass finds little or nothing left to do.
    if ((err as { code?: unknown }).code !== "P2002") throw err;
    return db.prisma.$transaction((tx) => applySeed(tx, seed));
  }
}

async function applySeed(tx: Tx, seed: SeedFile): Promise<SeedReport> {
  const report: SeedReport = { created: 0, updated: 0, removed: 0 };
  const [departments, records] = await Promise.all([tx.department.findMany({ include: { routingRules: true } }), tx.seedRecord.findMany()]);
  const recordOf = new Map(records.map((r) => [r.key, r]));
  const bySlug = new Map(departments.map((d) => [d.slug, d]));
  const ruleById = new Map<string, RuleRow>(departments.flatMap((d) => d.routingRules.map((r) => [r.id, r] as const)));
  const claimed = new Set(records.map((r) => r.rowId));
  const record = async (key: string, rowId: string, hash: string) => {
    claimed.add(rowId);
    await tx.seedRecord.upsert({ where: { key }, create: { key, rowId, hash }, update: { rowId, hash } });
  };

  for (const d of seed.departments) {
    const key = `department:${d.slug}`;
    const wanted = departmentContent({ ...d, isCoordinator: d.coordinator });
    const rec = recordOf.get(key);
    let row = bySlug.get(d.slug);
    let adopted = false;
    if (!row) {
      if (rec) continue; // written once, since removed by an administrator (with its rules)
      row = { ...(await tx.department.create({ data: { slug: d.slug, ...wanted } })), routingRules: [] };
      await record(key, row.id, hashOf(wanted));
      report.created++;
    } else if (!rec) {
      // Seeded before SeedRecord: unchanged since, or the administrator's own.
      adopted = true;
      await record(key, row.id, hashOf(departmentContent(row)) === hashOf(wanted) ? hashOf(wanted) : "");
    } else if (rec.hash === hashOf(departmentContent(row)) && rec.hash !== hashOf(wanted)) {
      await tx.department.update({ where: { id: row.id }, data: wanted });
      await record(key, row.id, hashOf(wanted));
      report.updated++;
    }
    for (const r of d.rules) {
      const key = ruleKey(d.slug, r);
      const wanted = ruleContent({ departmentId: row.id, topic: r.topic ?? null, keywords: joinKeywords(r.keywords), priority: r.priority, toCommune: r.toCommune });
      const rec = recordOf.get(key);
      if (rec) {
        const current = ruleById.get(rec.rowId);
        if (current && rec.hash === hashOf(ruleContent(current)) && rec.hash !== hashOf(wanted)) {
          await tx.routingRule.update({ where: { id: current.id }, data: wanted });
          await record(key, current.id, hashOf(wanted));
          report.updated++;
        }
        continue;
      }
      if (adopted) {
        const unclaimed = row.routingRules.filter((x) => !claimed.has(x.id) && x.topic === (r.topic ?? null));
        const same = unclaimed.find((x) => hashOf(ruleContent(x)) === hashOf(wanted));
        const older = unclaimed.find((x) => x.priority === r.priority && r.was.some((w) => joinKeywords(w) === x.keywords));
        if (same) {
          await record(key, same.id, hashOf(wanted));
          continue;
        }
        if (older) {
          await tx.routingRule.update({ where: { id: older.id }, data: wanted });
          await record(key, older.id, hashOf(wanted));
          report.updated++;
          continue;
        }
        if (unclaimed[0]) {
          await record(key, unclaimed[0].id, ""); // edited by an administrator: theirs
          continue;
        }
        if (!r.addedLater) {
          await record(key, "", ""); // seeded once and deleted by an administrator: stays deleted
          continue;
        }
      }
      const created = await tx.routingRule.create({ data: wanted });
      await record(key, created.id, hashOf(wanted));
      report.created++;
    }
  }

  for (const r of seed.retired) {
    const key = ruleKey(r.department, r);
    const rec = recordOf.get(key);
    if (rec?.rowId === "") continue;
    const dept = bySlug.get(r.department);
    const current = rec
      ? ruleById.get(rec.rowId)
      : dept?.routingRules.find((x) => !claimed.has(x.id) && x.topic === (r.topic ?? null) && x.priority === 0 && x.keywords === joinKeywords(r.keywords));
    if (current && rec && rec.hash !== hashOf(ruleContent(current))) continue; // edited since: theirs
    if (current) {
      await tx.routingRule.delete({ where: { id: current.id } });
      report.removed++;
    }
    await record(key, "", ""); // gone (or never here): not looked for again
  }
  return report;
}
