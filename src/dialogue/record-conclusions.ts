// Use case: after the meeting, the coordinator records its conclusions; the round becomes
// "concluded" and the public page shows them. Recording them again corrects the text.
import { z } from "zod";
import { recordAudit } from "../db/audit-log.ts";
import type { Db } from "../db/client.ts";
import { AppError } from "../errors.ts";
import { actorLabel, type StaffVia } from "../staff/api-token.ts";
import { assertCan, type StaffActor } from "../staff/staff-scope.ts";
import { setRoundConclusions } from "./round-store.ts";

export const ConclusionsInput = z.object({
  conclusions: z.string().trim().min(10, { error: "conclusions: at least 10 characters" }).max(20_000, { error: "conclusions: at most 20000 characters" }),
});

export async function recordConclusions(opts: { db: Db; actor: StaffActor; via?: StaffVia; slug: string; input: unknown; now: Date }): Promise<void> {
  assertCan(opts.actor, "triage");
  const parsed = ConclusionsInput.safeParse(opts.input);
  if (!parsed.success) throw new AppError("bad_request", { message: parsed.error.issues[0]!.message, detail: { field: "conclusions" } });
  await opts.db.prisma.$transaction(async (tx) => {
    const round = await tx.dialogueRound.findUnique({ where: { slug: opts.slug } });
    if (!round) throw new AppError("not_found", { message: `round ${opts.slug} not found` });
    if (opts.now < round.meetingAt) throw new AppError("conflict", { message: "conclusions: the meeting has not taken place yet" });
    await setRoundConclusions(tx, round.id, parsed.data.conclusions, opts.now);
    await recordAudit(tx, { actor: actorLabel(opts.actor, opts.via), action: "round.conclude", target: round.slug, detail: { title: round.title } });
  });
}
