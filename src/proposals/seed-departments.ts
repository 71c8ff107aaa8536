// Use case: create the sample province's departments and routing rules (prisma/seed/departments.yaml)
// on first start. A department whose slug exists is left alone, so console edits survive restarts.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { z } from "zod";
import type { Db } from "../db/client.ts";

const seedFile = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../prisma/seed/departments.yaml");

const DepartmentSeed = z.object({
  departments: z.array(
    z.object({
      slug: z.string().regex(/^[a-z0-9-]+$/),
      name: z.string().min(1),
      description: z.string().default(""),
      coordinator: z.boolean().default(false),
      dueDays: z.number().int().min(1).max(365).default(15),
      rules: z.array(z.object({ topic: z.string().optional(), keywords: z.array(z.string().min(1)), priority: z.number().int().default(0) })).default([]),
    }),
  ),
});

export async function seedDepartments(db: Db, file = seedFile): Promise<number> {
  const seed = DepartmentSeed.parse(parse(readFileSync(file, "utf8")));
  let created = 0;
  for (const d of seed.departments) {
    const exists = await db.prisma.department.findUnique({ where: { slug: d.slug }, select: { id: true } });
    if (exists) continue;
    await db.prisma.department.create({
      data: {
        slug: d.slug,
        name: d.name,
        description: d.description,
        isCoordinator: d.coordinator,
        dueDays: d.dueDays,
        routingRules: {
          create: d.rules.map((r) => ({ topic: r.topic ?? null, keywords: r.keywords.join(", "), priority: r.priority })),
        },
      },
    });
    created++;
  }
  return created;
}
