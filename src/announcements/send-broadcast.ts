// Use case: a coordinator sends an announcement or a poll to a segment of the subscribers. The
// recipients are chosen now (segment-recipients.ts, the same as the dry run) and stored; the
// broadcast pump (pump-broadcasts.ts) then moves them into the outbox a window at a time, so the
// outbox worker's per-platform pacing applies and chat replies never queue behind thousands of
// notices. The broadcast, its recipients and the audit entry are written in one transaction.
import { recordAudit } from "../db/audit-log.ts";
import type { Db, Prisma, PrismaClient } from "../db/client.ts";
import { AppError } from "../errors.ts";
import { actorLabel, type StaffVia } from "../staff/api-token.ts";
import { assertCan, type StaffActor } from "../staff/staff-scope.ts";
import { BroadcastInput } from "./broadcast-terms.ts";
import { insertBroadcast } from "./broadcast-store.ts";
import { knownArea } from "./known-places.ts";
import { segmentRecipients } from "./segment-recipients.ts";

export function parseBroadcastInput(input: unknown): BroadcastInput {
  const parsed = BroadcastInput.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = String(issue.path[0] ?? "");
    // `path` names the part of the segment (segment.area, segment.kinds) the console tells apart.
    throw new AppError("bad_request", { message: `broadcast: ${issue.path.join(".")}: ${issue.message}`, detail: { field, path: issue.path.join("."), reason: "invalid" } });
  }
  return parsed.data;
}

/**
 * The input parsed, with the segment's area checked against the places we know (known-places.ts)
 * and written under its known name: "Rach Gia" is "Phường Rạch Giá" once that ward is registered,
 * and a place we do not know is refused (bad_request, detail.path "segment.area", reason
 * "unknownPlace", suggestions) rather than sent to nobody. The dry run and the send both use it.
 */
export async function parseKnownBroadcastInput(prisma: Prisma.TransactionClient | PrismaClient, input: unknown, now: Date): Promise<BroadcastInput> {
  const parsed = parseBroadcastInput(input);
  const area = await knownArea(prisma, { area: parsed.segment.area, now, field: "segment.area", subscriberAreas: true });
  return { ...parsed, segment: { ...parsed.segment, area } };
}

/**
 * `expected` is the count the coordinator confirmed (the dry run): when the segment reaches a
 * different number by now (someone subscribed or stopped meanwhile), nothing is sent and the
 * conflict carries the new count to confirm again, so the number confirmed is the number sent.
 */
export async function sendBroadcast(opts: { db: Db; actor: StaffActor; via?: StaffVia; input: unknown; now: Date; expected?: number }): Promise<{ id: string; recipients: number }> {
  assertCan(opts.actor, "triage");
  return opts.db.prisma.$transaction(
    async (tx) => {
      const input = await parseKnownBroadcastInput(tx, opts.input, opts.now);
      const recipients = await segmentRecipients(tx, input.segment);
      if (recipients.length === 0) {
        throw new AppError("bad_request", { message: "broadcast: nobody in this segment has subscribed", detail: { field: "segment", reason: "empty" } });
      }
      if (opts.expected !== undefined && recipients.length !== opts.expected) {
        throw new AppError("conflict", {
          message: `broadcast: the segment now reaches ${recipients.length}, not the ${opts.expected} confirmed`,
          detail: { field: "segment", reason: "count", count: recipients.length },
        });
      }
      const actor = actorLabel(opts.actor, opts.via);
      const row = await insertBroadcast(
        tx,
        { kind: input.kind, text: input.text, options: input.options, segment: JSON.stringify(input.segment), createdBy: actor, now: opts.now },
        recipients.map((r) => ({ userId: r.userId, channel: r.channel })),
      );
      await recordAudit(tx, { actor, action: "broadcast.send", target: row.id, detail: { title: input.text.slice(0, 80), kind: input.kind, rows: recipients.length } });
      return { id: row.id, recipients: recipients.length };
    },
    { timeout: 60_000 },
  );
}
