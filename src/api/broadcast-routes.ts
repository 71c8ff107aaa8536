// GET /api/v1/broadcasts/{id}: one broadcast or poll, read-only, for coordinators' and
// administrators' tokens (the console's "triage" permission): its status, its segment, the count of
// recipients per status and, for a poll, the answers per option. Nobody is named: no recipient, no
// voter, only counts. The same reads as the console's page (announcements/broadcast-recipients.ts,
// broadcast-report.ts).
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { findBroadcast, recipientCounts } from "../announcements/broadcast-recipients.ts";
import { pollResults } from "../announcements/broadcast-report.ts";
import { AppError } from "../errors.ts";
import { assertCan } from "../staff/staff-scope.ts";
import { callerOf } from "./bearer-auth.ts";
import type { ApiDeps } from "./deps.ts";

/** A broadcast's id as the console's address shows it. */
export const BroadcastId = z.string().regex(/^[a-z0-9]{8,40}$/i, { error: "a broadcast's id: 8 to 40 letters and digits" });

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function registerBroadcastRoutes(api: FastifyInstance, deps: ApiDeps): void {
  api.get<{ Params: { id: string } }>("/broadcasts/:id", async (request) => {
    assertCan(callerOf(request), "triage");
    const id = BroadcastId.safeParse(request.params.id);
    if (!id.success) throw new AppError("bad_request", { message: id.error.issues[0]!.message, detail: { field: "id" } });
    const b = await findBroadcast(deps.db, id.data);
    if (!b) throw new AppError("not_found", { message: `broadcast ${id.data} not found` });
    const [counts, results] = await Promise.all([recipientCounts(deps.db, b.id), b.kind === "poll" ? pollResults(deps.db, b.id) : null]);
    const now = deps.clock.now();
    return {
      id: b.id,
      kind: b.kind,
      status: b.status,
      text: b.text,
      segment: b.segment,
      createdAt: b.createdAt.toISOString(),
      finishedAt: iso(b.finishedAt),
      counts,
      poll: results
        ? { options: results.options, answered: results.answered, asked: results.asked, closed: !!b.closedAt && b.closedAt <= now, closedAt: iso(b.closedAt) }
        : null,
    };
  });
}
