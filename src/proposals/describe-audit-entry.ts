// Turns one audit row (an action code, who, a target and a JSON detail) into what an administrator
// reads: the action's name and a sentence ("Nguyễn Văn A chuyển kiến nghị KN-2026-00001 sang Sở
// Nội vụ"). Staff, department and document names are looked up by the caller (AuditNames) so
// this stays a pure function; a detail that is not the expected JSON, or an action the dictionary
// does not know, still gives a plain sentence, never raw JSON.
import { z } from "zod";
import type { Locale } from "../prompts.ts";
import { formatVietnamDate } from "../vietnam-time.ts";
import {
  actionLabel,
  AUDIT_ACTION_TEXTS,
  AUDIT_WORDS,
  DATA_REQUEST_KIND_NAMES,
  isAuditAction,
  nameOf,
  ROLE_NAMES,
  STATUS_NAMES,
  type AuditFacts,
} from "./labels.ts";
import { CODE_PATTERN } from "./proposal-status.ts";

/** Names the sentences need, looked up from the data (StaffUser, Department, Document, topics.json). */
export interface AuditNames {
  /** A staff member's name by email, if there is such an account. */
  staff(email: string): string | undefined;
  department(id: string): string | undefined;
  /** A knowledge document's title by its source path. */
  document(sourcePath: string): string | undefined;
  topic(code: string): string;
}

export interface AuditEntryRow {
  actor: string;
  action: string;
  target: string | null;
  detail: string;
}

const text = z.string().optional().catch(undefined);
const flag = z.boolean().optional().catch(undefined);
const number = z.number().optional().catch(undefined);

/** The detail fields the writers put in (src/ callers of recordAudit); any of them may be missing. */
const AuditDetail = z.looseObject({
  from: text,
  to: text,
  note: text,
  into: text,
  fromDepartmentId: text,
  toDepartmentId: text,
  departmentId: z.string().nullable().optional().catch(undefined),
  delivered: flag,
  format: text,
  rows: number,
  codes: z.array(z.string()).optional().catch(undefined),
  role: text,
  active: flag,
  staff: text,
  name: text,
  title: text,
  status: text,
  chunks: number,
  originalName: text,
  replacedBy: text,
  citation: text,
  kind: text,
  dueAt: text,
  reason: text,
  scope: text,
  waitSeconds: number,
  keywords: text,
  topic: text,
  round: text,
});
type AuditDetail = z.infer<typeof AuditDetail>;

