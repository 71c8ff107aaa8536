// Staff passwords: argon2id hashes (OWASP's minimum settings: 19 MiB, 2 passes), the one password
// rule (10–200 characters, like ADMIN_PASSWORD), and random temporary passwords for resets.
import { randomBytes } from "node:crypto";
import argon2 from "argon2";
import { z } from "zod";

export const StaffPassword = z.string().min(10, { error: "must be at least 10 characters" }).max(200, { error: "must be at most 200 characters" });

const OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, OPTIONS);
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false; // a malformed stored hash is a failed login, not a crash
  }
}

/** Spent on unknown emails so that a login takes as long whether or not the account exists. */
let dummyHash: Promise<string> | undefined;
export async function verifyAgainstDummy(password: string): Promise<void> {
  dummyHash ??= hashPassword(randomBytes(16).toString("hex"));
  await verifyPassword(await dummyHash, password);
}

/** 16 characters without look-alikes (0/O, 1/l/I), shown once to the administrator who reset it. */
export function temporaryPassword(): string {
  const alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  const bytes = randomBytes(16);
  return [...bytes].map((b) => alphabet[b % alphabet.length]).join("");
}
