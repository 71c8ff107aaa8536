// Use case: a coordinator (or an administrator) opens a dialogue round or a department's policy
// forum from the console: the plan is validated (round-input.ts) and refused when it would collect
// or vote while another round of its kind does (find-rounds.ts), the public address is made from
// the title unless one is given, and the round and its audit entry are written in one transaction.
import { recordAudit } from "../db/audit-log.ts";
import type { Db } from "../db/client.ts";
import { AppError } from "../errors.ts";
import { actorLabel, type StaffVia } from "../staff/api-token.ts";
import { assertCan, type StaffActor } from "../staff/staff-scope.ts";
import { assertNoOverlap } from "./find-rounds.ts";
import { parseRoundInput } from "./round-input.ts";
import { insertRound } from "./round-store.ts";

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** "Đối thoại … thanh niên 2027" → "doi-thoai-thanh-nien-2027": lower case, no diacritics, hyphens. */
export function slugOf(title: string): string {
  return title
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[đĐ]/g, "d")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 80)
    .replace(/-+$/, "");
}

export async function openRound(opts: {
  db: Db;
  actor: StaffActor;
  via?: StaffVia;
  input: unknown;
  /** The public address to use; made from the title when absent. */
  slug?: string | undefined;
  now: Date;
}): Promise<{ id: string; slug: string }> {
  assertCan(opts.actor, "triage");
  const fields = parseRoundInput(opts.input);
  const slug = opts.slug?.trim() || slugOf(fields.title);
  if (!SLUG.test(slug)) throw new AppError("bad_request", { message: "slug: lower-case letters and digits joined by hyphens", detail: { field: "slug" } });
  return opts.db.prisma.$transaction(async (tx) => {
    if (await tx.dialogueRound.findUnique({ where: { slug }, select: { id: true } })) {
      throw new AppError("bad_request", { message: `slug: another round already has the address /doi-thoai/${slug}; change the title or the address`, detail: { field: "slug", reason: "taken" } });
    }
    if (fields.kind === "forum" && !(await tx.department.findUnique({ where: { id: fields.departmentId! }, select: { id: true } }))) {
      throw new AppError("bad_request", { message: "departmentId: no such department", detail: { field: "departmentId" } });
    }
    await assertNoOverlap(tx, fields);
    const round = await insertRound(tx, slug, fields, opts.now);
    await recordAudit(tx, { actor: actorLabel(opts.actor, opts.via), action: "round.open", target: slug, detail: { title: fields.title, kind: fields.kind } });
    return { id: round.id, slug };
  });
}