function parseDetail(json: string): AuditDetail {
  try {
    const parsed = AuditDetail.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}

const FORMATS: Record<string, string> = { csv: "CSV", xlsx: "Excel" };

/** dd/mm/yyyy in Vietnam time, or "" for a missing or broken date. */
function day(iso: string | undefined): string {
  const at = iso ? new Date(iso) : null;
  return at && !Number.isNaN(at.getTime()) ? formatVietnamDate(at) : "";
}

/** "kiến nghị KN-2026-00001" for an item code; anything else as it is. */
function itemName(code: string, locale: Locale): string {
  const m = CODE_PATTERN.exec(code);
  return m && m[0] === code ? AUDIT_WORDS[locale].item(m[1]!.toUpperCase() === "CH" ? "question" : "proposal", code) : code;
}

/**
 * Who did it, by name: a staff member's name (with "qua API" for their tokens), "Hệ thống" for
 * scheduled jobs and start-up, the command line; an email without an account stays an email.
 */
export function actorName(actor: string, names: Pick<AuditNames, "staff">, locale: Locale = "vi"): string {
  const words = AUDIT_WORDS[locale];
  if (actor === "system" || actor.startsWith("system:")) return words.system;
  if (actor === "cli") return words.cli;
  if (actor.startsWith("api:")) {
    const email = actor.slice(4);
    return words.viaApi(names.staff(email) ?? email);
  }
  return names.staff(actor) ?? (actor.trim() || words.someone);
}

/** An account as a target: "Nguyễn Thị Lan (lan@so.gov.vn)", or the email alone. */
function accountName(email: string, names: AuditNames): string {
  const name = names.staff(email);
  return name && name !== email ? `${name} (${email})` : email;
}

/** The account (or network address) behind an entry, for the reader who needs it; "" for the system. */
export function accountOf(actor: string): string {
  return actor === "system" || actor.startsWith("system:") || actor === "cli" ? "" : actor.replace(/^api:/, "");
}

export function describeAuditEntry(entry: AuditEntryRow, names: AuditNames, locale: Locale = "vi"): { label: string; sentence: string; account: string } {
  const d = parseDetail(entry.detail);
  const target = entry.target ?? "";
  const action = entry.action;
  const dept = (id: string | null | undefined) => (id ? (names.department(id) ?? "") : "");
  const facts: AuditFacts = {
    actor: actorName(entry.actor, names, locale),
    target: itemName(target, locale),
    items: [],
    department: dept(d.departmentId),
    fromDepartment: dept(d.fromDepartmentId),
    toDepartment: dept(d.toDepartmentId),
    from: d.from ? nameOf(STATUS_NAMES, d.from, locale) : "",
    to: d.to ? nameOf(STATUS_NAMES, d.to, locale) : "",
    fromStatus: d.from ?? null,
    toStatus: d.to ?? null,
    note: d.note ?? "",
    role: d.role ? nameOf(ROLE_NAMES, d.role, locale) : "",
    active: d.active ?? null,
    delivered: d.delivered ?? null,
    title: "",
    topic: d.topic ? names.topic(d.topic) : "",
    citation: d.citation ?? "",
    requestKind: d.kind ? nameOf(DATA_REQUEST_KIND_NAMES, d.kind, locale) : "",
    due: day(d.dueAt),
    count: null,
    format: d.format ? (FORMATS[d.format] ?? d.format.toUpperCase()) : "",
    outcome: d.status ?? "",
    replacedBy: d.replacedBy ?? "",
    scope: d.scope ?? "",
    reason: d.reason ?? "",
    owner: "",
  };

  // What the target and the detail mean depends on the action (a target is an item code, a
  // document's path, an account's email, a department's or a token's id).
  if (action.startsWith("staff.")) facts.target = accountName(target, names);
  else if (action.startsWith("auth.")) {
    facts.target = target || entry.actor;
    if (action === "auth.signInDelayed") facts.count = d.waitSeconds ?? null;
  } else if (action.startsWith("department.")) facts.target = names.department(target) ?? d.name ?? "";
  else if (action.startsWith("document.") || action === "faq.save") {
    facts.target = names.document(target) ?? d.title ?? d.originalName ?? target;
    if (d.chunks !== undefined) facts.count = d.chunks;
  } else if (action.startsWith("token.")) {
    facts.target = "";
    facts.title = d.name ?? "";
    facts.owner = d.staff ? (names.staff(d.staff) ?? d.staff) : "";
  } else if (action.startsWith("routingRule.")) {
    facts.target = "";
    facts.title = d.keywords ?? "";
  } else if (action === "round.open" || action === "round.edit" || action === "round.conclude") {
    facts.target = d.title ?? target; // the target is the round's slug; its title is what people know
  } else if (action.startsWith("round.")) {
    facts.title = d.round ?? ""; // the target is an item code; the round by its title
  } else if (action.startsWith("opportunity.")) {
    facts.target = ""; // an id nobody reads; the opportunity (or the imported file) by its title
    facts.title = d.title ?? "";
    if (action === "opportunity.import") facts.count = d.rows ?? null;
  } else if (action.startsWith("broadcast.")) {
    facts.target = ""; // an id nobody reads; the broadcast by the start of its text
    facts.title = d.title ?? "";
    if (action === "broadcast.send") facts.count = d.rows ?? null;
  } else if (action.startsWith("dataRequest.") || action.startsWith("knowledge.phrasing.")) {
    facts.target = ""; // an id nobody reads; the detail says what it was
  }
  if (action === "proposal.merge" && d.into) facts.items = [itemName(d.into, locale)];
  if (action === "faq.save" && d.from && CODE_PATTERN.test(d.from)) facts.items = [itemName(d.from, locale)];
  if (action === "proposal.export") facts.count = d.rows ?? null;
  if (action === "personal_data.view" && d.codes) facts.items = d.codes;

  const account = accountOf(entry.actor);
  if (!isAuditAction(action)) return { label: actionLabel(action, locale), sentence: AUDIT_WORDS[locale].unknown(facts), account };
  const words = AUDIT_ACTION_TEXTS[locale][action];
  return { label: words.label, sentence: words.sentence(facts), account };
}
