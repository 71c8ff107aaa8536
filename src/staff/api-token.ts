// API tokens for other government systems (the province's document management system, say): what a
// token looks like and the hash stored in its place. Only the SHA-256 is kept, so a copy of the
// database does not hand out working tokens; the `ya_` prefix lets secret scanners and people
// recognise a leaked one.
import { createHash, randomBytes } from "node:crypto";
import type { StaffActor } from "./staff-scope.ts";

export const API_TOKEN_PREFIX = "ya_";

/** A new random token: `ya_` and 32 random bytes in base64url (46 characters in all). */
export function generateApiToken(): string {
  return API_TOKEN_PREFIX + randomBytes(32).toString("base64url");
}

export function hashApiToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** Where a staff action came from: the console (a session) or the API (one of their tokens). */
export type StaffVia = "console" | "api";

/**
 * Who did it, as written to the status history and the audit log: the staff member's email, with
 * `api:` in front for calls made with a token, so an audit reader can tell a person from a system.
 */
export function actorLabel(actor: StaffActor, via: StaffVia = "console"): string {
  return via === "api" ? apiActorLabel(actor) : actor.email;
}

export function apiActorLabel(actor: StaffActor): string {
  return `api:${actor.email}`;
}
