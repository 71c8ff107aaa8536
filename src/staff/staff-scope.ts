// Who among staff may see and do what, enforced on the server for every console page and API call:
// administrators everything; coordinators every item (triage, reassign, close) but not settings;
// department staff only their own department's items. One place, used by the console and the API.
import type { Prisma } from "../db/client.ts";
import { AppError } from "../errors.ts";

export const STAFF_ROLES = ["admin", "coordinator", "department"] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export interface StaffActor {
  id: string;
  email: string;
  name: string;
  role: StaffRole;
  departmentId: string | null;
}

export type StaffAction =
  | "answer" // answer, note, change status of items in scope
  | "triage" // reassign to another department, merge
  | "close"
  | "manageKnowledge"
  | "manageSettings" // departments, routing rules, staff accounts, tokens of others
  | "viewAudit"
  | "export"
  | "viewDashboard"
  | "eraseUserData"
  | "handleDataRequests"; // personal data requests and where personal data goes

const ALLOWED: Record<StaffRole, ReadonlySet<StaffAction>> = {
  admin: new Set<StaffAction>(["answer", "triage", "close", "manageKnowledge", "manageSettings", "viewAudit", "export", "viewDashboard", "eraseUserData", "handleDataRequests"]),
  coordinator: new Set<StaffAction>(["answer", "triage", "close", "export", "viewDashboard"]),
  department: new Set<StaffAction>(["answer", "close"]),
};

export function can(actor: StaffActor, action: StaffAction): boolean {
  return ALLOWED[actor.role]?.has(action) ?? false;
}

export function assertCan(actor: StaffActor, action: StaffAction): void {
  if (!can(actor, action)) throw new AppError("forbidden", { message: `${actor.email} (${actor.role}) may not ${action}` });
}

/** The proposals an actor may see, as a Prisma filter to AND with any other. */
export function proposalScope(actor: StaffActor): Prisma.ProposalWhereInput {
  if (actor.role === "department") return { departmentId: actor.departmentId ?? "__none__" };
  return {};
}

/**
 * Throws not_found (not forbidden) for an item outside the actor's scope, so that codes of other
 * departments cannot be probed.
 */
export function assertInScope(actor: StaffActor, proposal: { code: string; departmentId: string }): void {
  if (actor.role === "department" && proposal.departmentId !== actor.departmentId) {
    throw new AppError("not_found", { message: `proposal ${proposal.code} not found` });
  }
}
