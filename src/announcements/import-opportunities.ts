// Use case: a coordinator imports opportunities from a CSV file whose first row names the fields
// (kind,title,organiser,place,startsAt,endsAt,deadline,ageMin,ageMax,topics,link,contact,sourceId).
// Each line is reported: imported, duplicate (of one already there, or of an earlier line), or
// refused with the field and the reason. A bad line never stops the others: the good ones are
// saved, with one audit entry for the file and the notices to the subscribers they fit, in one
// transaction.
import { recordAudit } from "../db/audit-log.ts";
import type { Db } from "../db/client.ts";
import { AppError, isAppError } from "../errors.ts";
import { foldKey, OpportunityInput, parseOpportunityInput, type RefusalReason } from "./opportunity-input.ts";
import { OPPORTUNITY_KINDS, type OpportunityKind } from "./opportunity-status.ts";
import { actorLabel, type StaffVia } from "../staff/api-token.ts";
import { assertCan, type StaffActor } from "../staff/staff-scope.ts";
import { addOpportunity } from "./create-opportunity.ts";
import { kindsIn } from "./kind-words.ts";
import { parseCsv } from "./parse-csv.ts";
import type { NoticeTexts } from "./notice-line.ts";
import { queueOpportunityNotices } from "./notify-subscribers.ts";

/** More lines than a coordinator would check by hand; a bigger file is split. */
export const MAX_IMPORT_ROWS = 5000;

const FIELDS = Object.keys(OpportunityInput.shape) as (keyof typeof OpportunityInput.shape)[];

export type ImportLine =
  | { line: number; outcome: "imported"; title: string; id: string }
  | { line: number; outcome: "duplicate"; title: string; existingId: string | null }
  | { line: number; outcome: "refused"; title: string; field: string; reason: RefusalReason | "columns" };

export interface ImportReport {
  imported: number;
  duplicates: number;
  refused: number;
  lines: ImportLine[];
}

/** "Hội chợ việc làm" or "job_fair": the kind a cell names; the cell as it is when it names none. */
function kindOf(cell: string): string {
  const trimmed = cell.trim();
  if ((OPPORTUNITY_KINDS as readonly string[]).includes(trimmed)) return trimmed;
  const kinds = kindsIn(foldKey(trimmed));
  return kinds.length === 1 ? (kinds[0] as OpportunityKind) : trimmed;
}

export async function importOpportunities(opts: {
  db: Db;
  actor: StaffActor;
  via?: StaffVia;
  csv: string;
  /** The file's name, for the audit entry. */
  fileName?: string;
  topics: ReadonlySet<string>;
  now: Date;
  /** The texts of the notices to subscribers; without them the notices wait for the notices job. */
  notices?: NoticeTexts;
}): Promise<ImportReport> {
  assertCan(opts.actor, "triage");
  const [header, ...rows] = parseCsv(opts.csv);
  if (!header) throw new AppError("bad_request", { message: "csv: the file is empty", detail: { field: "file", reason: "empty" } });
  const columns = header.cells.map((c) => c.trim());
  const unknown = columns.filter((c) => c && !(FIELDS as string[]).includes(c));
  if (unknown.length || !["kind", "title", "organiser", "place"].every((c) => columns.includes(c))) {
    throw new AppError("bad_request", {
      message: `csv: the first row must name the fields (${FIELDS.join(",")}); unknown: ${unknown.join(",") || "none"}`,
      detail: { field: "file", reason: "header", unknown },
    });
  }
  if (rows.length > MAX_IMPORT_ROWS) throw new AppError("payload_too_large", { message: `csv: ${rows.length} rows, at most ${MAX_IMPORT_ROWS} per file`, detail: { field: "file", reason: "rows" } });

  return opts.db.prisma.$transaction(
    async (tx) => {
      const lines: ImportLine[] = [];
      for (const row of rows) {
        const record: Record<string, string> = {};
        columns.forEach((c, i) => {
          if (c) record[c] = row.cells[i] ?? "";
        });
        const title = (record.title ?? "").trim();
        // More cells than the header: a separator inside an unquoted cell shifted the fields.
        if (row.cells.length > columns.length) {
          lines.push({ line: row.line, outcome: "refused", title, field: "", reason: "columns" });
          continue;
        }
        record.kind = kindOf(record.kind ?? "");
        try {
          const fields = parseOpportunityInput(record, { topics: opts.topics, now: opts.now });
          const saved = await addOpportunity(tx, fields, "csv", opts.now);
          lines.push({ line: row.line, outcome: "imported", title, id: saved.id });
        } catch (err) {
          if (isAppError(err, "conflict")) {
            const existingId = typeof err.detail?.existingId === "string" ? err.detail.existingId : null;
            lines.push({ line: row.line, outcome: "duplicate", title, existingId });
          } else if (isAppError(err, "bad_request")) {
            lines.push({ line: row.line, outcome: "refused", title, field: String(err.detail?.field ?? ""), reason: (err.detail?.reason as RefusalReason) ?? "invalid" });
          } else throw err;
        }
      }
      const count = (o: ImportLine["outcome"]) => lines.filter((l) => l.outcome === o).length;
      const report = { imported: count("imported"), duplicates: count("duplicate"), refused: count("refused"), lines };
      await recordAudit(tx, {
        actor: actorLabel(opts.actor, opts.via),
        action: "opportunity.import",
        target: null,
        detail: { title: opts.fileName ?? "", rows: report.imported, duplicates: report.duplicates, refused: report.refused },
      });
      const added = lines.flatMap((l) => (l.outcome === "imported" ? [l.id] : []));
      await queueOpportunityNotices(tx, { opportunityIds: added, now: opts.now, texts: opts.notices });
      return report;
    },
    { timeout: 60_000 },
  );
}
